using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Rendering;
using Huayang.Gis.Rendering.Text;
using Huayang.Gis.Server.Features;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Server.Maps;

/// <summary>The map part every GetMap and GetFeatureInfo carries, and the two requests built on it.</summary>
internal static partial class WmsEndpoints
{
    /// <summary>The INFO_FORMATs of GetFeatureInfo.</summary>
    public static IReadOnlyList<string> InfoFormats { get; } = ["application/json", "application/geo+json", "text/html", "text/plain"];

    /// <summary>A click meets what is drawn within this many pixels of it.</summary>
    public const int InfoTolerancePixels = 6;

    /// <summary>The most features GetFeatureInfo returns per layer, whatever FEATURE_COUNT asks.</summary>
    public const int MaxFeatureCount = 50;

    /// <summary>Legend pictures per data version and layer (the painters add rows as they draw, so one is drawn once).</summary>
    private static readonly ConcurrentDictionary<(string Version, string Layer), Lazy<Task<byte[]>>> Legends = new();

    private sealed record MapPart(IReadOnlyList<string> Layers, CrsId Crs, Envelope Box, int Width, int Height);

    /// <summary>VERSION, LAYERS (the root name stands for every drawn layer), STYLES, CRS, BBOX, WIDTH and HEIGHT.</summary>
    private static (MapPart? Part, IResult? Refusal) ReadMapPart(Func<string, string?> given, IReadOnlyDictionary<string, string> query, Core.Model.LayerRegistry registry)
    {
        if (given("VERSION") is not Version)
        {
            return (null, Exception(given("VERSION") is null ? "MissingParameterValue" : "InvalidParameterValue", $"VERSION must be {Version}", "VERSION"));
        }
        var all = MapLayers.Of(registry);
        if (given("LAYERS") is not { } layersText)
        {
            return (null, Exception("MissingParameterValue", $"LAYERS is required: {RootName} (the whole map) or comma-separated names from {string.Join(", ", all)}", "LAYERS"));
        }
        var named = layersText.Split(',', StringSplitOptions.TrimEntries);
        string? bad = null;
        var layers = named.Length == 1 && named[0] == RootName ? all : MapLayers.Parse(layersText, registry, out bad);
        if (layers is null)
        {
            return (null, Exception("LayerNotDefined", $"layer \"{bad}\" is not defined (or repeated); layers: {RootName}, {string.Join(", ", all)}", "LAYERS"));
        }
        if (!query.TryGetValue("STYLES", out var stylesText))
        {
            return (null, Exception("MissingParameterValue", "STYLES is required (empty for the default styles)", "STYLES"));
        }
        var styles = stylesText.Split(',');
        if (styles.Any(s => s.Length > 0 && !string.Equals(s, "default", StringComparison.OrdinalIgnoreCase))
            || (stylesText.Length > 0 && styles.Length != named.Length))
        {
            return (null, Exception("StyleNotDefined", "only the default style exists: STYLES= (empty) or default for each layer", "STYLES"));
        }
        if (given("CRS") is not { } crsText)
        {
            return (null, Exception("MissingParameterValue", "CRS is required: EPSG:3857, EPSG:4326 or EPSG:4544", "CRS"));
        }
        if (!CrsId.TryParse(crsText, out var crs) || !MapLayers.Crss.Contains(crs) || crs == CrsId.Crs84)
        {
            return (null, Exception("InvalidCRS", $"CRS \"{crsText}\" is not offered; CRS: EPSG:3857, EPSG:4326, EPSG:4544", "CRS"));
        }
        if (BoxText.Parse(given("BBOX")) is not [var a, var b, var c, var d] || !(a < c) || !(b < d))
        {
            return (null, Exception("InvalidParameterValue",
                "BBOX must be four numbers minx,miny,maxx,maxy in the CRS's axis order (EPSG:4326: lat,lon; EPSG:4544: northing,easting) with min < max",
                "BBOX"));
        }
        // WMS 1.3.0 axis order: EPSG:4326 and EPSG:4544 put latitude / northing first.
        var box = crs == CrsId.WebMercator ? new Envelope(a, c, b, d) : new Envelope(b, d, a, c);
        if (!TrySize(given("WIDTH"), out var width) || !TrySize(given("HEIGHT"), out var height))
        {
            return (null, Exception("InvalidParameterValue", $"WIDTH and HEIGHT must be integers from 1 to {MapRequest.MaxSize}", "WIDTH"));
        }
        if (MapLimits.Problem(box, crs, width, height) is { } problem)
        {
            return (null, Exception("InvalidParameterValue", $"BBOX: {problem}", "BBOX"));
        }
        return (new MapPart(layers, crs, box, width, height), null);
    }

