using Huayang.Gis.Core.Crs;

namespace Huayang.Gis.Core.IO;

/// <summary>Decides which CRS a file's coordinates are in, from the options and what the file declares.</summary>
internal static class SourceCrs
{
    private const string Field = "crs";

    /// <summary>
    /// The CRS to read a file with, or null after reporting why there is none. See
    /// <see cref="DatasetReadOptions.FromCrs"/> for the rules.
    /// </summary>
    /// <param name="declared">The CRS the file declares, when it is a supported one.</param>
    /// <param name="declaredText">How the file declares its CRS (for problems), or null when it declares none.</param>
    public static CrsId? Resolve(
        DatasetReadOptions options, CrsId? declared, string? declaredText, ProblemScope scope)
    {
        if (declaredText is null)
        {
            return options.FromCrs;
        }

        if (declared is not { } known)
        {
            if (options.FromCrsIsExplicit)
            {
                return options.FromCrs;
            }

            scope.Add(Field, declaredText,
                $"the file's coordinate reference system is not one this service reads " +
                $"({string.Join(", ", CrsId.Supported.Select(c => c.Code))}); reproject the file, or give the input CRS " +
                "(--from-crs) when it is one of these");
            return null;
        }

        if (!options.FromCrsIsExplicit)
        {
            return known;
        }

        if (Agrees(known, options.FromCrs))
        {
            return options.FromCrs;
        }

        scope.Add(Field, declaredText,
            $"the file declares {known} but the input CRS was given as {options.FromCrs} (--from-crs); " +
            "one of them is wrong");
        return null;
    }

    /// <summary>
    /// True when a file declaring <paramref name="declared"/> may hold coordinates in <paramref name="given"/>:
    /// the same CRS, two names of WGS84 lon/lat (CRS84, EPSG:4326, CGCS2000), or GCJ-02/BD-09 stored under one.
    /// </summary>
    public static bool Agrees(CrsId declared, CrsId given)
    {
        if (declared == given)
        {
            return true;
        }

        return IsWgs84(declared) && (IsWgs84(given) || given == CrsId.Gcj02 || given == CrsId.Bd09);
    }

    private static bool IsWgs84(CrsId crs) => crs == CrsId.Crs84 || crs == CrsId.Wgs84 || crs == CrsId.Cgcs2000;
}
