using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Tests;
using Huayang.Gis.Tests.Tiles;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Huayang.Gis.Server.Tests.Tiles;

/// <summary>The tile endpoints over HTTP, on the embedded store over the repository's data.</summary>
public sealed class TileEndpointTests : IClassFixture<TileEndpointTests.Server>
{
    /// <summary>A tile in the middle of Huayang with sites, communities and walkways.</summary>
    private const string Central = "14/12927/6733";

    private readonly Server _server;
    private readonly HttpClient _http;

    public TileEndpointTests(Server server)
    {
        _server = server;
        _http = server.CreateClient();
    }

    /// <summary>The server with its tile source wrapped to count the tiles it builds.</summary>
    public sealed class Server : WebApplicationFactory<Program>
    {
        public CountingTileSource? Tiles { get; private set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Data:Directory", RepositoryRoot.DataDirectory);
            builder.ConfigureTestServices(services =>
            {
                var real = services.Single(s => s.ServiceType == typeof(IVectorTileSource)).ImplementationInstance!;
                Tiles = new CountingTileSource((IVectorTileSource)real);
                services.AddSingleton<IVectorTileSource>(Tiles);
            });
        }
    }

    /// <summary>Counts <see cref="GetTileAsync"/> calls, so tests can tell a tile was not built.</summary>
    public sealed class CountingTileSource(IVectorTileSource inner) : IVectorTileSource
    {
        private int _built;

        public int Built => Volatile.Read(ref _built);

        public Task<TileSetState> GetStateAsync(CancellationToken cancellationToken = default) => inner.GetStateAsync(cancellationToken);

