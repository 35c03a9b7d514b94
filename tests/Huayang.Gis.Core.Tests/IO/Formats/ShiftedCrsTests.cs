using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tests.Support;
using Xunit.Abstractions;

namespace Huayang.Gis.Core.Tests.IO.Formats;

/// <summary>
/// The bundled dataset converted to GCJ-02, BD-09 and EPSG:4544 (sites as CSV, the rest as GeoJSON), read with the
/// matching <see cref="DatasetReadOptions.FromCrs"/>, equals the original within 1e-7 degrees.
/// </summary>
public sealed class ShiftedCrsTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-7;

    private static readonly Lazy<Dataset> Original = new(() => DatasetReader.Read(TestData.DataDirectory));

    public static TheoryData<string> Crss => new("GCJ-02", "BD-09", "EPSG:4544");

    private static (double X, double Y) FromWgs84(CrsId crs, double lon, double lat) => crs.Code switch
    {
        "GCJ-02" => ChineseWebCoordinates.Wgs84ToGcj02(lon, lat),
        "BD-09" => ChineseWebCoordinates.Wgs84ToBd09(lon, lat),
        _ => CoordinateTransformer.Transform(lon, lat, CrsId.Wgs84, crs),
    };

    [Theory]
    [MemberData(nameof(Crss))]
    public void Sites_as_csv_and_the_rest_as_geojson(string code)
    {
        var crs = CrsId.Parse(code);
        using var data = FormatFixture.Bundled();
        data.ConvertGeoJson((x, y) => FromWgs84(crs, x, y));
        if (crs.IsGeographic)
        {
            data.LayerToCsv(Layers.Sites);
        }
        else
        {
            data.LayerToCsv(Layers.Sites, "x", "y");
        }

        var shifted = data.ReadGeoJson(Layers.Communities)[0].Geometry.Coordinate;
        var original = Original.Value.Communities[0].Geometry.Coordinate;
        Assert.True(Math.Abs(shifted.X - original.X) > 1e-3, "the fixture was not converted");

        var dataset = DatasetReader.Read(data.Directory, new DatasetReadOptions { FromCrs = crs });

        DatasetAssert.Same(Original.Value, dataset, Tolerance, (_, _) => true);
    }

    [Fact]
    public void Metres_read_without_their_crs_are_a_problem_naming_the_coordinates()
    {
        using var data = FormatFixture.Bundled();
        data.ConvertGeoJson((x, y) => FromWgs84(CrsId.GaussKrugerCm105, x, y));
        data.LayerToCsv(Layers.Sites, "x", "y");

        var problem = DatasetReader.Validate(data.Directory).First(p => p.File == "sites.csv");

        Assert.Equal((0, "site-sports-town", "geometry"), (problem.FeatureIndex!.Value, problem.FeatureId!, problem.Field!));
        Assert.Matches(@"^\(\d+\.\d+, \d+\.\d+\)$", problem.Value);
        Assert.Contains("longitude", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_geopackage_in_epsg_4544_is_read_by_its_srs_id_when_no_crs_is_given()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var data = FormatFixture.Bundled();
        data.LayerToGeoPackage(Layers.Communities, null, "-t_srs", "EPSG:4544");
        data.LayerToShapefile(Layers.Sites, "-t_srs", "EPSG:4544");

        DatasetAssert.Same(Original.Value, DatasetReader.Read(data.Directory), Tolerance, (_, _) => true);
    }

    [Theory]
    [InlineData("EPSG:4544", "EPSG:4544")]
    [InlineData("EPSG:4490", "EPSG:4490")]
    [InlineData("EPSG:32648", "EPSG:32648")]
    [InlineData("EPSG:3857", "EPSG:3857")]
    [InlineData("EPSG:4326", "EPSG:4326")]
    public void A_prj_written_by_gdal_is_recognised(string target, string expected)
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var data = FormatFixture.Bundled();
        data.LayerToShapefile(Layers.Roads, "-t_srs", target);

        var crs = Huayang.Gis.Core.IO.Formats.ShapefileLayerReader.Recognise(File.ReadAllText(data.PathOf("roads.prj")));

        Assert.Equal(CrsId.Parse(expected), crs);
    }
}
