using Huayang.Gis.Core.Filtering;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// OGC API – Features: Part 1 (core, GeoJSON, HTML, OpenAPI 3.0), Part 2 (CRS by reference) and Part 3 (filtering,
/// <c>FeatureEndpoints.Queryables.cs</c>) over the store's layers, plus <c>/api</c>, the OpenAPI 3.0 document of every endpoint of the server.
/// </summary>
public static partial class FeatureEndpoints
{
    /// <summary>The conformance classes this server passes, and only those.</summary>
    public static IReadOnlyList<string> ConformanceClasses { get; } =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        .. FilterConformanceClasses,
    ];

    private const string Title = "华阳街道 GIS · Huayang Street GIS";
    private const string Description =
        "Planning layers of Huayang Street (华阳街道), Tianfu New Area, Chengdu: communities, population, " +
        "community facilities and the plan 一轴二点、一带三片, as OGC API – Features.";

    /// <summary>Registers what the endpoints need: the OpenAPI 3.0 document served at <c>/api</c>.</summary>
    public static IServiceCollection AddFeatureApi(this IServiceCollection services) => ApiDocument.Add(services);

    /// <summary>Maps the landing page, <c>/conformance</c>, <c>/collections…</c>, <c>/api</c> and <c>/api.html</c>.</summary>
    public static IEndpointRouteBuilder MapFeatureEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ApiDocument.Map(endpoints);
        var group = endpoints.MapGroup("").WithTags("OGC API – Features").AddEndpointFilter(ConditionalGet.FilterAsync);
        group.MapGet("/", Landing)
            .WithName("getLandingPage").WithSummary("Landing page: links to the API, conformance and the collections")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json, additionalContentTypes: Urls.Html)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer(ApiDocument.FormatOnly);
        group.MapGet("/conformance", Conformance)
            .WithName("getConformanceDeclaration").WithSummary("The conformance classes this server passes")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json, additionalContentTypes: Urls.Html)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer(ApiDocument.FormatOnly);
        group.MapGet("/collections", Collections)
            .WithName("getCollections").WithSummary("The feature collections: one per layer")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json, additionalContentTypes: Urls.Html)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer(ApiDocument.FormatOnly);
        group.MapGet("/collections/{collectionId}", Collection)
            .WithName("describeCollection").WithSummary("One collection: names, extent, CRSs")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json, additionalContentTypes: Urls.Html)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(ApiDocument.FormatOnly);
        group.MapGet("/collections/{collectionId}/items", Items)
            .WithName("getFeatures").WithSummary("Features of a collection, by bbox and property values, a page at a time")
            .Produces(StatusCodes.Status200OK, contentType: Urls.GeoJson, additionalContentTypes: Urls.Html)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(ApiDocument.ItemsParameters);
        group.MapGet("/collections/{collectionId}/items/{featureId}", Feature)
            .WithName("getFeature").WithSummary("One feature by its id")
            .Produces(StatusCodes.Status200OK, contentType: Urls.GeoJson, additionalContentTypes: Urls.Html)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(ApiDocument.FeatureParameters);
        MapQueryables(group);
        return endpoints;
    }

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> Landing(
        HttpRequest request, ISpatialStore store, CancellationToken cancellationToken)
    {
        if (!Start(request, ["f"], out var format, out var problem))
        {
            return problem;
        }
        var urls = new Urls(request);
        var description = Description + string.Concat((await CollectionCatalog.SplitAsync(store, cancellationToken)).Select(split =>
            $" The layer {split.Layer} mixes points, lines and areas, so it is served as the collections {string.Join(", ", split.Collections)} " +
            $"(clients such as QGIS type a layer from its first feature); the combined {split.Layer} is kept where clients cope: " +
            $"in the vector tiles, in WMS and at /collections/{split.Layer} (not listed)."));
        Link[] links =
        [
            new(urls.To("/", "json"), format == OutputFormat.Json ? "self" : "alternate", Urls.Json, "This document as JSON"),
            new(urls.To("/", "html"), format == OutputFormat.Html ? "self" : "alternate", Urls.Html, "This document as HTML"),
            new(urls.To("/api"), "service-desc", Urls.OpenApi, "The API definition (OpenAPI 3.0)"),
            new(urls.To("/api.html"), "service-doc", Urls.Html, "The API documentation"),
            new(urls.To("/conformance"), "conformance", Urls.Json, "Conformance classes"),
            new(urls.To("/collections"), "data", Urls.Json, "Collections 图层"),
            new(urls.To("/viewer/"), "related", Urls.Html, "Map viewer"),
            new(urls.To("/tiles"), Tiles.OgcTileEndpoints.TilesetsRel, Urls.Json, "Vector tiles of every layer (OGC API – Tiles)"),
            new(urls.To("/map/tiles"), Tiles.MapTileEndpoints.TilesetsMapRel, Urls.Json, "Map tiles of the whole map (PNG, OGC API – Tiles)"),
            new(urls.To("/tileMatrixSets"), Tiles.OgcTileEndpoints.TilingSchemesRel, Urls.Json, "Tiling schemes"),
            new(urls.To("/styles"), "http://www.opengis.net/def/rel/ogc/1.0/styles", Urls.Json, "Styles for MapLibre and QGIS"),
            new(urls.To($"/tiles/{string.Join(',', (await store.GetStateAsync(cancellationToken)).Layers.Names)}.json"), "related", Urls.Json,
                "Vector tiles of every layer (TileJSON 3.0; /tiles/{layers}/{z}/{x}/{y}.mvt)"),
        ];
        return format == OutputFormat.Html
            ? Html(FeaturesHtml.Landing(Title, description, links))
            : Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("title", Title);
                w.WriteString("description", description);
                FeaturesJson.Links(w, links);
                w.WriteEndObject();
            });
    }

    private static Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult> Conformance(HttpRequest request, ISpatialStore store)
    {
        if (!Start(request, ["f"], out var format, out var problem))
        {
            return problem;
        }
        // Part 4 only where edits are kept (the PostGIS store).
        IReadOnlyList<string> classes = store is IFeatureEditor
            ? [.. ConformanceClasses, .. Tiles.OgcTileEndpoints.ConformanceClasses, .. EditEndpoints.ConformanceClasses]
            : [.. ConformanceClasses, .. Tiles.OgcTileEndpoints.ConformanceClasses];
        return format == OutputFormat.Html
            ? Html(FeaturesHtml.Conformance(new Urls(request), classes))
            : Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("conformsTo");
                foreach (var uri in classes)
                {
                    w.WriteStringValue(uri);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
    }

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> Collections(
        HttpRequest request, ISpatialStore store, CancellationToken cancellationToken)
    {
        if (!Start(request, ["f"], out var format, out var problem))
        {
            return problem;
        }
        var urls = new Urls(request);
        var collections = await CollectionCatalog.ListAsync(store, cancellationToken);
        var drawn = Rendering.MapLayers.Of((await store.GetStateAsync(cancellationToken)).Layers);
        if (format == OutputFormat.Html)
        {
            return Html(FeaturesHtml.Collections(urls, collections));
        }
        return Json(w =>
        {
            w.WriteStartObject();
            FeaturesJson.Links(w, [
                new(urls.To("/collections", "json"), "self", Urls.Json, "Collections as JSON"),
                new(urls.To("/collections", "html"), "alternate", Urls.Html, "Collections as HTML"),
            ]);
            w.WriteStartArray("collections");
            foreach (var (info, summary) in collections)
            {
                FeaturesJson.Collection(w, info, summary, CollectionLinks(urls, info, drawn.Contains(info.Layer, StringComparer.Ordinal)));
            }
            w.WriteEndArray();
            w.WriteStartArray("crs");
            foreach (var crs in OutputCrs.All)
            {
                w.WriteStringValue(crs.Uri);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> Collection(
        HttpRequest request, string collectionId, ISpatialStore store, CancellationToken cancellationToken)
    {
        if (!Start(request, ["f"], out var format, out var problem))
        {
            return problem;
        }
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        if (CollectionCatalog.Find(registry, collectionId) is not { } info)
        {
            return UnknownCollection(registry, collectionId);
        }
        var urls = new Urls(request);
        var summary = info.View(await store.DescribeLayerAsync(info.Layer, cancellationToken));
        return format == OutputFormat.Html
            ? Html(FeaturesHtml.Collection(urls, info, summary))
            : Json(w => FeaturesJson.Collection(w, info, summary, CollectionLinks(urls, info, Rendering.MapLayers.Of(registry).Contains(info.Layer, StringComparer.Ordinal))));
    }

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> Items(
        HttpContext context, string collectionId, ISpatialStore store, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        if (CollectionCatalog.Find(registry, collectionId) is not { } info)
        {
            return UnknownCollection(registry, collectionId);
        }
        // The layer's summary (on PostGIS a query for the dataset version) only when the property names are needed:
        // a parameter beyond the standard ones (a property filter, or a name to refuse), `properties`, or the HTML page.
        // A bad parameter is reported before a bad format, as before.
        var negotiated = Negotiation.TryChoose(request, out var format, out var formatProblem);
        var plain = negotiated && format == OutputFormat.Json
            && request.Query.Keys.All(k => k != "properties" && ItemsParameters.Standard.Contains(k, StringComparer.Ordinal));
        var summary = plain ? new LayerSummary(info.Layer, 0, null, []) : await store.DescribeLayerAsync(info.Layer, cancellationToken);
        if (!ItemsParameters.TryRead(request.Query, summary, Queryables.For(registry.Get(info.Layer)), out var parameters, out var problem))
        {
            return problem!;
        }
        if (!negotiated)
        {
            return formatProblem!;
        }
        var page = await store.QueryFeaturesAsync(
            new FeatureQuery(info.Layer, parameters.Bbox, parameters.Filters, parameters.Offset, parameters.Limit)
            {
                Family = info.Family,
                Filter = parameters.Query.Filter,
                SortBy = parameters.Query.SortBy,
            }, cancellationToken);
        page = page with { Features = parameters.Query.Select(page.Features) };

        var urls = new Urls(request);
        var links = new List<Link>
        {
            new(urls.Self("f", "json"), format == OutputFormat.Json ? "self" : "alternate", Urls.GeoJson, "This page as GeoJSON"),
            new(urls.Self("f", "html"), format == OutputFormat.Html ? "self" : "alternate", Urls.Html, "This page as HTML"),
            new(urls.To($"/collections/{info.Id}"), "collection", Urls.Json, info.Title),
        };
        var pageType = format == OutputFormat.Html ? Urls.Html : Urls.GeoJson;
        if (parameters.Offset + page.Features.Count < page.NumberMatched && page.Features.Count > 0)
        {
            links.Add(new(urls.Self("offset", Invariant(parameters.Offset + page.Features.Count)), "next", pageType, "Next page"));
        }
        if (parameters.Offset > 0)
        {
            var previous = Math.Max(0, parameters.Offset - parameters.Limit);
            links.Add(new(urls.Self("offset", previous == 0 ? null : Invariant(previous)), "prev", pageType, "Previous page"));
        }
        SetCrsHeaders(context.Response, parameters.Crs);
        return format == OutputFormat.Html
            ? Html(FeaturesHtml.Items(urls, info, parameters.Query.Shown(summary), page, parameters, links))
            : Json(w => FeaturesJson.FeatureCollection(w, page, parameters.Crs, DateTimeOffset.UtcNow, links), Urls.GeoJson);
    }

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> Feature(
        HttpContext context, string collectionId, string featureId, ISpatialStore store, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!Start(request, ["f", "crs"], out var format, out var problem))
        {
            return problem;
        }
        var crsText = request.Query.TryGetValue("crs", out var c) ? c.ToString() : null;
        var crs = crsText is null ? OutputCrs.Crs84 : OutputCrs.Find(crsText);
        if (crs is null)
        {
            return ApiProblems.BadParameter("crs", crsText, OutputCrs.Allowed);
        }
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        if (CollectionCatalog.Find(registry, collectionId) is not { } info)
        {
            return UnknownCollection(registry, collectionId);
        }
        // On an editable layer the feature and the version an edit must name in If-Match (Part 4 optimistic locking) are
        // read in one snapshot: an ETag never belongs to a state the client was not shown.
        string? version = null;
        IFeature? feature;
        if (store is IFeatureEditor editor && registry.Get(info.Layer).Editable)
        {
            (feature, version) = await editor.ReadWithVersionAsync(info.Layer, featureId, cancellationToken) is var (read, tag) ? (read, tag) : (null, null);
        }
        else
        {
            feature = await store.GetFeatureAsync(info.Layer, featureId, cancellationToken);
        }
        if (feature is null || !info.Holds(feature.Geometry))
        {
            return ApiProblems.NotFound($"collection \"{info.Id}\" has no feature \"{featureId}\"");
        }
        var urls = new Urls(request);
        Link[] links =
        [
            new(urls.Self("f", "json"), format == OutputFormat.Json ? "self" : "alternate", Urls.GeoJson, "This feature as GeoJSON"),
            new(urls.Self("f", "html"), format == OutputFormat.Html ? "self" : "alternate", Urls.Html, "This feature as HTML"),
            new(urls.To($"/collections/{info.Id}"), "collection", Urls.Json, info.Title),
        ];
        SetCrsHeaders(context.Response, crs);
        if (version is not null)
        {
            context.Response.Headers.ETag = version;
        }
        return format == OutputFormat.Html
            ? Html(FeaturesHtml.Feature(urls, info, feature, crs))
            : Json(w => FeaturesJson.Feature(w, feature, crs, links), Urls.GeoJson);
    }

    /// <summary>Refuses unknown or repeated parameters, then chooses the format.</summary>
    private static bool Start(HttpRequest request, IReadOnlyList<string> allowed, out OutputFormat format, out ProblemHttpResult problem)
    {
        format = OutputFormat.Json;
        var refused = ApiProblems.Unknown(request.Query, allowed) ?? ApiProblems.Repeated(request.Query);
        if (refused is null && Negotiation.TryChoose(request, out format, out refused))
        {
            problem = null!;
            return true;
        }
        problem = refused!;
        return false;
    }

    internal static ProblemHttpResult UnknownCollection(LayerRegistry registry, string id) =>
        ApiProblems.NotFound($"no collection \"{id}\"; the collections are {string.Join(", ", registry.Names)}");

    private static IEnumerable<Link> CollectionLinks(Urls urls, CollectionInfo info, bool drawn)
    {
        List<Link> links =
        [
            new(urls.To($"/collections/{info.Id}", "json"), "self", Urls.Json, info.Title),
            new(urls.To($"/collections/{info.Id}", "html"), "alternate", Urls.Html, info.Title),
            new(urls.To($"/collections/{info.Id}/items"), "items", Urls.GeoJson, $"{info.Title}: features as GeoJSON"),
            new(urls.To($"/collections/{info.Id}/items", "html"), "items", Urls.Html, $"{info.Title}: features as HTML"),
            QueryablesLink(urls, info),
        ];
        if (info.Family is null)
        {
            links.Add(new(urls.To($"/collections/{info.Id}/tiles"), Tiles.OgcTileEndpoints.TilesetsRel, Urls.Json, $"{info.Title}: vector tiles (OGC API – Tiles)"));
            if (drawn)
            {
                links.Add(new(urls.To($"/collections/{info.Id}/map/tiles"), Tiles.MapTileEndpoints.TilesetsMapRel, Urls.Json, $"{info.Title}: map tiles (PNG)"));
            }
        }
        return links;
    }

    private static void SetCrsHeaders(HttpResponse response, OutputCrs crs)
    {
        response.Headers["Content-Crs"] = $"<{crs.Uri}>";
    }

    private static FileContentHttpResult Json(Action<System.Text.Json.Utf8JsonWriter> write, string type = Urls.Json) =>
        TypedResults.Bytes(FeaturesJson.Write(write), type);

    private static ContentHttpResult Html(string html) => TypedResults.Content(html, "text/html; charset=utf-8");

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