        public Task<byte[]> GetTileAsync(IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _built);
            return inner.GetTileAsync(layers, z, x, y, cancellationToken);
        }
    }

    [Fact]
    public async Task A_tile_is_an_mvt_with_etag_and_cache_control_and_the_layers_asked_for()
    {
        using var response = await _http.GetAsync($"tiles/sites,communities,walkways/{Central}.mvt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge: not null });
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl!.MaxAge);
        var layers = MvtDecoder.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["sites", "communities", "walkways"], layers.Select(l => l.Name));
        Assert.All(layers, l => Assert.NotEmpty(l.Features));
    }

    [Fact]
    public async Task If_none_match_answers_304_without_building_the_tile()
    {
        var url = $"tiles/sites/{Central}.mvt";
        using var first = await _http.GetAsync(url);
        var etag = first.Headers.ETag!;
        var built = _server.Tiles!.Built;

        foreach (var tag in new[] { etag.Tag, "W/" + etag.Tag, $"\"other\", {etag.Tag}", "*" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("If-None-Match", tag);
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Equal(etag, response.Headers.ETag);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(built, _server.Tiles.Built);

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        using var fresh = await _http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Etags_differ_by_tile_and_by_layers()
    {
        var tags = new HashSet<string>();
        foreach (var url in new[] { $"tiles/sites/{Central}.mvt", $"tiles/sites,plan/{Central}.mvt", "tiles/sites/14/12927/6734.mvt", "tiles/sites/15/25854/13466.mvt" })
        {
            using var response = await _http.GetAsync(url);
            Assert.True(tags.Add(response.Headers.ETag!.Tag), url);
        }
    }

    [Fact]
    public async Task A_tile_away_from_the_data_is_204_without_building_it()
    {
        var built = _server.Tiles!.Built;
        using var response = await _http.GetAsync("tiles/sites,walkways/14/0/0.mvt");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(built, _server.Tiles.Built);
    }

    [Fact]
    public async Task A_tile_inside_the_extent_with_no_feature_of_the_layer_is_204()
    {
        var extent = (await _server.Tiles!.GetStateAsync()).BoundsOf([Layers.Plan])!;
        var (z, x, y) = TileSamples.TileAt(extent.MinX + 1e-6, extent.MinY + 1e-6, 22);
        using var response = await _http.GetAsync($"tiles/roads/{z}/{x}/{y}.mvt");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task TileJson_describes_the_layers_and_its_tile_url_works()
    {
        using var response = await _http.GetAsync("tiles/sites,plan.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("3.0.0", root.GetProperty("tilejson").GetString());
        Assert.Equal("xyz", root.GetProperty("scheme").GetString());
        Assert.Equal(0, root.GetProperty("minzoom").GetInt32());
        Assert.Equal(VectorTileGrid.DataMaxZoom, root.GetProperty("maxzoom").GetInt32());
        Assert.Equal(16, VectorTileGrid.DataMaxZoom);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("name").GetString()));

        var bounds = root.GetProperty("bounds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(4, bounds.Length);
        Assert.InRange(bounds[0], 103.9, 104.05);
        Assert.InRange(bounds[1], 30.4, 30.5);
        Assert.InRange(bounds[2], 104.05, 104.2);
        Assert.InRange(bounds[3], 30.5, 30.6);
        var center = root.GetProperty("center").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(3, center.Length);
        Assert.InRange(center[0], bounds[0], bounds[2]);
        Assert.InRange(center[1], bounds[1], bounds[3]);

        var layers = root.GetProperty("vector_layers").EnumerateArray().ToList();
        Assert.Equal(["sites", "plan"], layers.Select(l => l.GetProperty("id").GetString()));
        foreach (var layer in layers)
        {
            var fields = layer.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            Assert.Equal(VectorTileLayers.Find(layer.GetProperty("id").GetString()!)!.Fields.Select(f => f.Name), fields.Keys);
            Assert.All(fields.Values, d => Assert.False(string.IsNullOrWhiteSpace(d)));
            Assert.False(string.IsNullOrWhiteSpace(layer.GetProperty("description").GetString()));
            Assert.Equal(0, layer.GetProperty("minzoom").GetInt32());
            Assert.Equal(16, layer.GetProperty("maxzoom").GetInt32());
        }

        var template = Assert.Single(root.GetProperty("tiles").EnumerateArray()).GetString()!;
        Assert.Equal("http://localhost/tiles/sites,plan/{z}/{x}/{y}.mvt", template);
        var (z, x, y) = TileSamples.TileAt(center[0], center[1], 14);
        var url = template.Replace("{z}", $"{z}").Replace("{x}", $"{x}").Replace("{y}", $"{y}");
        using var tile = await _http.GetAsync(new Uri(url));
        Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        Assert.Contains("sites", MvtDecoder.Decode(await tile.Content.ReadAsByteArrayAsync()).Select(l => l.Name));
    }

    [Fact]
    public async Task TileJson_publishes_each_layers_minimum_zoom()
    {
        using var response = await _http.GetAsync("tiles/population,walkways,sites.json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var zooms = json.RootElement.GetProperty("vector_layers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("id").GetString()!, l => l.GetProperty("minzoom").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["population"] = 10, ["walkways"] = 12, ["sites"] = 0 }, zooms);
        Assert.Equal(0, json.RootElement.GetProperty("minzoom").GetInt32());

        using var dense = await _http.GetAsync("tiles/walkways,population.json");
        using var denseJson = JsonDocument.Parse(await dense.Content.ReadAsStringAsync());
        Assert.Equal(10, denseJson.RootElement.GetProperty("minzoom").GetInt32());
        var fields = denseJson.RootElement.GetProperty("vector_layers")[1].GetProperty("fields").EnumerateObject().Select(p => p.Name);
        Assert.Equal(["id", "community_id", "residents", "cells"], fields);
    }

    [Fact]
    public async Task Without_a_public_url_TileJson_follows_the_host_but_is_private_and_varies_by_host()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "tiles/sites.json");
        request.Headers.Host = "attacker.example:8443";
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Private: true, Public: false }, $"{response.Headers.CacheControl}");
        Assert.Contains("Host", response.Headers.Vary);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("http://attacker.example:8443/tiles/sites/{z}/{x}/{y}.mvt", json.RootElement.GetProperty("tiles")[0].GetString());
    }

    [Fact]
    public async Task Below_the_minimum_zoom_of_every_asked_layer_a_tile_is_204_without_building_it()
    {
        var built = _server.Tiles!.Built;
        var (z, x, y) = TileSamples.TileAt(104.06, 30.5, 9);
        using var response = await _http.GetAsync($"tiles/walkways,population/{z}/{x}/{y}.mvt");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(built, _server.Tiles.Built);
        (z, x, y) = TileSamples.TileAt(104.06, 30.5, 12);
        using var atMinimum = await _http.GetAsync($"tiles/walkways,population/{z}/{x}/{y}.mvt");
        Assert.Equal(HttpStatusCode.OK, atMinimum.StatusCode);
        Assert.Equal(["population", "walkways"], MvtDecoder.Decode(await atMinimum.Content.ReadAsByteArrayAsync()).Select(l => l.Name).Order());
    }

    [Theory]
    [InlineData("tiles/sites/23/0/0.mvt", "z")]
    [InlineData("tiles/sites/-1/0/0.mvt", "z")]
    [InlineData("tiles/sites/abc/0/0.mvt", "z")]
    [InlineData("tiles/sites/99999999999999999999/0/0.mvt", "z")]
    [InlineData("tiles/sites/%2B3/0/0.mvt", "z")]
    [InlineData("tiles/sites/14/16384/0.mvt", "x")]
    [InlineData("tiles/sites/0/1/0.mvt", "x")]
    [InlineData("tiles/sites/14/1.5/0.mvt", "x")]
    [InlineData("tiles/sites/14/0/-2.mvt", "y")]
    [InlineData("tiles/sites/3/0/8.mvt", "y")]
    [InlineData("tiles/sites/3/0/%20.mvt", "y")]
    [InlineData("tiles/sites,,plan/3/0/0.mvt", "layers")]
    [InlineData("tiles/sites,sites/3/0/0.mvt", "layers")]
    [InlineData("tiles/,/3/0/0.mvt", "layers")]
    [InlineData("tiles/sites,.json", "layers")]
    public async Task Bad_coordinates_and_layer_lists_are_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemNaming(response, parameter);
    }

    [Theory]
    [InlineData("tiles/parks/3/0/0.mvt")]
    [InlineData("tiles/sites,Plan/3/0/0.mvt")]
    [InlineData("tiles/sites;DROP%20TABLE%20sites/3/0/0.mvt")]
    [InlineData("tiles/parks.json")]
    public async Task An_unknown_layer_is_404_naming_the_parameter_and_the_known_layers(string url)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var allowed = await AssertProblemNaming(response, "layers");
        Assert.All(Layers.All, l => Assert.Contains(l, allowed));
    }

    private static async Task<string> AssertProblemNaming(HttpResponseMessage response, string parameter)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        var allowed = problem.RootElement.GetProperty("allowed").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(allowed));
        Assert.Contains(parameter, problem.RootElement.GetProperty("detail").GetString());
        return allowed;
    }
}

