using System.Globalization;
using System.Xml.Linq;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Rendering;
using Huayang.Gis.Rendering.Text;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Server.Maps;

/// <summary>
/// <c>GET /wms</c>: WMS 1.3.0 — GetCapabilities, GetMap (PNG or JPEG) in EPSG:3857, EPSG:4326 and EPSG:4544,
/// GetFeatureInfo (GeoJSON, HTML, plain text) and GetLegendGraphic (PNG) — so desktop GIS clients (QGIS, GDAL) can add
/// the layers, or the whole map as the root layer <c>huayang</c>, identify features and show the legend.
/// </summary>
/// <remarks>
/// WMS 1.3.0 uses each CRS's official axis order in <c>BBOX</c> and in the capabilities' bounding boxes: EPSG:4326 is
/// <c>minlat,minlon,maxlat,maxlon</c>, EPSG:4544 <c>minnorthing,mineasting,maxnorthing,maxeasting</c>, EPSG:3857
/// <c>minx,miny,maxx,maxy</c>. GetMap stretches the box onto the picture as the standard says, draws the layers in
/// the order listed with labels, and leaves out the legend and other decorations. Parameter names are
/// case-insensitive. Errors are a <c>ServiceExceptionReport</c> (text/xml, HTTP 400) with the standard codes; a
/// <c>BBOX</c> outside the CRS's drawable extent or finer than about 1 cm per pixel (<see cref="MapLimits"/>) is
/// <c>InvalidParameterValue</c> naming the limit. The drawing stops when the client goes away.
/// </remarks>
internal static partial class WmsEndpoints
{
    /// <summary>The root layer's name: the whole map, every drawn layer in drawing order.</summary>
    public const string RootName = "huayang";

    public const string Version = "1.3.0";
    private static readonly XNamespace Wms = "http://www.opengis.net/wms";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";
    private static readonly XNamespace Ogc = "http://www.opengis.net/ogc";
    private static readonly XNamespace Sld = "http://www.opengis.net/sld";

