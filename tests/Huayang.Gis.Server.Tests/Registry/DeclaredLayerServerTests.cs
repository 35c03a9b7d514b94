using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Huayang.Gis.Server.Tests.Analysis;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Huayang.Gis.Tests.Tiles;
using SkiaSharp;

namespace Huayang.Gis.Server.Tests.Registry;

/// <summary>
/// The real server process over a dataset that declares one more layer in <c>layers.json</c> (<c>bus_stops</c>,
/// <see cref="DeclaredLayerData"/>), on the embedded store and on PostGIS loaded by <c>huayang load</c>: with no
/// code knowing the layer it is a collection with items, vector tiles with its fields, a WMS layer, drawn in
/// <c>/map.png</c> in its declared colour, and listed in <c>/map/layers.json</c>.
/// </summary>
public sealed class DeclaredLayerServerTests
{
    /// <summary>The declared colour, #D55E00.</summary>
    private static readonly SKColor StopColour = new(0xD5, 0x5E, 0x00);

    [SkippableTheory]
    [InlineData("memory")]
    [InlineData("postgis")]
    public async Task A_declared_layer_is_served_by_every_endpoint(string store)
    {
        using var data = DeclaredLayerData.Create();
        AnalysisDatabase? db = null;
        try
        {
            var environment = new Dictionary<string, string> { ["Data__Directory"] = data.Directory, ["ConnectionStrings__PostGis"] = "" };
            if (store == "postgis")
            {
                db = await AnalysisDatabase.CreateAsync();
                await LoadedDatabase.LoadAsync(db.ConnectionString, data.Directory);
                environment = new Dictionary<string, string> { ["ConnectionStrings__PostGis"] = db.ConnectionString };
            }
            await using var server = await ServerProcess.StartAsync(environment);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            await AssertServedAsync(http, store, server);
        }
        finally
        {
            if (db is not null)
            {
                await db.DisposeAsync();
            }
        }
    }

    private static async Task AssertServedAsync(HttpClient http, string store, ServerProcess server)
    {
        // OGC API – Features: the collection, its items with the declared fields, one item.
        var collections = await JsonAsync(http, "collections?f=json", server);
        var collection = collections["collections"]!.AsArray().Single(c => (string?)c!["id"] == "bus_stops")!;
        Assert.Contains("公交站", (string?)collection["title"], StringComparison.Ordinal);
        Assert.Contains("Bus stops", (string?)collection["title"], StringComparison.Ordinal);
        var items = await JsonAsync(http, "collections/bus_stops/items?f=json&limit=10", server);
        var features = items["features"]!.AsArray();
        Assert.Equal(DeclaredLayerData.Stops.Select(s => s.Id).Order(), features.Select(f => (string)f!["id"]!).Order());
        var one = await JsonAsync(http, "collections/bus_stops/items/bs-4?f=json", server);
        Assert.Equal("锦江桥", (string?)one["properties"]!["name_zh"]);
        Assert.Equal("801;802;K3", (string?)one["properties"]!["routes"]);
        Assert.Equal(300, (int)one["properties"]!["departures"]!);
        var point = one["geometry"]!["coordinates"]!.AsArray();
        Assert.Equal((104.07, 30.505), ((double)point[0]!, (double)point[1]!));

        // Vector tiles: the TileJSON names the layer and its fields; a tile holds the stop with them.
        var tileJson = await JsonAsync(http, "tiles/bus_stops.json", server);
        var vectorLayer = tileJson["vector_layers"]!.AsArray().Single()!;
        Assert.Equal("bus_stops", (string?)vectorLayer["id"]);
        Assert.Equal(["community_id", "departures", "id", "name_en", "name_zh", "routes"],
            vectorLayer["fields"]!.AsObject().Select(f => f.Key).Order(StringComparer.Ordinal));
        var (_, x, y) = TileSamples.TileAt(104.05, 30.50, 15);
        using (var tile = await http.GetAsync($"tiles/bus_stops/15/{x}/{y}.mvt"))
        {
            Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
            var layer = MvtDecoder.Decode(await tile.Content.ReadAsByteArrayAsync()).Single();
            var stop = layer.Features.Single(f => f.StringId == "bs-1");
            Assert.Equal(("华阳客运站", "K1;801", 240L), ((string)stop.Properties["name_zh"], (string)stop.Properties["routes"], Convert.ToInt64(stop.Properties["departures"], System.Globalization.CultureInfo.InvariantCulture)));
        }

        // WMS: a layer of the capabilities, drawn by GetMap.
        using (var capabilities = await http.GetAsync("wms?SERVICE=WMS&REQUEST=GetCapabilities"))
        {
            var xml = XDocument.Parse(await capabilities.Content.ReadAsStringAsync());
            var names = xml.Descendants().Where(e => e.Name.LocalName == "Layer")
                .Select(l => l.Elements().FirstOrDefault(e => e.Name.LocalName == "Name")?.Value).ToList();
            Assert.Contains("bus_stops", names);
        }
        var wms = await PngAsync(http,
            "wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=bus_stops&STYLES=&CRS=EPSG:4326&BBOX=30.48,104.03,30.525,104.08&WIDTH=400&HEIGHT=360&FORMAT=image/png",
            server);
        SaveArtifact(wms, $"declared-bus-stops-wms-{store}.png");
        var stopPixels = CountNear(wms, StopColour);
        Assert.True(stopPixels > 20, $"{store}: the WMS picture of bus_stops has {stopPixels} pixels of the stop colour");

        // The map picture: the declared layer over the built-in ones, in its colour, with its labels.
        var map = await PngAsync(http, "map.png?bbox=104.03,30.48,104.08,30.525&width=800&height=720&layers=communities,water,roads,bus_stops", server);
        SaveArtifact(map, $"declared-bus-stops-map-{store}.png");
        Assert.True(CountNear(map, StopColour) > 40, $"{store}: /map.png with bus_stops shows no stop colour");
        var without = await PngAsync(http, "map.png?bbox=104.03,30.48,104.08,30.525&width=800&height=720&layers=communities,water,roads", server);
        Assert.True(CountNear(without, StopColour) < CountNear(map, StopColour) / 4, $"{store}: the stop colour is there without bus_stops too");

        // The layer list clients draw from.
        var list = await JsonAsync(http, "map/layers.json", server);
        var last = list["layers"]!.AsArray()[^1]!;
        Assert.Equal(("bus_stops", "default", false, "#D55E00"),
            ((string?)last["name"], (string?)last["style"], (bool)last["built_in"]!, (string?)last["color"]));
        Assert.Equal("/tiles/bus_stops.json", (string?)last["tilejson"]);
    }

    private static async Task<JsonNode> JsonAsync(HttpClient http, string url, ServerProcess server)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}\n{server.Log}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<SKBitmap> PngAsync(HttpClient http, string url, ServerProcess server)
    {
        using var response = await http.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}\n{server.Log}");
        return SKBitmap.Decode(bytes);
    }

    /// <summary>Pixels within a small distance of <paramref name="colour"/> (antialiasing blends the edges).</summary>
    private static int CountNear(SKBitmap bitmap, SKColor colour)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - colour.Red) + Math.Abs(p.Green - colour.Green) + Math.Abs(p.Blue - colour.Blue) < 40)
                {
                    count++;
                }
            }
        }
        return count;
    }

    private static void SaveArtifact(SKBitmap bitmap, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "rendered"));
        using var file = File.Create(Path.Combine(directory.FullName, name));
        bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
    }
}
