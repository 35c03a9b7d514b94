using System.Text.Json;
using System.Text.RegularExpressions;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>The real server process, read by GDAL's OAPIF driver.</summary>
public sealed class GdalServer : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public InMemorySpatialStore Reference { get; } = InMemorySpatialStore.Open(RepositoryRoot.DataDirectory);

    public string Connection => $"OAPIF:{Server.BaseAddress}";

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Data__Directory"] = RepositoryRoot.DataDirectory });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed partial class GdalClientTests(GdalServer gdal) : IClassFixture<GdalServer>
{
    [SkippableFact]
    public async Task Ogrinfo_lists_every_collection()
    {
        Tool.Require("ogrinfo", "gdal-bin");
        var (code, output, error) = await Tool.RunAsync("ogrinfo", "-ro", "-so", gdal.Connection);
        Assert.True(code == 0, $"ogrinfo failed: {error}\n{gdal.Server.Log}");
        var listed = LayerLine().Matches(output).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(LandingAndCollectionsTests.Listed, listed);
        Assert.Contains("(title: 设施 Sites)", output);
    }

    public static TheoryData<string> Collections() => [.. LandingAndCollectionsTests.Listed];

    [SkippableTheory]
    [MemberData(nameof(Collections))]
    public async Task Ogrinfo_counts_every_feature_of_a_collection(string layer)
    {
        Tool.Require("ogrinfo", "gdal-bin");
        var (code, output, error) = await Tool.RunAsync("ogrinfo", "-ro", "-so", "-al", gdal.Connection, layer);
        Assert.True(code == 0, $"ogrinfo failed: {error}\n{gdal.Server.Log}");
        var count = FeatureCount().Match(output);
        Assert.True(count.Success, $"no feature count in:\n{output}");
        var family = layer.StartsWith("plan-", StringComparison.Ordinal) ? GeometryFamilies.FromWord(layer[5..]) : null;
        var expected = family is null
            ? (await gdal.Reference.DescribeLayerAsync(layer)).Count
            : (await gdal.Reference.GetFeaturesAsync(Layers.Plan, null)).Count(f => GeometryFamilies.Of(f.Geometry) == family);
        Assert.Equal(expected, long.Parse(count.Groups[1].Value));
    }

    [SkippableFact]
    public async Task Ogr2ogr_copies_every_site_with_its_properties_through_paging()
    {
        Tool.Require("ogr2ogr", "gdal-bin");
        var target = Path.Combine(Path.GetTempPath(), $"huayang-sites-{Guid.NewGuid():N}.geojson");
        try
        {
            var (code, _, error) = await Tool.RunAsync(
                "ogr2ogr", "--config", "CPL_DEBUG", "ON", "-f", "GeoJSON", target, gdal.Connection, Layers.Sites, "-oo", "PAGE_SIZE=25");
            Assert.True(code == 0, $"ogr2ogr failed: {error}\n{gdal.Server.Log}");
            // GDAL's debug output shows each page it fetched: 134 sites are six pages of 25, the last from offset 125.
            Assert.Contains("items?limit=25&offset=125", error);

            using var copy = JsonDocument.Parse(await File.ReadAllTextAsync(target));
            var copied = copy.RootElement.GetProperty("features").EnumerateArray()
                .ToDictionary(f => f.GetProperty("properties").GetProperty("id").GetString()!);
            var expected = await gdal.Reference.GetFeaturesAsync(Layers.Sites, null);
            Assert.Equal(expected.Count, copied.Count);
            foreach (var site in expected)
            {
                var properties = copied[(string)site.Attributes["id"]].GetProperty("properties");
                foreach (var name in site.Attributes.GetNames())
                {
                    var value = properties.GetProperty(name);
                    Assert.Equal(FeatureQuery.FilterText(site.Attributes[name]),
                        value.ValueKind == JsonValueKind.Null ? null : value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                }
                var position = copied[(string)site.Attributes["id"]].GetProperty("geometry").GetProperty("coordinates");
                Assert.Equal(site.Geometry.Coordinate.X, position[0].GetDouble(), 1e-9);
                Assert.Equal(site.Geometry.Coordinate.Y, position[1].GetDouble(), 1e-9);
            }
        }
        finally
        {
            File.Delete(target);
        }
    }

    [GeneratedRegex(@"^\d+: (?<name>\S+) \(title: ", RegexOptions.Multiline)]
    private static partial Regex LayerLine();

    [GeneratedRegex(@"^Feature Count: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex FeatureCount();
}