    public static IEndpointRouteBuilder MapWmsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/wms", HandleAsync)
            .WithTags("Map pictures")
            .WithName("Wms")
            .WithSummary("WMS 1.3.0: GetCapabilities, GetMap (image/png, image/jpeg) in EPSG:3857, EPSG:4326 and EPSG:4544, GetFeatureInfo, GetLegendGraphic")
            .Produces(StatusCodes.Status200OK, contentType: "text/xml", additionalContentTypes: ["image/png", "image/jpeg", "application/json", "text/html", "text/plain"])
            .Produces(StatusCodes.Status400BadRequest, contentType: ExceptionContentType)
            .Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/problem+json")
            .AddOpenApiOperationTransformer(Features.ApiDocument.QueryParameters(
                ("SERVICE", "WMS"), ("VERSION", Version), ("REQUEST", "GetCapabilities, GetMap, GetFeatureInfo or GetLegendGraphic"),
                ("LAYERS", $"{RootName} (the whole map) or comma-separated layers"), ("STYLES", "empty, or default for each layer"),
                ("CRS", "EPSG:3857, EPSG:4326 or EPSG:4544"), ("BBOX", "minx,miny,maxx,maxy in the CRS's axis order (EPSG:4326: lat,lon)"),
                ("WIDTH", "pixels"), ("HEIGHT", "pixels"), ("FORMAT", "image/png or image/jpeg (GetLegendGraphic: image/png)"), ("TRANSPARENT", "TRUE or FALSE"),
                ("QUERY_LAYERS", "GetFeatureInfo: the layers asked"), ("INFO_FORMAT", "GetFeatureInfo: application/json, application/geo+json, text/html or text/plain"),
                ("I", "GetFeatureInfo: pixel column"), ("J", "GetFeatureInfo: pixel row"), ("FEATURE_COUNT", $"GetFeatureInfo: features per layer, at most {MaxFeatureCount}"),
                ("LAYER", "GetLegendGraphic: a layer or the root"), ("STYLE", "GetLegendGraphic: default")));
        return routes;
    }

    internal static async Task<IResult> HandleAsync(HttpRequest http, ISpatialStore store, CancellationToken cancellationToken)
    {
        var query = http.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? Given(string name) => query.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

        var request = Given("REQUEST");
        if (request is null)
        {
            return Exception("MissingParameterValue", "REQUEST is required: GetCapabilities, GetMap, GetFeatureInfo or GetLegendGraphic", "REQUEST");
        }
        if (string.Equals(request, "GetCapabilities", StringComparison.OrdinalIgnoreCase))
        {
            if (!string.Equals(Given("SERVICE"), "WMS", StringComparison.OrdinalIgnoreCase))
            {
                return Exception("InvalidParameterValue", "SERVICE must be WMS", "SERVICE");
            }
            return TypedResults.Text(await CapabilitiesAsync(http, store, cancellationToken), "text/xml; charset=utf-8");
        }
        if (string.Equals(request, "GetLegendGraphic", StringComparison.OrdinalIgnoreCase))
        {
            return await LegendGraphicAsync(Given, store, cancellationToken);
        }
        var getMap = string.Equals(request, "GetMap", StringComparison.OrdinalIgnoreCase);
        if (!getMap && !string.Equals(request, "GetFeatureInfo", StringComparison.OrdinalIgnoreCase))
        {
            return Exception("OperationNotSupported",
                $"REQUEST={request} is not supported; supported: GetCapabilities, GetMap, GetFeatureInfo, GetLegendGraphic", "REQUEST");
        }
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        var (part, refusal) = ReadMapPart(Given, query, registry);
        if (part is null)
        {
            return refusal!;
        }
        if (!getMap)
        {
            return await FeatureInfoAsync(Given, part, store, cancellationToken);
        }
        var (layers, crs, box, width, height) = part;
        var format = Given("FORMAT")?.ToLowerInvariant();
        if (format is not ("image/png" or "image/jpeg"))
        {
            return Exception("InvalidFormat", $"FORMAT \"{Given("FORMAT")}\" is not offered; formats: image/png, image/jpeg", "FORMAT");
        }
        var transparent = string.Equals(Given("TRANSPARENT"), "TRUE", StringComparison.OrdinalIgnoreCase);

        MapRenderer renderer;
        try
        {
            renderer = MapRenderer.CreateDefault();
        }
        catch (MissingFontException e)
        {
            return Exception(null, e.Message, null, StatusCodes.Status503ServiceUnavailable);
        }
        // Query the store in lon/lat so its spatial index is used.
        Envelope lonLat;
        try
        {
            lonLat = CoordinateTransformer.Transform(box, crs, CrsId.Wgs84);
        }
        catch (ArgumentOutOfRangeException e)
        {
            return Exception("InvalidParameterValue", $"BBOX: {e.Message}", "BBOX");
        }
        var data = await MapSource.LoadAsync(store, lonLat, layers, null, cancellationToken);
        var map = new MapRequest
        {
            Bbox = box,
            Crs = crs,
            Width = width,
            Height = height,
            Layers = layers,
            Decorations = false,
            Transparent = transparent && format == "image/png",
        };
        var jpeg = format == "image/jpeg";
        return TypedResults.Bytes(await renderer.RenderAsync(map, data, jpeg, cancellationToken), jpeg ? "image/jpeg" : "image/png");
    }

    private static async Task<string> CapabilitiesAsync(HttpRequest http, ISpatialStore store, CancellationToken cancellationToken)
    {
        var online = $"{http.Scheme}://{http.Host}{http.PathBase}/wms?";
        XElement Resource() => new(Wms + "OnlineResource", new XAttribute(XLink + "type", "simple"), new XAttribute(XLink + "href", online));
        XElement Operation(string name, params string[] formats) => new(Wms + name,
            formats.Select(f => new XElement(Wms + "Format", f)),
            new XElement(Wms + "DCPType", new XElement(Wms + "HTTP", new XElement(Wms + "Get", Resource()))));

        var all = new Envelope();
        var children = new List<XElement>();
        var drawn = (await store.GetStateAsync(cancellationToken)).Layers.Drawn;
        var legendSizes = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var name in drawn.Select(l => l.Name).Append(RootName))
        {
            legendSizes[name] = PngSize(await LegendAsync(store, name, cancellationToken));
        }
        foreach (var layer in drawn)
        {
            var extent = (await store.DescribeLayerAsync(layer.Name, cancellationToken)).Extent ?? MapExtent.HuayangStreet;
            all.ExpandToInclude(extent);
            children.Add(new XElement(Wms + "Layer", new XAttribute("queryable", "1"),
                new XElement(Wms + "Name", layer.Name),
                new XElement(Wms + "Title", layer.Title),
                new XElement(Wms + "Abstract", layer.Description),
                Bounds(extent),
                LegendStyle(online, layer.Name, legendSizes[layer.Name])));
        }
        // The root layer has a name: adding it adds the whole map, its layers drawn in their order.
        var root = new XElement(Wms + "Layer", new XAttribute("queryable", "1"),
            new XElement(Wms + "Name", RootName),
            new XElement(Wms + "Title", "华阳街道 Huayang Street (illustrative data / 示意数据)"),
            new XElement(Wms + "Abstract", "The whole map: every layer below, drawn in this order (the first at the bottom)."),
            MapLayers.Crss.Select(c => new XElement(Wms + "CRS", c.Code)),
            Bounds(all),
            LegendStyle(online, RootName, legendSizes[RootName]),
            children);

        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(Wms + "WMS_Capabilities",
                new XAttribute("version", Version),
                new XAttribute(XNamespace.Xmlns + "xlink", XLink),
                new XAttribute(XNamespace.Xmlns + "sld", Sld),
                new XElement(Wms + "Service",
                    new XElement(Wms + "Name", "WMS"),
                    new XElement(Wms + "Title", "Huayang.Gis map pictures"),
                    new XElement(Wms + "Abstract",
                        "Communities, water, roads, the plan (one axis, two points, one belt, three zones) and sites of Huayang Street, Chengdu. "
                        + "Illustrative data — not real boundaries / 示意数据."),
                    Resource(),
                    new XElement(Wms + "MaxWidth", MapRequest.MaxSize),
                    new XElement(Wms + "MaxHeight", MapRequest.MaxSize)),
                new XElement(Wms + "Capability",
                    new XElement(Wms + "Request",
                        Operation("GetCapabilities", "text/xml"),
                        Operation("GetMap", "image/png", "image/jpeg"),
                        Operation("GetFeatureInfo", [.. InfoFormats]),
                        new XElement(Sld + "GetLegendGraphic",
                            new XElement(Wms + "Format", "image/png"),
                            new XElement(Wms + "DCPType", new XElement(Wms + "HTTP", new XElement(Wms + "Get", Resource()))))),
                    new XElement(Wms + "Exception", new XElement(Wms + "Format", "XML")),
                    root)));
        return document.Declaration + "\n" + document.Root;
    }

    /// <summary>The default style, with the address of its legend picture.</summary>
    private static XElement LegendStyle(string online, string layer, (int Width, int Height) size)
    {
        var (width, height) = size;
        return new XElement(Wms + "Style",
            new XElement(Wms + "Name", "default"),
            new XElement(Wms + "Title", "default"),
            new XElement(Wms + "LegendURL",
                new XAttribute("width", width), new XAttribute("height", height),
                new XElement(Wms + "Format", "image/png"),
                new XElement(Wms + "OnlineResource", new XAttribute(XLink + "type", "simple"),
                    new XAttribute(XLink + "href", $"{online}SERVICE=WMS&VERSION={Version}&REQUEST=GetLegendGraphic&FORMAT=image/png&STYLE=default&LAYER={Uri.EscapeDataString(layer)}"))));
    }

    /// <summary>The geographic box and one BoundingBox per CRS, in WMS 1.3.0 axis order.</summary>
    private static IEnumerable<XElement> Bounds(Envelope lonLat)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        yield return new XElement(Wms + "EX_GeographicBoundingBox",
            new XElement(Wms + "westBoundLongitude", F(lonLat.MinX)),
            new XElement(Wms + "eastBoundLongitude", F(lonLat.MaxX)),
            new XElement(Wms + "southBoundLatitude", F(lonLat.MinY)),
            new XElement(Wms + "northBoundLatitude", F(lonLat.MaxY)));
        foreach (var crs in MapLayers.Crss)
        {
            var box = CoordinateTransformer.Transform(lonLat, CrsId.Wgs84, crs);
            var xFirst = crs == CrsId.WebMercator;
            yield return new XElement(Wms + "BoundingBox",
                new XAttribute("CRS", crs.Code),
                new XAttribute("minx", F(xFirst ? box.MinX : box.MinY)),
                new XAttribute("miny", F(xFirst ? box.MinY : box.MinX)),
                new XAttribute("maxx", F(xFirst ? box.MaxX : box.MaxY)),
                new XAttribute("maxy", F(xFirst ? box.MaxY : box.MaxX)));
        }
    }

    private static bool TrySize(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= MapRequest.MaxSize;

    /// <summary>A WMS 1.3.0 ServiceExceptionReport.</summary>
    private static IResult Exception(string? code, string message, string? locator, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Text(ExceptionReport(code, message, locator), ExceptionContentType, statusCode: status);

    /// <summary>The content type of a ServiceExceptionReport.</summary>
    internal const string ExceptionContentType = "text/xml; charset=utf-8";

    /// <summary>A WMS 1.3.0 ServiceExceptionReport document with one exception.</summary>
    internal static string ExceptionReport(string? code, string message, string? locator)
    {
        var exception = new XElement(Ogc + "ServiceException", message);
        if (code is not null)
        {
            exception.Add(new XAttribute("code", code));
        }
        if (locator is not null)
        {
            exception.Add(new XAttribute("locator", locator));
        }
        var report = new XElement(Ogc + "ServiceExceptionReport", new XAttribute("version", Version), exception);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + report;
    }
}
