using System.Text;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.Tests.IO.Formats;

/// <summary>
/// A wrong input CRS passes every coordinate check (lon/lat degrees read as EPSG:4544 metres land near the equator),
/// so the reader checks where each layer lands: outside the CRS's area of use, degrees read as metres, or far from
/// every other layer is a problem on that file naming the CRS and suggesting the likely one.
/// </summary>
public sealed class CrsPlausibilityTests
{
    private static readonly string[] BundledFiles =
        ["communities.geojson", "plan.geojson", "sites.geojson", "population.geojson", "walkways.geojson", "water.geojson", "roads.geojson"];

    [Theory]
    [InlineData("EPSG:4544")]
    [InlineData("EPSG:32648")]
    [InlineData("EPSG:3857")]
    public void Lon_lat_read_as_metres_is_a_problem_on_every_layer_suggesting_crs84(string code)
    {
        var crs = CrsId.Parse(code);
        using var data = FormatFixture.Bundled();

        var problems = DatasetReader.Validate(data.Directory, new DatasetReadOptions { FromCrs = crs });

        var crsProblems = problems.Where(p => p.Field == "crs").ToList();
        Assert.Equal(BundledFiles, crsProblems.Select(p => p.File));
        Assert.All(crsProblems, p =>
        {
            Assert.Equal(crs.Code, p.Value);
            Assert.Null(p.FeatureIndex);
            Assert.Contains($"read as {crs.Code}", p.Message, StringComparison.Ordinal);
            Assert.Contains("look like degrees", p.Message, StringComparison.Ordinal);
            Assert.Contains("they fit CRS84", p.Message, StringComparison.Ordinal);
        });
        // Nothing is loaded from such a dataset: Read (what load and the stores call) throws with the same problems.
        var thrown = Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(data.Directory, new DatasetReadOptions { FromCrs = crs }));
        Assert.Equal(problems, thrown.Problems);
    }

    [Fact]
    public void A_layer_far_from_every_other_layer_is_a_problem_on_that_layer_only()
    {
        using var data = FormatFixture.Bundled();
        // The sites as if they were in Beijing: valid lon/lat, but 1,300 km from the communities they are in.
        ConvertLayer(data, "sites", (x, y) => (x + 12.35, y + 9.4));

        var problems = DatasetReader.Validate(data.Directory).Where(p => p.Field == "crs").ToList();

        var problem = Assert.Single(problems);
        Assert.Equal(("sites.geojson", "CRS84"), (problem.File, problem.Value));
        Assert.Contains("km from the other layers", problem.Message, StringComparison.Ordinal);
        Assert.Contains("read as CRS84, the layer lies at 116.", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_layers_not_in_the_crs_given_are_refused()
    {
        using var data = FormatFixture.Bundled();
        ConvertLayer(data, "sites", (x, y) => CoordinateTransformer.Transform(x, y, CrsId.Crs84, CrsId.GaussKrugerCm105));
        data.LayerToCsv(Layers.Sites, "x", "y");

        // CSV declares no CRS, so the metric sites need --from-crs; then the lon/lat layers are refused as degrees.
        var mixed = DatasetReader.Validate(data.Directory, new DatasetReadOptions { FromCrs = CrsId.GaussKrugerCm105 })
            .Where(p => p.Field == "crs").Select(p => p.File).ToList();
        Assert.DoesNotContain("sites.csv", mixed);
        Assert.Contains("communities.geojson", mixed);
    }

    [Fact]
    public void Hundreds_of_metres_apart_is_not_far()
    {
        using var data = FormatFixture.Bundled();
        // GCJ-02 read as WGS84 is a few hundred metres off: wrong, but within the street's surroundings.
        ConvertLayer(data, "sites", ChineseWebCoordinates.Wgs84ToGcj02);

        Assert.DoesNotContain(DatasetReader.Validate(data.Directory), p => p.Field == "crs");
    }

    private static void ConvertLayer(FormatFixture data, string layer, Func<double, double, (double X, double Y)> convert)
    {
        var path = data.PathOf(layer + ".geojson");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var feature in root["features"]!.AsArray())
        {
            Convert(feature!["geometry"]!["coordinates"]!, convert);
        }
        File.WriteAllText(path, root.ToJsonString(), new UTF8Encoding(false));
    }

    private static void Convert(JsonNode coordinates, Func<double, double, (double X, double Y)> convert)
    {
        var array = coordinates.AsArray();
        if (array.Count >= 2 && array[0] is JsonValue)
        {
            var (x, y) = convert((double)array[0]!, (double)array[1]!);
            array[0] = x;
            array[1] = y;
            return;
        }
        foreach (var inner in array)
        {
            Convert(inner!, convert);
        }
    }
}
