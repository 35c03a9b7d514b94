using System.Text.Json;
using Huayang.Gis.Core.Filtering;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>GDAL's OAPIF driver hands <c>ogr2ogr -where</c> to the server as a CQL filter.</summary>
public sealed partial class GdalClientTests
{
    [SkippableTheory]
    [InlineData("category = 'kindergarten'", "category = 'kindergarten'")]
    [InlineData("status = 'planned' AND capacity >= 300", "(status = 'planned') AND (capacity >= 300)")]
    [InlineData("name_en ILIKE '%school'", "name_en ILIKE '%school'")]
    public async Task Ogr2ogr_where_is_answered_by_the_server(string where, string sent)
    {
        Tool.Require("ogr2ogr", "gdal-bin");
        var target = Path.Combine(Path.GetTempPath(), $"huayang-where-{Guid.NewGuid():N}.geojson");
        try
        {
            var (code, _, error) = await Tool.RunAsync(
                "ogr2ogr", "--config", "CPL_DEBUG", "ON", "-f", "GeoJSON", target, gdal.Connection, Layers.Sites, "-where", where);
            Assert.True(code == 0, $"ogr2ogr failed: {error}\n{gdal.Server.Log}");
            // GDAL's debug output names each URL it fetched: the filter went to the server, in the text GDAL writes.
            var fetched = error.Split('\n').Where(l => l.Contains("/items?", StringComparison.Ordinal)).Select(Uri.UnescapeDataString).ToList();
            Assert.Contains(fetched, url => url.Contains("filter=" + sent + "&filter-lang=cql-text", StringComparison.Ordinal));
            Assert.DoesNotContain("Full filter will be evaluated on client side", error);
            Assert.DoesNotContain("Only part of the filter", error);

            using var copy = JsonDocument.Parse(await File.ReadAllTextAsync(target));
            var copied = copy.RootElement.GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties").GetProperty("id").GetString()!)
                .Order(StringComparer.Ordinal)
                .ToList();
            var filter = FilterParser.Parse(where, FilterLanguage.Cql2Text, Queryables.For(LayerRegistry.BuiltIn.Get(Layers.Sites)));
            var answer = await gdal.Reference.QueryFeaturesAsync(new FeatureQuery(Layers.Sites, null, [], 0, FeatureQuery.MaxLimit) { Filter = filter });
            Assert.NotEmpty(copied);
            Assert.Equal(answer.Features.Select(f => (string)f.Attributes["id"]).ToList(), copied);
        }
        finally
        {
            File.Delete(target);
        }
    }
}
