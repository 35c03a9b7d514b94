using Huayang.Gis.Core.Crs;

namespace Huayang.Gis.Core.IO;

/// <summary>How <see cref="DatasetReader"/> reads a dataset's files.</summary>
public sealed record DatasetReadOptions
{
    private readonly CrsId? _fromCrs;

    /// <summary>The default options: coordinates in WGS84 longitude, latitude unless a file declares otherwise.</summary>
    public static DatasetReadOptions Default { get; } = new();

    /// <summary>
    /// The CRS of the input coordinates, any of <see cref="CrsId.Supported"/>: x = longitude or easting, y = latitude
    /// or northing, in degrees or metres, whatever the CRS's official axis order. Every geometry is transformed from
    /// it to WGS84 longitude, latitude (SRID 4326) with <see cref="CoordinateTransformer"/> before it is checked.
    /// Default <see cref="CrsId.Crs84"/>.
    /// </summary>
    /// <remarks>
    /// <para>Left unset, a GeoPackage table's <c>srs_id</c> (EPSG organisation) or a Shapefile's <c>.prj</c> that
    /// names a supported CRS is used for that file; one naming a CRS this service does not support is a problem.
    /// GeoJSON and CSV files are read as CRS84.</para>
    /// <para>Set (even to CRS84), it applies to every file, and a file that declares a different CRS is a problem
    /// (a GeoJSON <c>crs</c> member, a GeoPackage <c>srs_id</c>, a <c>.prj</c>). A declared WGS84, CRS84 or
    /// CGCS2000 geographic CRS agrees with GCJ-02 and BD-09, since shifted coordinates are usually stored under
    /// those labels. A declaration this service cannot recognise is then trusted to be what was set.</para>
    /// </remarks>
    public CrsId FromCrs
    {
        get => _fromCrs ?? CrsId.Crs84;
        init => _fromCrs = value == default ? throw new ArgumentException("default(CrsId) is not a CRS", nameof(value)) : value;
    }

    /// <summary>True when <see cref="FromCrs"/> was set rather than left at its default.</summary>
    public bool FromCrsIsExplicit => _fromCrs is not null;
}
