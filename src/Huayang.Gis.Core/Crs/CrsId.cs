using System.Globalization;

namespace Huayang.Gis.Core.Crs;

/// <summary>
/// A coordinate reference system this service can transform between; see <see cref="Supported"/>.
/// </summary>
/// <remarks>
/// <para>
/// Axis order: everywhere in this namespace x is longitude or easting and y is latitude or
/// northing ("traditional GIS order"), whatever the official EPSG axis order. EPSG:4326 and
/// EPSG:4490 are officially latitude, longitude and EPSG:4544 is officially northing, easting;
/// here they are still (longitude, latitude) and (easting, northing).
/// </para>
/// <para>
/// GCJ-02 and BD-09 are the obfuscated coordinates of Chinese web maps (AMap, Tencent; Baidu).
/// They have no EPSG code, so their <see cref="Srid"/> is 0 and their <see cref="Uri"/> is a
/// private URN (<c>urn:x-huayang:def:crs:GCJ-02</c>, <c>urn:x-huayang:def:crs:BD-09</c>)
/// rather than an OGC URI.
/// </para>
/// <para>
/// Instances come only from the static members and <see cref="Parse"/>; <c>default(CrsId)</c>
/// is not a CRS and the transformers reject it.
/// </para>
/// </remarks>
public readonly record struct CrsId
{
    private const string EpsgUriPrefix = "http://www.opengis.net/def/crs/EPSG/0/";
    private const string EpsgUrnPrefix = "urn:ogc:def:crs:EPSG::";
    private const string PrivateUrnPrefix = "urn:x-huayang:def:crs:";

    private CrsId(int srid, string code, string uri, bool isGeographic)
    {
        Srid = srid;
        Code = code;
        Uri = uri;
        IsGeographic = isGeographic;
    }

    /// <summary>The SRID a geometry in this CRS carries: the EPSG code, 4326 for CRS84, 0 for GCJ-02 and BD-09.</summary>
    public int Srid { get; }

    /// <summary>The short code, such as <c>EPSG:4544</c>, <c>CRS84</c>, <c>GCJ-02</c> or <c>BD-09</c>.</summary>
    public string Code { get; }

    /// <summary>The OGC URI (for example <c>http://www.opengis.net/def/crs/EPSG/0/4544</c>); a private URN for GCJ-02 and BD-09.</summary>
    public string Uri { get; }

    /// <summary>True when coordinates are longitude and latitude in degrees; false when they are easting and northing in metres.</summary>
    public bool IsGeographic { get; }

    /// <summary>WGS84 longitude, latitude in degrees (OGC CRS84). SRID 4326.</summary>
    public static CrsId Crs84 { get; } = new(4326, "CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", true);

    /// <summary>WGS84 (EPSG:4326), degrees. Used here in longitude, latitude order.</summary>
    public static CrsId Wgs84 { get; } = Epsg(4326, true);

    /// <summary>
    /// CGCS2000 geographic (EPSG:4490), degrees, longitude, latitude. Treated as identical to
    /// WGS84: the two datums differ by centimetres, below the accuracy of the data this service holds.
    /// </summary>
    public static CrsId Cgcs2000 { get; } = Epsg(4490, true);

    /// <summary>
    /// CGCS2000 / 3-degree Gauss-Kruger CM 105E (EPSG:4544), metres, easting, northing (no zone
    /// prefix on the easting). The metric CRS for Huayang, which lies in this zone.
    /// </summary>
    public static CrsId GaussKrugerCm105 { get; } = Epsg(4544, false);

    /// <summary>WGS84 / UTM zone 48N (EPSG:32648), metres, easting, northing.</summary>
    public static CrsId Utm48N { get; } = Epsg(32648, false);

    /// <summary>WGS84 / Pseudo-Mercator (EPSG:3857, spherical "web Mercator"), metres, easting, northing.</summary>
    public static CrsId WebMercator { get; } = Epsg(3857, false);

    /// <summary>GCJ-02 (AMap/Gaode, Tencent): WGS84 shifted by the national obfuscation formula. Degrees, longitude, latitude. SRID 0.</summary>
    public static CrsId Gcj02 { get; } = new(0, "GCJ-02", PrivateUrnPrefix + "GCJ-02", true);

    /// <summary>BD-09 (Baidu): GCJ-02 shifted again. Degrees, longitude, latitude. SRID 0.</summary>
    public static CrsId Bd09 { get; } = new(0, "BD-09", PrivateUrnPrefix + "BD-09", true);

    /// <summary>Every CRS the transformers accept.</summary>
    public static IReadOnlyList<CrsId> Supported { get; } =
        [Crs84, Wgs84, Cgcs2000, GaussKrugerCm105, Utm48N, WebMercator, Gcj02, Bd09];

    /// <summary>
    /// Reads a CRS from <c>EPSG:4544</c> (any case), <c>4544</c>, an OGC URI
    /// (<c>http://www.opengis.net/def/crs/EPSG/0/4544</c>, <c>…/OGC/1.3/CRS84</c>, http or https),
    /// an OGC URN (<c>urn:ogc:def:crs:EPSG::4544</c>, <c>urn:ogc:def:crs:OGC:1.3:CRS84</c>),
    /// <c>CRS84</c> or <c>OGC:CRS84</c>, <c>GCJ-02</c>/<c>GCJ02</c> and <c>BD-09</c>/<c>BD09</c>
    /// (any case), or the <see cref="Uri"/> of any supported CRS. Surrounding white space is ignored.
    /// </summary>
    /// <returns>False for null, empty, malformed or unsupported values.</returns>
    public static bool TryParse(string? text, out CrsId crs)
    {
        crs = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            s = "http://" + s["https://".Length..];
        }

        foreach (var candidate in Supported)
        {
            if (s.Equals(candidate.Uri, StringComparison.OrdinalIgnoreCase))
            {
                crs = candidate;
                return true;
            }
        }

        var alias = s.ToUpperInvariant() switch
        {
            "CRS84" or "OGC:CRS84" or "URN:OGC:DEF:CRS:OGC:1.3:CRS84" => Crs84,
            "GCJ-02" or "GCJ02" => Gcj02,
            "BD-09" or "BD09" => Bd09,
            _ => (CrsId?)null,
        };
        if (alias is { } found)
        {
            crs = found;
            return true;
        }

        var digits = StripPrefix(s, "EPSG:") ?? StripPrefix(s, EpsgUriPrefix) ?? StripPrefix(s, EpsgUrnPrefix) ?? s;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var srid))
        {
            return false;
        }

        foreach (var candidate in Supported)
        {
            if (candidate.Srid == srid && candidate.Code.StartsWith("EPSG:", StringComparison.Ordinal))
            {
                crs = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>As <see cref="TryParse"/>, but throws for a value it does not accept.</summary>
    /// <exception cref="ArgumentException">The value is not a supported CRS; the message names it and lists the supported codes.</exception>
    public static CrsId Parse(string? text) =>
        TryParse(text, out var crs)
            ? crs
            : throw new ArgumentException(
                $"Unsupported coordinate reference system '{text}'. Supported: {string.Join(", ", Supported.Select(c => c.Code))}.",
                nameof(text));

    /// <summary>The <see cref="Code"/>.</summary>
    public override string ToString() => Code ?? "(no CRS)";

    private static CrsId Epsg(int srid, bool isGeographic) =>
        new(srid, string.Create(CultureInfo.InvariantCulture, $"EPSG:{srid}"),
            string.Create(CultureInfo.InvariantCulture, $"{EpsgUriPrefix}{srid}"), isGeographic);

    private static string? StripPrefix(string s, string prefix) =>
        s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? s[prefix.Length..] : null;
}
