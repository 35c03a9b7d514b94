namespace Huayang.Gis.Core.Crs;

/// <summary>
/// Conversions between WGS84 and the shifted coordinates of Chinese web maps: GCJ-02
/// (AMap/Gaode, Tencent) and BD-09 (Baidu). All arguments and results are longitude, latitude
/// in degrees, in that order.
/// </summary>
/// <remarks>
/// <para>
/// GCJ-02 is WGS84 plus an offset of a few hundred metres given by the published obfuscation
/// formula (Krasovsky 1940 ellipsoid constants). It applies only inside a rectangle around
/// China: longitude 72.004–137.8347 E, latitude 0.8293–55.8271 N, bounds inclusive, the test
/// wandergis/coordtransform and eviltransform use. Outside it GCJ-02 equals WGS84. It is coarse:
/// it also covers neighbours such as Seoul, Hanoi and Bangkok, which are shifted like China.
/// </para>
/// <para>
/// BD-09 is GCJ-02 rotated and scaled about (0°, 0°) by small periodic terms (tens of metres),
/// then offset by (0.0065°, 0.006°). That step is applied everywhere, inside the rectangle or
/// not, as wandergis/coordtransform does.
/// </para>
/// <para>
/// The inverses (<see cref="Gcj02ToWgs84"/>, <see cref="Bd09ToGcj02"/>) are exact: they iterate
/// the forward formula until it reproduces the input to better than 1e-12 degrees (about
/// 0.1 µm), not the one-step approximations most libraries publish (errors of metres).
/// Within a few hundred metres of the rectangle's edge the forward shift jumps, so a GCJ-02
/// position there may have no WGS84 preimage; the inverse then returns its last iterate.
/// All members are pure functions, safe to call from any thread.
/// </para>
/// </remarks>
public static class ChineseWebCoordinates
{
    // Semi-major axis and first eccentricity squared of the Krasovsky 1940 ellipsoid.
    private const double SemiMajor = 6378245.0;
    private const double EccentricitySquared = 0.00669342162296594323;

    // Angular frequency of BD-09's small periodic terms, per degree.
    private const double BdFactor = Math.PI * 3000.0 / 180.0;
    private const double BdLonOffset = 0.0065;
    private const double BdLatOffset = 0.006;

    // Stop iterating once the forward formula reproduces the input this closely (degrees).
    private const double InverseTolerance = 1e-12;
    private const int MaxIterations = 50;

    /// <summary>WGS84 to GCJ-02. The identity outside the China rectangle.</summary>
    public static (double Lon, double Lat) Wgs84ToGcj02(double lon, double lat)
    {
        if (IsOutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        var (dLon, dLat) = Gcj02Offset(lon, lat);
        return (lon + dLon, lat + dLat);
    }

    /// <summary>
    /// GCJ-02 to WGS84, the exact inverse of <see cref="Wgs84ToGcj02"/> (fixed-point iteration,
    /// 3 to 6 steps across China). The identity outside the China rectangle.
    /// </summary>
    public static (double Lon, double Lat) Gcj02ToWgs84(double lon, double lat)
    {
        if (IsOutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        return Invert(lon, lat, Wgs84ToGcj02);
    }

    /// <summary>GCJ-02 to BD-09.</summary>
    public static (double Lon, double Lat) Gcj02ToBd09(double lon, double lat)
    {
        var r = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * BdFactor);
        var theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * BdFactor);
        return (r * Math.Cos(theta) + BdLonOffset, r * Math.Sin(theta) + BdLatOffset);
    }

    /// <summary>BD-09 to GCJ-02, the exact inverse of <see cref="Gcj02ToBd09"/> (fixed-point iteration).</summary>
    public static (double Lon, double Lat) Bd09ToGcj02(double lon, double lat) => Invert(lon, lat, Gcj02ToBd09);

    /// <summary>WGS84 to BD-09, through GCJ-02.</summary>
    public static (double Lon, double Lat) Wgs84ToBd09(double lon, double lat)
    {
        var (gLon, gLat) = Wgs84ToGcj02(lon, lat);
        return Gcj02ToBd09(gLon, gLat);
    }

    /// <summary>BD-09 to WGS84, through GCJ-02, using the exact inverses.</summary>
    public static (double Lon, double Lat) Bd09ToWgs84(double lon, double lat)
    {
        var (gLon, gLat) = Bd09ToGcj02(lon, lat);
        return Gcj02ToWgs84(gLon, gLat);
    }

    internal static bool IsOutsideChina(double lon, double lat) =>
        lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;

    /// <summary>The GCJ-02 offset (degrees) to add to a WGS84 position.</summary>
    private static (double DLon, double DLat) Gcj02Offset(double lon, double lat)
    {
        // The formula works in a frame centred on 105E, 35N, in pseudo-metres.
        var x = lon - 105.0;
        var y = lat - 35.0;
        var xPi = x * Math.PI;
        var yPi = y * Math.PI;
        var sqrtAbsX = Math.Sqrt(Math.Abs(x));
        var ripple = 20.0 * Math.Sin(6.0 * xPi) + 20.0 * Math.Sin(2.0 * xPi);

        var northing = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrtAbsX
            + (ripple
               + 20.0 * Math.Sin(yPi) + 40.0 * Math.Sin(yPi / 3.0)
               + 160.0 * Math.Sin(yPi / 12.0) + 320.0 * Math.Sin(yPi / 30.0)) * 2.0 / 3.0;
        var easting = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrtAbsX
            + (ripple
               + 20.0 * Math.Sin(xPi) + 40.0 * Math.Sin(xPi / 3.0)
               + 150.0 * Math.Sin(xPi / 12.0) + 300.0 * Math.Sin(xPi / 30.0)) * 2.0 / 3.0;

        // Pseudo-metres to degrees with the meridian and prime-vertical radii of curvature.
        var latRad = lat * Math.PI / 180.0;
        var sinLat = Math.Sin(latRad);
        var w = 1.0 - EccentricitySquared * sinLat * sinLat;
        var sqrtW = Math.Sqrt(w);
        var meridianRadius = SemiMajor * (1.0 - EccentricitySquared) / (w * sqrtW);
        var primeVerticalRadius = SemiMajor / sqrtW;
        return (easting * 180.0 / (primeVerticalRadius * Math.Cos(latRad) * Math.PI),
                northing * 180.0 / (meridianRadius * Math.PI));
    }

    /// <summary>
    /// Solves forward(p) = target by fixed-point iteration p ← p − (forward(p) − target). Both
    /// shifts are the identity plus a slowly varying term (a Jacobian within about 0.02 of the
    /// identity across China), so each step shrinks the error at least fifty-fold.
    /// </summary>
    private static (double Lon, double Lat) Invert(
        double lon, double lat, Func<double, double, (double Lon, double Lat)> forward)
    {
        var (pLon, pLat) = (lon, lat);
        for (var i = 0; i < MaxIterations; i++)
        {
            var (fLon, fLat) = forward(pLon, pLat);
            var dLon = fLon - lon;
            var dLat = fLat - lat;
            pLon -= dLon;
            pLat -= dLat;
            if (Math.Abs(dLon) < InverseTolerance && Math.Abs(dLat) < InverseTolerance)
            {
                break;
            }
        }

        return (pLon, pLat);
    }
}
