using System.Text.Json.Nodes;
using Huayang.Gis.Core.Filtering;
using Microsoft.OpenApi;

namespace Huayang.Gis.Server.Features;

/// <summary>The Part 3 and sorting parameters of the items operation.</summary>
internal static partial class ApiDocument
{
    /// <summary>
    /// Declares <c>filter</c>, <c>filter-lang</c> (its enum names <c>cql-text</c> too: GDAL's OAPIF driver passes
    /// <c>-where</c> to the server only when it finds that value), <c>filter-crs</c>, <c>sortby</c> and <c>properties</c>.
    /// </summary>
    private static void AddFilterParameters(OpenApiOperation operation)
    {
        Add(operation, new OpenApiParameter
        {
            Name = "filter",
            In = ParameterLocation.Query,
            Description = "A CQL2 filter over the collection's queryables (/collections/{collectionId}/queryables): comparisons, " +
                "AND/OR/NOT, BETWEEN, IN, LIKE, IS NULL, S_INTERSECTS … S_CONTAINS and S_DWITHIN(geometry, literal, metres in EPSG:4544). " +
                "Example: category = 'kindergarten' AND capacity >= 200.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = FilterLimits.MaxTextBytes },
        });
        Add(operation, new OpenApiParameter
        {
            Name = "filter-lang",
            In = ParameterLocation.Query,
            Description = "The language of filter: cql2-text (default), cql2-json, or cql-text (the same text, as GDAL names it).",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = FilterParser.LanguageNames.Select(n => (JsonNode)JsonValue.Create(n)).ToList(),
                Default = JsonValue.Create("cql2-text"),
            },
        });
        Add(operation, new OpenApiParameter
        {
            Name = "filter-crs",
            In = ParameterLocation.Query,
            Description = "The CRS of the filter's geometry literals, in its own axis order; default CRS84.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "uri",
                Enum = FilterCrs.All.Select(c => (JsonNode)JsonValue.Create(c.Id.Uri)).ToList(),
            },
        });
        Add(operation, new OpenApiParameter
        {
            Name = "sortby",
            In = ParameterLocation.Query,
            Style = ParameterStyle.Form,
            Explode = false,
            Description = "Sort keys: queryables separated by commas, '-' before a key for descending (name_zh,-capacity). " +
                "Nulls last, then by id.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        });
        Add(operation, new OpenApiParameter
        {
            Name = "properties",
            In = ParameterLocation.Query,
            Style = ParameterStyle.Form,
            Explode = false,
            Description = "The properties to return, separated by commas (empty for none); id is always kept.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        });
    }
}