/// <summary>With <c>Tiles:PublicUrl</c> configured, TileJSON's tile URL ignores the request's Host and may be cached publicly.</summary>
public sealed class TileJsonPublicUrlTests(TileJsonPublicUrlTests.Server server) : IClassFixture<TileJsonPublicUrlTests.Server>
{
    public sealed class Server : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Data:Directory", RepositoryRoot.DataDirectory);
            builder.UseSetting("Tiles:PublicUrl", "https://maps.example.org/gis/");
        }
    }

    [Fact]
    public async Task The_tile_url_starts_with_the_public_url_whatever_the_host()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "tiles/sites,plan.json");
        request.Headers.Host = "attacker.example";
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Public: true, Private: false }, $"{response.Headers.CacheControl}");
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl!.MaxAge);
        Assert.Empty(response.Headers.Vary);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://maps.example.org/gis/tiles/sites,plan/{z}/{x}/{y}.mvt", json.RootElement.GetProperty("tiles")[0].GetString());
    }

    [Theory]
    [InlineData("maps.example.org")]
    [InlineData("ftp://maps.example.org/")]
    [InlineData("https://maps.example.org/?layer=1")]
    [InlineData("https://user:secret@maps.example.org/")]
    public async Task A_bad_public_url_stops_the_server_at_start_naming_the_key(string value)
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["Tiles__PublicUrl"] = value,
            ["Data__Directory"] = RepositoryRoot.DataDirectory,
        });
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Tiles:PublicUrl", output);
        Assert.DoesNotContain("secret", output);
    }
}
