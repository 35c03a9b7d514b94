using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Server.Tests.Rendering;

/// <summary><c>/map.png</c> and <c>/wms</c> in-process: pictures of the asked size, 400s for bad values, WMS capabilities and GetMap per CRS.</summary>
public sealed class MapEndpointTests(ServerApp app) : IClassFixture<ServerApp>
{
    private static readonly XNamespace Wms = "http://www.opengis.net/wms";

    [Fact]
    public async Task Map_png_is_a_png_of_the_asked_size()
    {
        using var response = await app.CreateClient().GetAsync("map.png?bbox=104.00,30.45,104.10,30.55&width=400&height=300&layers=communities,plan,sites&crs=EPSG:4544");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var (width, height) = PngSize(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((400, 300), (width, height));
    }

    [Theory]
    [InlineData("width=0", "width")]
    [InlineData("width=5000", "width")]
    [InlineData("height=abc", "height")]
    [InlineData("layers=communities,rivers", "layers")]
    [InlineData("layers=sites,sites", "layers")]
    [InlineData("crs=EPSG:4490", "crs")]
    [InlineData("bbox=104.1,30.4,104.0,30.5", "bbox")]
    [InlineData("bbox=1,2,3", "bbox")]
    [InlineData("theme=coverage&category=library&level=5min", "category")]
    [InlineData("theme=coverage&category=kindergarten&level=1min", "level")]
    [InlineData("decorations=maybe", "decorations")]
    // Nothing is silently ignored: unknown or misspelt parameters, and theme parameters without the theme.
    [InlineData("categroy=park", "categroy")]
    [InlineData("width=800&zoom=3", "zoom")]
    [InlineData("category=kindergarten&level=5min", "category")]
    [InlineData("level=5min", "level")]
    [InlineData("status=planned", "status")]
    [InlineData("method=network", "method")]
    [InlineData("theme=coverage&category=kindergarten&level=5min&method=walk", "method")]
    [InlineData("width=800&width=900", "width")]
    [InlineData("site_categories=kindergarten,library", "site_categories")]
    [InlineData("site_status=closed", "site_status")]
    public async Task Bad_values_answer_400_naming_the_parameter(string query, string parameter)
    {
        using var response = await app.CreateClient().GetAsync("map.png?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Site_filters_choose_the_sites_drawn_as_the_viewer_filters_them()
    {
        var client = app.CreateClient();
        const string sites = "map.png?bbox=104.00,30.45,104.10,30.55&width=800&height=800&layers=sites&decorations=false";
        var style = JsonDocument.Parse(await client.GetStringAsync("map/style.json")).RootElement.GetProperty("sites").GetProperty("categories");
        var kindergarten = SkiaSharp.SKColor.Parse(style.GetProperty("kindergarten").GetProperty("color").GetString()!);
        var school = SkiaSharp.SKColor.Parse(style.GetProperty("primary_school").GetProperty("color").GetString()!);
        int Count(byte[] png, SkiaSharp.SKColor colour)
        {
            using var bitmap = SkiaSharp.SKBitmap.Decode(png);
            return bitmap.Pixels.Count(p => Math.Abs(p.Red - colour.Red) + Math.Abs(p.Green - colour.Green) + Math.Abs(p.Blue - colour.Blue) < 30);
        }

        var all = await client.GetByteArrayAsync(sites);
        var kindergartens = await client.GetByteArrayAsync(sites + "&site_categories=kindergarten");
        Assert.True(Count(all, kindergarten) > 50 && Count(all, school) > 50, "every site is drawn without a filter");
        Assert.True(Count(kindergartens, kindergarten) > 50, "the kindergartens are drawn");
        Assert.Equal(0, Count(kindergartens, school));
        var planned = await client.GetByteArrayAsync(sites + "&site_categories=kindergarten,primary_school&site_status=planned");
        var existing = await client.GetByteArrayAsync(sites + "&site_categories=kindergarten,primary_school&site_status=existing");
        Assert.NotEqual(Convert.ToBase64String(planned), Convert.ToBase64String(existing));
        // Planned sites are hollow: far fewer pixels of the category's colour than the filled existing ones.
        Assert.True(Count(planned, kindergarten) < Count(existing, kindergarten), "planned (hollow) against existing (filled) kindergartens");
    }

    [Theory]
    [InlineData("status=existing&method=buffer", "status=all&method=buffer")]
    [InlineData("status=existing&method=buffer", "status=existing&method=network")]
    public async Task The_coverage_theme_is_drawn_for_the_sites_and_the_method_asked(string first, string second)
    {
        var client = app.CreateClient();
        const string theme = "map.png?bbox=104.00,30.45,104.10,30.55&width=400&height=300&theme=coverage&category=kindergarten&level=5min&";
        using var a = await client.GetAsync(theme + first);
        using var b = await client.GetAsync(theme + second);
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        var (pngA, pngB) = (await a.Content.ReadAsByteArrayAsync(), await b.Content.ReadAsByteArrayAsync());
        Assert.Equal((400, 300), PngSize(pngA));
        Assert.Equal((400, 300), PngSize(pngB));
        // Another question colours the communities (and names their shares) otherwise: the pictures differ.
        Assert.NotEqual(Convert.ToBase64String(pngA), Convert.ToBase64String(pngB));
    }

    [Fact]
    public async Task Wms_capabilities_list_the_layers_with_the_three_crs_and_bounding_boxes()
    {
        using var response = await app.CreateClient().GetAsync("wms?SERVICE=WMS&REQUEST=GetCapabilities");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("1.3.0", xml.Root!.Attribute("version")?.Value);
        var layers = xml.Descendants(Wms + "Layer").Where(l => l.Element(Wms + "Name") is not null).ToList();
        Assert.Equal(["huayang", "communities", "water", "roads", "plan", "sites"], layers.Select(l => l.Element(Wms + "Name")!.Value));
        layers.RemoveAt(0);
        var crs = xml.Descendants(Wms + "CRS").Select(c => c.Value).ToList();
        Assert.Equal(["EPSG:3857", "EPSG:4326", "EPSG:4544"], crs);
        var communities = layers[0];
        var box4326 = communities.Elements(Wms + "BoundingBox").Single(b => b.Attribute("CRS")?.Value == "EPSG:4326");
        // WMS 1.3.0 axis order: latitude first.
        Assert.InRange(double.Parse(box4326.Attribute("minx")!.Value, System.Globalization.CultureInfo.InvariantCulture), 30, 31);
        Assert.InRange(double.Parse(box4326.Attribute("miny")!.Value, System.Globalization.CultureInfo.InvariantCulture), 103, 105);
        var box4544 = communities.Elements(Wms + "BoundingBox").Single(b => b.Attribute("CRS")?.Value == "EPSG:4544");
        Assert.InRange(double.Parse(box4544.Attribute("minx")!.Value, System.Globalization.CultureInfo.InvariantCulture), 3_300_000, 3_500_000);
    }

    [Theory]
    [InlineData("EPSG:4326", "30.45,104.00,30.55,104.10")]
    [InlineData("EPSG:3857", "11577000,3565000,11588000,3577000")]
    [InlineData("EPSG:4544", "3371000,400000,3382000,412000")]
    public async Task Wms_GetMap_draws_a_picture_in_each_crs(string crs, string bbox)
    {
        using var response = await app.CreateClient().GetAsync(
            $"wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communities,water,plan,sites&STYLES=&CRS={crs}&BBOX={bbox}&WIDTH=300&HEIGHT=200&FORMAT=image/png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((300, 200), PngSize(png));
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 4)
        {
            for (var x = 0; x < bitmap.Width; x += 4)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }
        Assert.True(colours.Count > 20, $"{crs}: the picture has only {colours.Count} colours; is the box in the right axis order?");
    }

    [Theory]
    [InlineData("SERVICE=WMS&REQUEST=DescribeLayer", "OperationNotSupported")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=sites&QUERY_LAYERS=roads&STYLES=&CRS=EPSG:4326&BBOX=30.4,104,30.5,104.1&WIDTH=10&HEIGHT=10&I=1&J=1&INFO_FORMAT=text/plain", "LayerNotQueryable")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=sites&QUERY_LAYERS=sites&STYLES=&CRS=EPSG:4326&BBOX=30.4,104,30.5,104.1&WIDTH=10&HEIGHT=10&I=10&J=1&INFO_FORMAT=text/plain", "InvalidPoint")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=sites&QUERY_LAYERS=sites&STYLES=&CRS=EPSG:4326&BBOX=30.4,104,30.5,104.1&WIDTH=10&HEIGHT=10&I=1&J=1&INFO_FORMAT=application/vnd.ogc.gml", "InvalidFormat")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=rivers&FORMAT=image/png", "LayerNotDefined")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=rivers&STYLES=&CRS=EPSG:4326&BBOX=30.4,104,30.5,104.1&WIDTH=10&HEIGHT=10&FORMAT=image/png", "LayerNotDefined")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=sites&STYLES=fancy&CRS=EPSG:4326&BBOX=30.4,104,30.5,104.1&WIDTH=10&HEIGHT=10&FORMAT=image/png", "StyleNotDefined")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=sites&STYLES=&CRS=EPSG:32648&BBOX=30.4,104,30.5,104.1&WIDTH=10&HEIGHT=10&FORMAT=image/png", "InvalidCRS")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=sites&STYLES=&CRS=EPSG:4326&BBOX=30.4,104,30.5,104.1&WIDTH=10&HEIGHT=10&FORMAT=image/gif", "InvalidFormat")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=sites&STYLES=&CRS=EPSG:4326&BBOX=30.5,104,30.4,104.1&WIDTH=10&HEIGHT=10&FORMAT=image/png", "InvalidParameterValue")]
    [InlineData("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&STYLES=&CRS=EPSG:4326&BBOX=30.4,104,30.5,104.1&WIDTH=10&HEIGHT=10&FORMAT=image/png", "MissingParameterValue")]
    public async Task Wms_errors_are_service_exception_reports_with_the_standard_codes(string query, string code)
    {
        using var response = await app.CreateClient().GetAsync("wms?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ServiceExceptionReport", xml.Root!.Name.LocalName);
        Assert.Equal(code, xml.Root.Elements().Single().Attribute("code")?.Value);
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 24 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "not a PNG");
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)),
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