    /// <summary>
    /// GetFeatureInfo: the features of QUERY_LAYERS drawn within <see cref="InfoTolerancePixels"/> of pixel I, J (an area
    /// under it counts), top layer first, points before lines before areas and nearer before farther, at most
    /// FEATURE_COUNT (default 1) per layer.
    /// </summary>
    private static async Task<IResult> FeatureInfoAsync(Func<string, string?> given, MapPart part, ISpatialStore store, CancellationToken cancellationToken)
    {
        if (given("QUERY_LAYERS") is not { } queryText)
        {
            return Exception("MissingParameterValue", "QUERY_LAYERS is required: comma-separated layers of LAYERS", "QUERY_LAYERS");
        }
        var queried = queryText.Split(',', StringSplitOptions.TrimEntries);
        var queryLayers = queried.Length == 1 && queried[0] == RootName ? part.Layers : queried;
        var notDrawn = queryLayers.FirstOrDefault(l => !part.Layers.Contains(l, StringComparer.Ordinal));
        if (notDrawn is not null || queryLayers.Distinct(StringComparer.Ordinal).Count() != queryLayers.Count)
        {
            return Exception("LayerNotQueryable", $"QUERY_LAYERS: \"{notDrawn ?? queryText}\" is not one of LAYERS (or is repeated)", "QUERY_LAYERS");
        }
        var format = given("INFO_FORMAT")?.ToLowerInvariant();
        if (format is null || !InfoFormats.Contains(format))
        {
            return Exception("InvalidFormat", $"INFO_FORMAT \"{given("INFO_FORMAT")}\" is not offered; formats: {string.Join(", ", InfoFormats)}", "INFO_FORMAT");
        }
        if (!TryPixel(given("I"), part.Width, out var i) || !TryPixel(given("J"), part.Height, out var j))
        {
            return Exception("InvalidPoint", $"I and J must be integers from 0 to WIDTH−1 ({part.Width - 1}) and HEIGHT−1 ({part.Height - 1})", given("I") is null ? "I" : "J");
        }
        var count = 1;
        if (given("FEATURE_COUNT") is { } countText
            && (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            return Exception("InvalidParameterValue", $"FEATURE_COUNT must be an integer from 1 (at most {MaxFeatureCount} are returned per layer)", "FEATURE_COUNT");
        }
        count = Math.Min(count, MaxFeatureCount);

        var perPixelX = part.Box.Width / part.Width;
        var perPixelY = part.Box.Height / part.Height;
        var x = part.Box.MinX + (i + 0.5) * perPixelX;
        var y = part.Box.MaxY - (j + 0.5) * perPixelY;
        var near = new Envelope(x - InfoTolerancePixels * perPixelX, x + InfoTolerancePixels * perPixelX,
            y - InfoTolerancePixels * perPixelY, y + InfoTolerancePixels * perPixelY);
        Envelope lonLatNear;
        Point lonLatClick;
        try
        {
            lonLatNear = CoordinateTransformer.Transform(near, part.Crs, CrsId.Wgs84);
            var (lon, lat) = CoordinateTransformer.Transform(x, y, part.Crs, CrsId.Wgs84);
            lonLatClick = new Point(lon, lat);
        }
        catch (ArgumentOutOfRangeException e)
        {
            return Exception("InvalidParameterValue", $"BBOX: {e.Message}", "BBOX");
        }
        var nearArea = new GeometryFactory().ToGeometry(lonLatNear);
        var scaleX = Math.Cos(lonLatClick.Y * Math.PI / 180);
        var found = new List<(string Layer, IFeature Feature)>();
        // The top layer is drawn last.
        foreach (var layer in MapLayers.InDrawingOrder(queryLayers, (await store.GetStateAsync(cancellationToken)).Layers).Reverse())
        {
            var hits = (await store.GetFeaturesAsync(layer, lonLatNear, cancellationToken))
                .Where(f => f.Geometry is { IsEmpty: false } g && g.Intersects(nearArea))
                .OrderBy(f => -(int)f.Geometry.Dimension)
                .ThenBy(f => ScaledDistance(f.Geometry, lonLatClick, scaleX))
                .ThenBy(f => FeaturesJson.FeatureId(f), StringComparer.Ordinal)
                .Take(count);
            found.AddRange(hits.Select(f => (layer, f)));
        }
        return format switch
        {
            "text/html" => TypedResults.Text(InfoHtml(found), "text/html; charset=utf-8"),
            "text/plain" => TypedResults.Text(InfoText(found), "text/plain; charset=utf-8"),
            _ => TypedResults.Bytes(FeaturesJson.Write(w => InfoJson(w, found)), format),
        };
    }

    /// <summary>GetLegendGraphic: the legend of one layer (or of the whole map, <see cref="RootName"/>) as PNG.</summary>
    private static async Task<IResult> LegendGraphicAsync(Func<string, string?> given, ISpatialStore store, CancellationToken cancellationToken)
    {
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        var all = MapLayers.Of(registry);
        if (given("LAYER") is not { } layer)
        {
            return Exception("MissingParameterValue", $"LAYER is required: {RootName} or one of {string.Join(", ", all)}", "LAYER");
        }
        if (layer != RootName && !all.Contains(layer, StringComparer.Ordinal))
        {
            return Exception("LayerNotDefined", $"layer \"{layer}\" is not defined; layers: {RootName}, {string.Join(", ", all)}", "LAYER");
        }
        if (given("FORMAT") is { } format && !string.Equals(format, "image/png", StringComparison.OrdinalIgnoreCase))
        {
            return Exception("InvalidFormat", $"FORMAT \"{format}\" is not offered for legends; formats: image/png", "FORMAT");
        }
        if (given("STYLE") is { } style && !string.Equals(style, "default", StringComparison.OrdinalIgnoreCase))
        {
            return Exception("StyleNotDefined", "only the default style exists: STYLE=default or none", "STYLE");
        }
        try
        {
            return TypedResults.Bytes(await LegendAsync(store, layer, cancellationToken), "image/png");
        }
        catch (MissingFontException e)
        {
            return Exception(null, e.Message, null, StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The legend picture of a layer or of the root, drawn once per data version.</summary>
    private static async Task<byte[]> LegendAsync(ISpatialStore store, string layer, CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        foreach (var stale in Legends.Keys.Where(k => k.Version != state.Version))
        {
            Legends.TryRemove(stale, out _);
        }
        var lazy = Legends.GetOrAdd((state.Version, layer), _ => new Lazy<Task<byte[]>>(async () =>
        {
            var layers = layer == RootName ? MapLayers.Of(state.Layers) : [layer];
            var extent = new Envelope();
            foreach (var name in layers)
            {
                if ((await store.DescribeLayerAsync(name, CancellationToken.None)).Extent is { } e)
                {
                    extent.ExpandToInclude(e);
                }
            }
            if (extent.IsNull)
            {
                extent = MapExtent.HuayangStreet;
            }
            var data = await MapSource.LoadAsync(store, extent, layers, null, CancellationToken.None);
            var request = new MapRequest { Bbox = extent, Crs = CrsId.Wgs84, Width = 256, Height = 256, Layers = layers, Decorations = false };
            return MapRenderer.CreateDefault().RenderLegendPng(request, data, CancellationToken.None);
        }));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            Legends.TryRemove(new KeyValuePair<(string, string), Lazy<Task<byte[]>>>((state.Version, layer), lazy));
            throw;
        }
    }

    /// <summary>Width and height from a PNG's IHDR chunk.</summary>
    private static (int Width, int Height) PngSize(byte[] png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

    private static bool TryPixel(string? text, int size, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value < size;

    private static double ScaledDistance(Geometry geometry, Point click, double scaleX)
    {
        if (geometry.Dimension == Dimension.Surface && geometry.Contains(click))
        {
            return 0;
        }
        var nearest = NetTopologySuite.Operation.Distance.DistanceOp.NearestPoints(geometry, click)[0];
        var dx = (nearest.X - click.X) * scaleX;
        var dy = nearest.Y - click.Y;
        return dx * dx + dy * dy;
    }

    private static void InfoJson(Utf8JsonWriter w, IReadOnlyList<(string Layer, IFeature Feature)> found)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        foreach (var (layer, feature) in found)
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteString("id", $"{layer}.{FeaturesJson.FeatureId(feature)}");
            w.WritePropertyName("geometry");
            Core.IO.GeoJsonGeometryWriter.Write(w, feature.Geometry);
            w.WriteStartObject("properties");
            w.WriteString("layer", layer);
            foreach (var name in feature.Attributes.GetNames())
            {
                w.WritePropertyName(name);
                Core.IO.AttributeJson.WriteValue(w, feature.Attributes[name], lenient: true);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string InfoText(IReadOnlyList<(string Layer, IFeature Feature)> found)
    {
        var text = new StringBuilder();
        if (found.Count == 0)
        {
            text.Append("no feature here\n");
        }
        foreach (var (layer, feature) in found)
        {
            text.Append(CultureInfo.InvariantCulture, $"Layer '{layer}', feature '{FeaturesJson.FeatureId(feature)}':\n");
            foreach (var name in feature.Attributes.GetNames())
            {
                text.Append(CultureInfo.InvariantCulture, $"  {name} = {PlainValue(feature.Attributes[name])}\n");
            }
        }
        return text.ToString();
    }

    private static string InfoHtml(IReadOnlyList<(string Layer, IFeature Feature)> found)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-Hans\"><head><meta charset=\"utf-8\"><title>GetFeatureInfo</title></head><body>");
        if (found.Count == 0)
        {
            html.Append("<p>no feature here / 此处无要素</p>");
        }
        foreach (var (layer, feature) in found)
        {
            html.Append(CultureInfo.InvariantCulture, $"<table><caption>{WebUtility.HtmlEncode(layer)}: {WebUtility.HtmlEncode(FeaturesJson.FeatureId(feature))}</caption>");
            foreach (var name in feature.Attributes.GetNames())
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><th>{WebUtility.HtmlEncode(name)}</th><td>{WebUtility.HtmlEncode(PlainValue(feature.Attributes[name]))}</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string PlainValue(object? value) => value switch
    {
        null => "",
        string text => text,
        _ => FeaturesJson.ValueText(value),
    };
}
