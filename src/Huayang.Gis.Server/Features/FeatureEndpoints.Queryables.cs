using Huayang.Gis.Core.Filtering;
using Huayang.Gis.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// OGC API – Features Part 3: <c>/collections/{id}/queryables</c> (JSON Schema 2020-12 of what <c>filter</c> and
/// <c>sortby</c> may name) and the conformance classes of filtering and sorting.
/// </summary>
public static partial class FeatureEndpoints
{
    /// <summary>The media type of the queryables.</summary>
    public const string SchemaJson = "application/schema+json";

    /// <summary>The link relation from a collection to its queryables.</summary>
    public const string QueryablesRel = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

    /// <summary>
    /// Part 3 and CQL2 classes, each implemented and tested: comparisons of properties and literals (also two
    /// properties, or two literals, dates and time stamps among them), TRUE/FALSE, AND/OR/NOT and IS NULL (basic CQL2);
    /// BETWEEN, IN and LIKE (advanced comparison operators); the eight spatial relations with any WKT, GeoJSON or bbox
    /// literal (spatial functions, which include the basic ones and basic-plus); both encodings; and sorting
    /// (<c>sortby</c>, OGC API – Records). Not declared: case- and accent-insensitive comparison, arithmetic, arrays,
    /// temporal functions, functions.
    /// </summary>
    /// <remarks>A nested class holds the list so that it exists before <see cref="ConformanceClasses"/> (in the other file) reads it.</remarks>
    public static IReadOnlyList<string> FilterConformanceClasses => FilterClasses.All;

    private static class FilterClasses
    {
        public static readonly IReadOnlyList<string> All =
        [
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
            "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/sorting",
        ];
    }

    private static void MapQueryables(RouteGroupBuilder group) =>
        group.MapGet("/collections/{collectionId}/queryables", GetQueryables)
            .WithName("getQueryables").WithSummary("What filter and sortby may name in a collection (JSON Schema)")
            .Produces(StatusCodes.Status200OK, contentType: SchemaJson, additionalContentTypes: Urls.Html)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(ApiDocument.FormatOnly);

    private static Link QueryablesLink(Urls urls, CollectionInfo info) =>
        new(urls.To($"/collections/{info.Id}/queryables"), QueryablesRel, SchemaJson, $"{info.Title}: queryables");

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> GetQueryables(
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
        var layer = registry.Get(info.Layer);
        var queryables = Queryables.For(layer);
        var urls = new Urls(request);
        if (format == OutputFormat.Html)
        {
            return Html(FeaturesHtml.Queryables(urls, info, queryables));
        }
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
            w.WriteString("$id", urls.To($"/collections/{info.Id}/queryables"));
            w.WriteString("type", "object");
            w.WriteString("title", info.Title);
            w.WriteString("description", $"What filter (CQL2) and sortby may name in {info.Id}.");
            w.WriteStartObject("properties");
            foreach (var field in queryables.Fields)
            {
                w.WriteStartObject(field.Name);
                w.WriteString("title", field.Title);
                if (field.SchemaType is { } type)
                {
                    w.WriteString("type", type);
                }
                else
                {
                    w.WriteString("format", layer.GeometryTypes.Count == 1 ? "geometry-" + layer.GeometryTypes[0].ToLowerInvariant() : "geometry-any");
                }
                if (field.Allowed is { } allowed)
                {
                    w.WriteStartArray("enum");
                    foreach (var value in allowed)
                    {
                        w.WriteStringValue(value);
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteBoolean("additionalProperties", false);
            w.WriteEndObject();
        }, QueryablesType(request));
    }

    /// <summary>
    /// <c>application/schema+json</c>, unless the client asks for <c>application/json</c> and not for schema+json
    /// (older clients check the type they asked for).
    /// </summary>
    private static string QueryablesType(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return SchemaJson;
        }
        var types = accepted.Select(a => a.MediaType.Value ?? "").ToList();
        return types.Contains(Urls.Json, StringComparer.OrdinalIgnoreCase) && !types.Contains(SchemaJson, StringComparer.OrdinalIgnoreCase)
            ? Urls.Json
            : SchemaJson;
    }
}
