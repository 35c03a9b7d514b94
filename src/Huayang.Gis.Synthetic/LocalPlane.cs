using NetTopologySuite.Geometries;

namespace Huayang.Gis.Synthetic;

/// <summary>
/// The local metric plane the dataset is authored in: x metres east and y metres north of
/// 104.05°E 30.50°N, an affine (equirectangular) mapping scaled by the WGS84 radii of curvature
/// at 30.50°N. Straight lines stay straight in both directions, so noding done in one space
/// holds in the other. Within the street (±5 km) the scale error is below 0.1 %.
/// </summary>
internal static class LocalPlane
{
    public const double OriginLon = 104.05;
    public const double OriginLat = 30.50;

    private const double SemiMajorAxis = 6378137.0;
    private const double EccentricitySquared = 0.00669437999014;

    private static readonly double SinLat = Math.Sin(OriginLat * Math.PI / 180.0);
    private static readonly double Denominator = 1.0 - EccentricitySquared * SinLat * SinLat;

    /// <summary>Metres per degree of longitude at the origin latitude.</summary>
    public static readonly double MetresPerDegreeLon =
        Math.PI / 180.0 * SemiMajorAxis / Math.Sqrt(Denominator) * Math.Cos(OriginLat * Math.PI / 180.0);

    /// <summary>Metres per degree of latitude at the origin latitude.</summary>
    public static readonly double MetresPerDegreeLat =
        Math.PI / 180.0 * SemiMajorAxis * (1.0 - EccentricitySquared) / Math.Pow(Denominator, 1.5);

    /// <summary>A copy of <paramref name="metric"/> in lon/lat degrees (x = longitude), not rounded.</summary>
    public static Geometry ToLonLat(Geometry metric, GeometryFactory wgs84)
    {
        var copy = wgs84.CreateGeometry(metric);
        copy.Apply(new AffineFilter(1.0 / MetresPerDegreeLon, 1.0 / MetresPerDegreeLat, OriginLon, OriginLat, 0, 0));
        return copy;
    }

    /// <summary>A copy of <paramref name="lonLat"/> (x = longitude) in local metres.</summary>
    public static Geometry ToMetric(Geometry lonLat, GeometryFactory metric)
    {
        var copy = metric.CreateGeometry(lonLat);
        copy.Apply(new AffineFilter(MetresPerDegreeLon, MetresPerDegreeLat, 0, 0, OriginLon, OriginLat));
        return copy;
    }

    /// <summary>Lon/lat (x = longitude) of a local coordinate in metres, not rounded.</summary>
    public static Coordinate ToLonLat(Coordinate metric) =>
        new(OriginLon + metric.X / MetresPerDegreeLon, OriginLat + metric.Y / MetresPerDegreeLat);

    /// <summary>x' = (x - fromX) * scaleX + toX, likewise for y.</summary>
    private sealed class AffineFilter(double scaleX, double scaleY, double toX, double toY, double fromX, double fromY)
        : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, (seq.GetX(i) - fromX) * scaleX + toX);
                seq.SetY(i, (seq.GetY(i) - fromY) * scaleY + toY);
            }
        }
    }
}
