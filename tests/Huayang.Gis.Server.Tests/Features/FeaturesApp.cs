using System.Net;
using System.Text.Json;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>The server in process over a dataset directory (default: the repository's data/), embedded store.</summary>
public class FeaturesApp : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly Lazy<InMemorySpatialStore> _reference;

    public FeaturesApp() : this(RepositoryRoot.DataDirectory)
    {
    }

    protected FeaturesApp(string dataDirectory)
    {
        _dataDirectory = dataDirectory;
        _reference = new(() => InMemorySpatialStore.Open(_dataDirectory));
    }

    /// <summary>A store of its own over the same files, to compare answers with.</summary>
    public InMemorySpatialStore Reference => _reference.Value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Data:Directory", _dataDirectory);
        builder.UseSetting("ConnectionStrings:PostGis", "");
        builder.UseEnvironment("Production");
    }

    /// <summary>GET a path and parse the JSON body, requiring 200.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}

/// <summary>Links of an OGC API document.</summary>
public static class OgcLinks
{
    public static IEnumerable<JsonElement> Links(this JsonElement document) => document.GetProperty("links").EnumerateArray();

    public static JsonElement? Link(this JsonElement document, string rel, string? type = null) =>
        document.Links()
            .Where(l => l.GetProperty("rel").GetString() == rel && (type is null || l.GetProperty("type").GetString() == type))
            .Select(l => (JsonElement?)l)
            .FirstOrDefault();

    /// <summary>The href as a path and query relative to the server, for the test client.</summary>
    public static string Relative(this JsonElement link)
    {
        var uri = new Uri(link.GetProperty("href").GetString()!);
        return uri.PathAndQuery;
    }
}
