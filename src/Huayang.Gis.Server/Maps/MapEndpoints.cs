using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Rendering;
using Huayang.Gis.Rendering.Text;
using NetTopologySuite.Features;

namespace Huayang.Gis.Server.Maps;

/// <summary>
/// <c>GET /map.png</c>: a map picture for a report or the viewer's export, drawn by <see cref="MapRenderer"/>, with
/// title, legend, scale bar, north arrow and attribution unless <c>decorations=false</c>. With <c>theme=coverage</c> the
/// communities are coloured by the coverage of <c>category</c> at <c>level</c>, counting the sites of <c>status</c>
/// (all, existing or planned) within the level's distance measured by <c>method</c> (buffer or network), as
/// <c>/analysis/coverage</c> answers the same question. <c>site_categories</c> (comma-separated) and <c>site_status</c>
/// (existing or planned) choose which sites are drawn, as the viewer's category list and attribute table filter them.
/// </summary>
/// <remarks>
/// <c>bbox</c> is WGS84 <c>minlon,minlat,maxlon,maxlat</c> whatever <c>crs</c> the picture is drawn in, and is
/// widened to the picture's shape rather than stretched; without it the picture shows the layers' extent with room
/// for the legend. A box outside the CRS's area or finer than about 1 cm per pixel (<see cref="MapLimits"/>) answers
/// 400 naming the limit, as do other bad values (problem+json naming the parameter); a server without a CJK font
/// answers 503. The drawing stops when the client goes away (the request's token reaches every loop of the renderer).
/// </remarks>
internal static class MapEndpoints
{
    public const int DefaultWidth = 1024;
    public const int DefaultHeight = 768;

    /// <summary>The parameters <c>/map.png</c> reads; any other is refused with 400 naming it.</summary>
    internal static readonly string[] Parameters =
        ["bbox", "width", "height", "layers", "crs", "decorations", "title", "theme", "category", "level", "status", "method", "site_categories", "site_status"];

    /// <summary>The parameters that only mean something with <c>theme=coverage</c>.</summary>
    private static readonly string[] ThemeParameters = ["category", "level", "status", "method"];

