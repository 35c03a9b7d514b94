using System.Text.Json;
using Huayang.Gis.Server.Tests.Features;

namespace Huayang.Gis.Server.Tests.Conventions;

/// <summary>The OpenAPI document names every endpoint's answers: content types of success, and the refusals of those with parameters.</summary>
public sealed class ApiDocumentTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    [Fact]
    public async Task Every_operation_declares_its_content_types_and_its_refusals()
    {
        var api = await app.GetJsonAsync("/api");
        var missing = new List<string>();
        var operations = 0;
        foreach (var path in api.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var responses = operation.Value.GetProperty("responses").EnumerateObject().ToList();
                var success = responses.Any(r => r.Name.StartsWith('2')
                    && (r.Name is "201" or "204" || (r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any())));
                var parameters = path.Name.Contains('{', StringComparison.Ordinal)
                    || (operation.Value.TryGetProperty("parameters", out var list) && list.GetArrayLength() > 0);
                var refusal = responses.Any(r => r.Name.StartsWith('4'));
                if (!success || (parameters && !refusal))
                {
                    missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: {string.Join(", ", responses.Select(r => r.Name))}");
                }
            }
        }
        Assert.True(operations > 40, $"only {operations} operations");
        Assert.True(missing.Count == 0, "answers not declared:\n" + string.Join("\n", missing));
        var tile = api.GetProperty("paths").GetProperty("/tiles/{layers}/{z}/{x}/{y}.mvt").GetProperty("get").GetProperty("responses");
        Assert.True(tile.GetProperty("200").GetProperty("content").TryGetProperty("application/vnd.mapbox-vector-tile", out _));
        Assert.True(tile.TryGetProperty("204", out _));
        var wms = api.GetProperty("paths").GetProperty("/wms").GetProperty("get").GetProperty("responses");
        Assert.True(wms.GetProperty("200").GetProperty("content").TryGetProperty("image/png", out _));
        Assert.True(wms.GetProperty("400").GetProperty("content").TryGetProperty("text/xml; charset=utf-8", out _));
    }

    [Fact]
    public async Task The_api_page_lists_every_endpoint_and_carries_its_own_script()
    {
        using var client = app.CreateClient();
        var page = await client.GetStringAsync("/api.html");
        Assert.Contains("/collections/{collectionId}/items", page, StringComparison.Ordinal);
        Assert.Contains("fetch('api')", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", page, StringComparison.Ordinal);
        _ = JsonDocument.Parse(await client.GetStringAsync("/api"));
    }
}
