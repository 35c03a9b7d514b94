using System.Globalization;
using Huayang.Gis.Core.Crs;

namespace Huayang.Gis.Core.Tests.Crs;

/// <summary>One row of cs2cs-reference.csv, every pair in x, y order.</summary>
/// <param name="Far">Outside EPSG:4544's zone (103.5–106.5 E).</param>
internal sealed record Cs2csPoint(
    double Lon, double Lat, bool Far,
    double E4544, double N4544, double E32648, double N32648,
    double X3857, double Y3857, double Lon4490, double Lat4490)
{
    /// <summary>The reference (x, y) for a target CRS.</summary>
    public (double X, double Y) In(CrsId crs) => crs.Code switch
    {
        "EPSG:4544" => (E4544, N4544),
        "EPSG:32648" => (E32648, N32648),
        "EPSG:3857" => (X3857, Y3857),
        "EPSG:4490" => (Lon4490, Lat4490),
        _ => throw new ArgumentOutOfRangeException(nameof(crs), crs, "No cs2cs column for this CRS."),
    };
}

/// <summary>
/// The points PROJ's cs2cs projected (see make-cs2cs-reference.sh, which writes the file with
/// every coordinate pair in x, y order whatever the EPSG axis order).
/// </summary>
internal static class Cs2csReference
{
    private static readonly Lazy<IReadOnlyList<Cs2csPoint>> LazyPoints = new(Load);

    public static IReadOnlyList<Cs2csPoint> Points => LazyPoints.Value;

    /// <summary>The CRSs with a column in the file.</summary>
    public static TheoryData<string> CrsCodes => new() { "EPSG:4544", "EPSG:32648", "EPSG:3857", "EPSG:4490" };

    private static IReadOnlyList<Cs2csPoint> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Crs", "cs2cs-reference.csv");
        var rows = File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal("lon,lat,far,e4544,n4544,e32648,n32648,x3857,y3857,lon4490,lat4490", rows[0]);
        return rows.Skip(1).Select(Parse).ToList();
    }

    private static Cs2csPoint Parse(string line)
    {
        var f = line.Split(',');
        double D(int i) => double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Cs2csPoint(D(0), D(1), f[2] == "1", D(3), D(4), D(5), D(6), D(7), D(8), D(9), D(10));
    }
}