    public static IEndpointRouteBuilder MapMapEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/map.png", GetMapAsync)
            .WithTags("Map pictures")
            .WithName("GetMapPicture")
            .WithSummary("A PNG map of the layers (communities, water, roads, plan, sites), optionally coloured by coverage")
            .AddOpenApiOperationTransformer(Features.ApiDocument.QueryParameters(
                ("bbox", "minlon,minlat,maxlon,maxlat (WGS84) whatever crs the picture is drawn in; default: the layers' extent"),
                ("width", $"pixels, 1 to {MapRequest.MaxSize}; default {DefaultWidth}"), ("height", $"pixels, 1 to {MapRequest.MaxSize}; default {DefaultHeight}"),
                ("layers", "comma-separated drawn layers; default all"), ("crs", "EPSG:3857 (default), EPSG:4326 or EPSG:4544"),
                ("decorations", "true (default: title, legend, scale bar, north arrow) or false"), ("title", "the picture's title"),
                ("theme", "coverage: communities coloured by coverage"), ("category", "the theme's site category"), ("level", "the theme's life-circle level"),
                ("status", "the theme's sites: all, existing or planned"), ("method", "the theme's distance: buffer or network"),
                ("site_categories", "comma-separated categories of the sites drawn"), ("site_status", "existing or planned: the sites drawn")))
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapGet("/map/style.json", () => TypedResults.Text(MapRenderer.DefaultStyleJson, "application/json"))
            .WithTags("Map pictures")
            .WithName("GetMapStyle")
            .WithSummary("The colours and symbols the map pictures use, for clients that draw the same layers")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        routes.MapGet("/map/layers.json", GetLayersAsync)
            .WithTags("Map pictures")
            .WithName("GetMapLayers")
            .WithSummary("Every layer in drawing order (bottom first): titles, geometry, fields, style, zooms, tiles and collection")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return routes;
    }

    /// <summary>
    /// The layer list clients draw from (the viewer among them): each layer's declaration (<c>layers.json</c> form) with
    /// its <c>style</c> (an entry of <c>/map/style.json</c>, or <c>default</c>: drawn by geometry in <c>color</c>),
    /// <c>built_in</c>, and the URLs of its TileJSON and its collection.
    /// </summary>
    internal static async Task<IResult> GetLayersAsync(HttpRequest http, ISpatialStore store, CancellationToken cancellationToken)
    {
        if (ApiProblems.Unknown(http.Query, []) is { } refused)
        {
            return refused;
        }
        var state = await store.GetStateAsync(cancellationToken);
        var root = $"{http.PathBase}";
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("version", state.Version);
            json.WriteStartArray("layers");
            foreach (var layer in state.Layers.All)
            {
                Core.IO.LayerDeclarations.WriteLayer(json, layer, w =>
                {
                    w.WriteString("style", layer.Style);
                    w.WriteBoolean("built_in", layer.BuiltIn);
                    w.WriteString("tilejson", $"{root}/tiles/{layer.Name}.json");
                    w.WriteString("collection", $"{root}/collections/{layer.Name}");
                });
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return TypedResults.Bytes(buffer.ToArray(), "application/json");
    }

    internal static async Task<IResult> GetMapAsync(HttpRequest http, ISpatialStore store, CancellationToken cancellationToken)
    {
        var query = http.Query;
        string? Given(string name) => string.IsNullOrEmpty(query[name]) ? null : query[name].ToString();
        if ((ApiProblems.Unknown(query, Parameters) ?? ApiProblems.Repeated(query)) is { } unknown)
        {
            return unknown;
        }

        var sizeAllowed = $"an integer from 1 to {MapRequest.MaxSize}";
        if (!TrySize(Given("width"), DefaultWidth, out var width))
        {
            return ApiProblems.BadParameter("width", Given("width"), sizeAllowed);
        }
        if (!TrySize(Given("height"), DefaultHeight, out var height))
        {
            return ApiProblems.BadParameter("height", Given("height"), sizeAllowed);
        }
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        var layersAllowed = $"comma-separated names from: {string.Join(", ", MapLayers.Of(registry))}, each at most once";
        var layers = Given("layers") is { } layersText ? MapLayers.Parse(layersText, registry, out _) : MapLayers.Of(registry);
        if (layers is null)
        {
            return ApiProblems.BadParameter("layers", Given("layers"), layersAllowed);
        }
        var crsAllowed = string.Join(", ", MapLayers.Crss.Select(c => c.Code)) + " (default EPSG:3857)";
        var crs = CrsId.WebMercator;
        if (Given("crs") is { } crsText && (!CrsId.TryParse(crsText, out crs) || !MapLayers.Crss.Contains(crs)))
        {
            return ApiProblems.BadParameter("crs", crsText, crsAllowed);
        }
        var box = Given("bbox") is { } bboxText ? BoxText.ParseLonLat(bboxText) : null;
        if (Given("bbox") is not null && box is null)
        {
            return ApiProblems.BadParameter("bbox", Given("bbox"),
                "minlon,minlat,maxlon,maxlat in WGS84 degrees with min < max (e.g. 104.00,30.45,104.10,30.55)",
                "The box is always longitude, latitude, whatever crs the picture is drawn in");
        }
        if (box is not null && MapLimits.LonLatProblem(box, crs) is { } outside)
        {
            return ApiProblems.BadParameter("bbox", Given("bbox"), outside);
        }
        if (!TryBoolean(Given("decorations"), true, out var decorations))
        {
            return ApiProblems.BadParameter("decorations", Given("decorations"), "true (default), false");
        }
        CoverageTheme? theme = null;
        if (Given("theme") is null && ThemeParameters.FirstOrDefault(name => Given(name) is not null) is { } orphan)
        {
            return ApiProblems.BadParameter(orphan, Given(orphan), "only with theme=coverage",
                $"'{orphan}' chooses the coverage question to colour the communities by; add theme=coverage, or leave it out");
        }
        if (Given("theme") is { } themeText)
        {
            if (themeText != "coverage")
            {
                return ApiProblems.BadParameter("theme", themeText, "coverage");
            }
            var standard = (await store.GetStateAsync(cancellationToken)).LifeCircles;
            if (Given("category") is not { } category || !standard.Categories.Any(c => c.Id == category))
            {
                return ApiProblems.BadParameter("category", Given("category"), string.Join(", ", standard.Categories.Select(c => c.Id)));
            }
            if (Given("level") is not { } level || standard.Level(level) is null)
            {
                return ApiProblems.BadParameter("level", Given("level"), string.Join(", ", standard.Levels.Select(l => l.Id)));
            }
            var status = Given("status") switch
            {
                null or "all" => SiteStatusFilter.All,
                "existing" => SiteStatusFilter.Existing,
                "planned" => SiteStatusFilter.Planned,
                _ => (SiteStatusFilter?)null,
            };
            if (status is null)
            {
                return ApiProblems.BadParameter("status", Given("status"), "all (default), existing, planned");
            }
            if (!Analysis.AnalysisParameters.TryMethod(Given("method"), out var method, out var methodProblem))
            {
                return methodProblem;
            }
            theme = new CoverageTheme(category, level, status.Value) { Method = method };
        }

        // Which sites are drawn (the viewer's category list and attribute-table filters), apart from the theme's question.
        var standardCategories = (await store.GetStateAsync(cancellationToken)).LifeCircles.Categories.Select(c => c.Id).ToList();
        HashSet<string>? siteCategories = null;
        if (Given("site_categories") is { } categoriesText)
        {
            siteCategories = categoriesText.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            if (siteCategories.FirstOrDefault(c => !standardCategories.Contains(c)) is { } badCategory)
            {
                return ApiProblems.BadParameter("site_categories", categoriesText,
                    $"comma-separated categories from: {string.Join(", ", standardCategories)}",
                    $"\"{badCategory}\" is not a category of the life-circle table");
            }
        }
        var siteStatus = Given("site_status");
        if (siteStatus is not (null or "existing" or "planned"))
        {
            return ApiProblems.BadParameter("site_status", siteStatus, "existing, planned (default: both)");
        }

        if (Renderer(out var unavailable) is not { } renderer)
        {
            return unavailable!;
        }
        var ordered = MapLayers.InDrawingOrder(layers, registry);
        var data = await MapSource.LoadAsync(store, box, ordered, theme, cancellationToken);
        if ((siteCategories is not null || siteStatus is not null) && data.Layers.TryGetValue(Layers.Sites, out var sites))
        {
            var shown = sites.Where(site =>
                (siteCategories is null || (site.Attributes?.GetOptionalValue("category") is string c && siteCategories.Contains(c)))
                && (siteStatus is null || Equals(site.Attributes?.GetOptionalValue("status"), siteStatus))).ToList();
            data = data with { Layers = new Dictionary<string, IReadOnlyList<IFeature>>(data.Layers, StringComparer.Ordinal) { [Layers.Sites] = shown } };
        }
        var extent = box;
        if (extent is null)
        {
            var dataExtent = MapExtent.OfData(data, ordered) ?? MapExtent.HuayangStreet;
            extent = decorations ? MapExtent.ForReport(dataExtent) : dataExtent;
        }
        var fitted = MapExtent.Fit(extent, crs, width, height);
        if (MapLimits.Problem(fitted, crs, width, height) is { } problem)
        {
            return ApiProblems.BadParameter("bbox", Given("bbox"), problem, $"The box is fitted to the picture's shape in {crs.Code} first");
        }
        var request = new MapRequest
        {
            Bbox = fitted,
            Crs = crs,
            Width = width,
            Height = height,
            Layers = ordered,
            Decorations = decorations,
            Title = Given("title"),
        };
        return TypedResults.Bytes(await renderer.RenderAsync(request, data, jpeg: false, cancellationToken), "image/png");
    }

    /// <summary>The renderer, or (without the CJK fonts the pictures need) null and the 503 problem to answer.</summary>
    internal static MapRenderer? Renderer(out ProblemHttpResult? unavailable)
    {
        try
        {
            unavailable = null;
            return MapRenderer.CreateDefault();
        }
        catch (MissingFontException e)
        {
            unavailable = TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Map pictures are unavailable", detail: e.Message);
            return null;
        }
    }

    private static bool TrySize(string? text, int fallback, out int value)
    {
        value = fallback;
        return text is null
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= MapRequest.MaxSize);
    }

    private static bool TryBoolean(string? text, bool fallback, out bool value)
    {
        (value, var known) = text switch
        {
            null => (fallback, true),
            "true" => (true, true),
            "false" => (false, true),
            _ => (fallback, false),
        };
        return known;
    }
}
