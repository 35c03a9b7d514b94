using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Server.Tests.Features;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using NetTopologySuite.Geometries;
using Xunit.Abstractions;

namespace Huayang.Gis.Server.Tests.Clients;

/// <summary>
/// QGIS 3.22 (Debian <c>qgis</c> + <c>python3-qgis</c>, headless) as a planner would use it against the real server:
/// every collection through its OGC API – Features provider, the whole map through WMS (identify and legend too),
/// the vector tiles with the server's MapLibre style. What QGIS saw is compared with the data by brute force, the
/// pictures are kept in <c>artifacts/qgis/</c>, and the server's request log must show no refused request.
/// </summary>
public sealed partial class QgisClientTests(ITestOutputHelper output)
{
    private const string DebianPython = "/usr/bin/python3";
    private const string QgisModule = "/usr/lib/python3/dist-packages/qgis/core/__init__.py";

    /// <summary>The box of the filtered request, lon/lat.</summary>
    private static readonly double[] Box = [104.03, 30.47, 104.06, 30.50];

    [SkippableFact]
    public async Task Qgis_adds_every_collection_the_wms_and_the_styled_vector_tiles()
    {
        Tool.RequireFile(QgisModule, "QGIS's Python bindings", "python3-qgis");
        var reference = InMemorySpatialStore.Open(RepositoryRoot.DataDirectory);
        var site = (await reference.GetFeaturesAsync(Layers.Sites, null)).OrderBy(f => (string)f.Attributes["id"], StringComparer.Ordinal).First();
        var artifacts = RepositoryRoot.Artifacts("qgis");
        Directory.CreateDirectory(artifacts);
        await using var server = await ServerProcess.StartAsync();
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var (code, stdout, stderr) = await Tool.RunAsync(DebianPython,
            Path.Combine(RepositoryRoot.Path, "tests", "Huayang.Gis.Server.Tests", "Clients", "qgis_client.py"),
            server.BaseAddress.ToString(), artifacts, F(Box[0]), F(Box[1]), F(Box[2]), F(Box[3]), F(site.Geometry.Coordinate.X), F(site.Geometry.Coordinate.Y));
        Assert.True(code == 0, $"QGIS failed ({code}): {stderr}\n{stdout}");
        using var report = JsonDocument.Parse(stdout);
        var root = report.RootElement;
        output.WriteLine(stdout);

        // OGC API – Features: every collection, each one geometry type, every feature with its attributes.
        Assert.Equal(LandingAndCollectionsTests.Listed, root.GetProperty("collections").EnumerateArray().Select(c => c.GetString()));
        var box = new GeometryFactory().ToGeometry(new Envelope(Box[0], Box[2], Box[1], Box[3]));
        foreach (var id in LandingAndCollectionsTests.Listed)
        {
            var seen = root.GetProperty("features").GetProperty(id);
            Assert.True(seen.GetProperty("valid").GetBoolean(), $"{id}: QGIS could not add it: {seen}");
            var family = id.StartsWith("plan-", StringComparison.Ordinal) ? GeometryFamilies.FromWord(id[5..]) : null;
            var expected = (await reference.GetFeaturesAsync(family is null ? id : Layers.Plan, null))
                .Where(f => family is null || GeometryFamilies.Of(f.Geometry) == family).ToList();
            Assert.Equal(expected.Count, seen.GetProperty("count").GetInt32());
            Assert.Equal(expected.Count, seen.GetProperty("read").GetInt32());
            Assert.Equal(expected.Count, seen.GetProperty("with_geometry").GetInt32());
            Assert.Equal("EPSG:4326", seen.GetProperty("crs").GetString());
            var types = expected.Select(f => f.Geometry.GeometryType.Replace("Multi", "", StringComparison.Ordinal)).Distinct().ToList();
            Assert.Equal(Assert.Single(types), seen.GetProperty("geometry").GetString()!.Replace("Multi", "", StringComparison.Ordinal));
            var first = seen.GetProperty("first");
            var original = expected.Single(f => Convert.ToString(f.Attributes["id"], CultureInfo.InvariantCulture) == first.GetProperty("id").GetString());
            foreach (var name in new[] { "name_zh", "name_en" }.Where(n => original.Attributes.Exists(n) && original.Attributes[n] is string))
            {
                Assert.Equal((string)original.Attributes[name], first.GetProperty(name).GetString());
            }
            var inBox = expected.Where(f => f.Geometry.Intersects(box)).Select(f => Convert.ToString(f.Attributes["id"], CultureInfo.InvariantCulture)!)
                .Order(StringComparer.Ordinal);
            Assert.Equal(inBox, seen.GetProperty("bbox_ids").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        }
        Assert.Contains("社区", root.GetProperty("features").GetProperty("communities").GetProperty("first").GetProperty("name_zh").GetString());

        // WMS: the root layer drawn, identify answered by GetFeatureInfo, the legend fetched.
        var wms = root.GetProperty("wms");
        Assert.True(wms.GetProperty("valid").GetBoolean(), wms.ToString());
        Assert.Empty(wms.GetProperty("render").GetProperty("errors").EnumerateArray());
        Assert.True(wms.GetProperty("render").GetProperty("ink").GetDouble() > 0.05, "the WMS picture is almost blank");
        Assert.True(wms.GetProperty("identify_feature").GetBoolean());
        Assert.True(wms.GetProperty("legend").ValueKind == JsonValueKind.Object, $"no legend: {wms}");
        Assert.True(wms.GetProperty("legend").GetProperty("height").GetInt32() > 200);
        var identified = root.GetProperty("identify").GetProperty("features").EnumerateArray().ToList();
        Assert.True(identified.Count >= 1, $"identify found nothing: {root.GetProperty("identify")}");
        Assert.Equal("sites", identified[0].GetProperty("layer").GetString());
        Assert.Equal((string)site.Attributes["id"], identified[0].GetProperty("id").GetString());
        Assert.Equal((string)site.Attributes["name_zh"], identified[0].GetProperty("name_zh").GetString());

        // Vector tiles with the MapLibre style: loaded as QGIS's style, drawn.
        var tiles = root.GetProperty("tiles");
        Assert.True(tiles.GetProperty("valid").GetBoolean(), tiles.ToString());
        Assert.True(tiles.GetProperty("style_loaded").GetBoolean(), tiles.GetProperty("style_message").GetString());
        var styles = tiles.GetProperty("styles").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("plan-zone-zone-culture-arts", styles);
        Assert.Contains("sites-existing", styles);
        Assert.Contains("water-fill", styles);
        Assert.Empty(tiles.GetProperty("render").GetProperty("errors").EnumerateArray());
        Assert.True(tiles.GetProperty("render").GetProperty("ink").GetDouble() > 0.2, "the vector tile picture is almost blank");

        // Nothing QGIS asked for was refused or failed.
        var refused = RefusedRequest().Matches(server.Log).Select(m => m.Value).ToList();
        Assert.True(refused.Count == 0, "the server refused QGIS:\n" + string.Join("\n", refused));
        Assert.True(Regex.Matches(server.Log, " → 200 ").Count > 20, "the request log shows no QGIS requests");
    }

    [GeneratedRegex(@"\S+ \S+ → [45]\d\d in [^\n]*")]
    private static partial Regex RefusedRequest();

    [SkippableFact]
    public async Task OWSLib_reads_the_collections_a_bbox_page_the_wms_and_its_feature_info()
    {
        Tool.RequireFile("/usr/lib/python3/dist-packages/owslib/__init__.py", "OWSLib", "python3-owslib");
        var reference = InMemorySpatialStore.Open(RepositoryRoot.DataDirectory);
        var site = (await reference.GetFeaturesAsync(Layers.Sites, null)).OrderBy(f => (string)f.Attributes["id"], StringComparer.Ordinal).First();
        await using var server = await ServerProcess.StartAsync();
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var (code, stdout, stderr) = await Tool.RunAsync(DebianPython,
            Path.Combine(RepositoryRoot.Path, "tests", "Huayang.Gis.Server.Tests", "Clients", "owslib_client.py"),
            server.BaseAddress.ToString(), F(Box[0]), F(Box[1]), F(Box[2]), F(Box[3]), F(site.Geometry.Coordinate.X), F(site.Geometry.Coordinate.Y));
        Assert.True(code == 0, $"OWSLib failed ({code}): {stderr}\n{stdout}");
        using var report = JsonDocument.Parse(stdout);
        var root = report.RootElement;
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", root.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(LandingAndCollectionsTests.Listed, root.GetProperty("collections").EnumerateArray().Select(c => c.GetString()));
        var box = new GeometryFactory().ToGeometry(new Envelope(Box[0], Box[2], Box[1], Box[3]));
        var inBox = (await reference.GetFeaturesAsync(Layers.Sites, null)).Where(f => f.Geometry.Intersects(box)).ToList();
        var page = root.GetProperty("bbox_sites");
        Assert.Equal(inBox.Count, page.GetProperty("numberMatched").GetInt32());
        Assert.Equal(inBox.Select(f => (string)f.Attributes["id"]).Order(StringComparer.Ordinal), page.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!));
        foreach (var feature in inBox)
        {
            Assert.Equal((string)feature.Attributes["name_zh"], page.GetProperty("names").GetProperty((string)feature.Attributes["id"]).GetString());
        }
        var layers = root.GetProperty("wms_layers");
        Assert.Equal(["huayang", "communities", "water", "roads", "plan", "sites"], layers.EnumerateObject().Select(p => p.Name));
        Assert.All(layers.EnumerateObject(), layer =>
        {
            Assert.Equal(1, layer.Value.GetProperty("queryable").GetInt32());
            Assert.Contains("REQUEST=GetLegendGraphic", layer.Value.GetProperty("legend").GetString(), StringComparison.Ordinal);
        });
        Assert.True(root.GetProperty("getmap_bytes").GetInt32() > 5000);
        var found = root.GetProperty("getfeatureinfo").GetProperty("features").EnumerateArray().ToList();
        Assert.Equal((string)site.Attributes["id"], found[0].GetProperty("properties").GetProperty("id").GetString());
        Assert.Equal((string)site.Attributes["name_zh"], found[0].GetProperty("properties").GetProperty("name_zh").GetString());
    }
}
