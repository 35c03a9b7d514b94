using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Server.Tests.Rendering;

/// <summary>WMS for desktop clients: the root layer is the whole map, layers are queryable (GetFeatureInfo) and have legends (GetLegendGraphic).</summary>
public sealed class WmsQueryTests(ServerApp app) : IClassFixture<ServerApp>
{
    private static readonly XNamespace Wms = "http://www.opengis.net/wms";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";
    private const string Box = "30.45,103.98,30.53,104.1";

    [Fact]
    public async Task The_root_layer_is_named_and_every_layer_is_queryable_with_a_legend_url_that_answers_its_size()
    {
        using var client = app.CreateClient();
        var capabilities = XDocument.Parse(await client.GetStringAsync("wms?SERVICE=WMS&REQUEST=GetCapabilities"));
        var root = capabilities.Descendants(Wms + "Capability").Elements(Wms + "Layer").Single();
        Assert.Equal("huayang", root.Element(Wms + "Name")?.Value);
        var layers = root.Elements(Wms + "Layer").ToList();
        Assert.Equal(["communities", "water", "roads", "plan", "sites"], layers.Select(l => l.Element(Wms + "Name")!.Value));
        Assert.All(layers.Append(root), layer => Assert.Equal("1", layer.Attribute("queryable")?.Value));
        var request = capabilities.Descendants(Wms + "Request").Single();
        Assert.Contains("text/html", request.Element(Wms + "GetFeatureInfo")!.Elements(Wms + "Format").Select(f => f.Value));
        foreach (var layer in layers.Append(root))
        {
            var legend = layer.Element(Wms + "Style")!.Element(Wms + "LegendURL")!;
            var href = legend.Element(Wms + "OnlineResource")!.Attribute(XLink + "href")!.Value;
            using var response = await client.GetAsync(new Uri(href).PathAndQuery.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            using var picture = SkiaSharp.SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(legend.Attribute("width")!.Value, picture.Width.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(legend.Attribute("height")!.Value, picture.Height.ToString(CultureInfo.InvariantCulture));
            Assert.True(picture.Width >= 100 && picture.Height >= 20, $"{href}: {picture.Width}×{picture.Height}");
            Assert.True(InkShare(picture) > 0.02, $"{href}: the legend is almost blank");
        }
    }

    [Fact]
    public async Task The_whole_map_legend_lists_more_than_one_layer_and_the_root_draws_what_the_layers_draw()
    {
        using var client = app.CreateClient();
        using var sites = SkiaSharp.SKBitmap.Decode(await client.GetByteArrayAsync("wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=sites&FORMAT=image/png"));
        using var all = SkiaSharp.SKBitmap.Decode(await client.GetByteArrayAsync("wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=huayang&FORMAT=image/png"));
        Assert.True(all.Height > sites.Height + 100, $"whole map legend {all.Height} px high, the sites' {sites.Height} px");

        const string map = "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&STYLES=&CRS=EPSG:4326&BBOX=" + Box + "&WIDTH=400&HEIGHT=300&FORMAT=image/png";
        var root = await client.GetByteArrayAsync("wms?" + map + "&LAYERS=huayang");
        var listed = await client.GetByteArrayAsync("wms?" + map + "&LAYERS=communities,water,roads,plan,sites");
        Assert.Equal(listed, root);
    }

    [Fact]
    public async Task GetFeatureInfo_on_a_site_finds_that_site_first_and_under_it_the_community_that_contains_it()
    {
        var reference = app.Services.GetRequiredService<Core.Store.ISpatialStore>();
        var site = (await reference.GetFeaturesAsync("sites", null)).OrderBy(f => f.Attributes["id"]?.ToString(), StringComparer.Ordinal).First();
        var point = (Point)site.Geometry;
        // A 400 × 300 picture of EPSG:3857 centred on the site: the site is at pixel (200, 150).
        var (x, y) = CoordinateTransformer.Transform(point.X, point.Y, CrsId.Wgs84, CrsId.WebMercator);
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{x - 400},{y - 300},{x + 400},{y + 300}");
        using var client = app.CreateClient();
        var json = await client.GetStringAsync(
            $"wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=communities,sites&QUERY_LAYERS=communities,sites&STYLES=&CRS=EPSG:3857&BBOX={bbox}&WIDTH=400&HEIGHT=300&I=200&J=150&INFO_FORMAT=application/json&FEATURE_COUNT=1");
        using var document = JsonDocument.Parse(json);
        var features = document.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(2, features.Count);
        Assert.Equal("sites", features[0].GetProperty("properties").GetProperty("layer").GetString());
        Assert.Equal(site.Attributes["id"]?.ToString(), features[0].GetProperty("properties").GetProperty("id").GetString());
        Assert.Equal(site.Attributes["name_zh"]?.ToString(), features[0].GetProperty("properties").GetProperty("name_zh").GetString());
        // The community is the one that holds the site, by brute force over every community.
        var holder = (await reference.GetFeaturesAsync("communities", null)).Single(c => c.Geometry.Contains(point));
        Assert.Equal("communities", features[1].GetProperty("properties").GetProperty("layer").GetString());
        Assert.Equal(holder.Attributes["id"]?.ToString(), features[1].GetProperty("properties").GetProperty("id").GetString());

        var html = await client.GetStringAsync(
            $"wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=huayang&QUERY_LAYERS=sites&STYLES=&CRS=EPSG:3857&BBOX={bbox}&WIDTH=400&HEIGHT=300&I=200&J=150&INFO_FORMAT=text/html");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(site.Attributes["name_zh"]!.ToString()!), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFeatureInfo_far_from_every_site_finds_none()
    {
        // A 100 m picture in the middle of the river-free north-west corner of the box, checked by brute force to hold no site.
        var reference = app.Services.GetRequiredService<Core.Store.ISpatialStore>();
        var sites = await reference.GetFeaturesAsync("sites", null);
        var extent = new Envelope(103.9, 104.2, 30.3, 30.7);
        var empty = Enumerable.Range(0, 400).Select(i => new Coordinate(extent.MinX + (i % 20) * 0.015, extent.MinY + (i / 20) * 0.02))
            .First(c => sites.All(s => s.Geometry.Coordinate.Distance(c) > 0.01));
        var (x, y) = CoordinateTransformer.Transform(empty.X, empty.Y, CrsId.Wgs84, CrsId.WebMercator);
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{x - 100},{y - 100},{x + 100},{y + 100}");
        using var client = app.CreateClient();
        var text = await client.GetStringAsync(
            $"wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=sites&QUERY_LAYERS=sites&STYLES=&CRS=EPSG:3857&BBOX={bbox}&WIDTH=100&HEIGHT=100&I=50&J=50&INFO_FORMAT=text/plain");
        Assert.Equal("no feature here\n", text);
    }

    private static double InkShare(SkiaSharp.SKBitmap picture)
    {
        var ink = 0;
        for (var y = 0; y < picture.Height; y++)
        {
            for (var x = 0; x < picture.Width; x++)
            {
                var c = picture.GetPixel(x, y);
                ink += c.Red < 200 || c.Green < 200 || c.Blue < 200 ? 1 : 0;
            }
        }
        return (double)ink / (picture.Width * picture.Height);
    }
}
