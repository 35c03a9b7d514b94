using System.Text.Json;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// The bodies of edits: read within the size limit as one JSON object in its <c>Content-Crs</c>, merged into the stored
/// feature for PATCH (RFC 7396), and checked by <see cref="FeatureBody"/> as a load checks a feature.
/// </summary>
internal static class EditBodies
{
    /// <summary>The body as a JSON object and its CRS (<c>Content-Crs</c>, default CRS84), or 400/413/415.</summary>
    internal static async Task<(JsonObject? Body, CrsId Crs, IResult? Problem)> ReadBodyAsync(
        HttpRequest request, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        var crs = CrsId.Crs84;
        if (request.Headers.TryGetValue("Content-Crs", out var crsHeader))
        {
            var text = crsHeader.ToString().Trim().TrimStart('<').TrimEnd('>');
            if (!CrsId.TryParse(text, out crs) || OutputCrs.Find(crs.Uri) is null)
            {
                return (null, crs, EditEndpoints.Problem(StatusCodes.Status400BadRequest, "Unknown Content-Crs",
                    $"Content-Crs {crsHeader} is not one of {OutputCrs.Allowed}", field: "Content-Crs", value: crsHeader.ToString()));
            }
        }

        var type = request.ContentType?.Split(';')[0].Trim() ?? "";
        if (!types.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            return (null, crs, EditEndpoints.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"the body must be {string.Join(" or ", types)}, not \"{type}\""));
        }

        if (request.ContentLength > EditEndpoints.MaxBodyBytes)
        {
            return (null, crs, EditEndpoints.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"a feature body is at most {EditEndpoints.MaxBodyBytes:N0} bytes"));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > EditEndpoints.MaxBodyBytes)
            {
                return (null, crs, EditEndpoints.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"a feature body is at most {EditEndpoints.MaxBodyBytes:N0} bytes"));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var node = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            return node is JsonObject body
                ? (body, crs, null)
                : (null, crs, EditEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a JSON object", "the body must be one GeoJSON Feature object"));
        }
        catch (JsonException e)
        {
            return (null, crs, EditEndpoints.Problem(StatusCodes.Status400BadRequest, "Malformed JSON",
                $"the body is not JSON: {e.Message}", field: e.Path, value: e.LineNumber is { } line ? $"line {line + 1}, byte {e.BytePositionInLine + 1}" : null));
        }
    }

    /// <summary>The feature checked as a load checks one, or 422 naming every field and value at fault.</summary>
    internal static async Task<(NetTopologySuite.Features.IFeature? Feature, IResult? Problem)> CheckAsync(
        LayerDefinition layer, JsonObject body, CrsId crs, ISpatialStore store, CancellationToken cancellationToken)
    {
        var categories = (await store.GetStateAsync(cancellationToken)).LifeCircles.Categories.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        // Part 2's axis order holds for bodies as for answers: EPSG:4326 and 4490 latitude first, EPSG:4544 northing
        // first; the reader takes x = longitude or easting first.
        if (OutputCrs.Find(crs.Uri) is { SecondAxisFirst: true } && body["geometry"] is JsonObject geometry)
        {
            SwapAxes(geometry["coordinates"]);
        }

        using var document = JsonDocument.Parse(body.ToJsonString());
        var result = FeatureBody.Read(layer, document.RootElement, crs, categories);
        return result.Feature is not null ? (result.Feature, null) : (null, Invalid(result.Problems));
    }

    /// <summary>Swaps the first two numbers of every position in a GeoJSON coordinates array, in place.</summary>
    private static void SwapAxes(JsonNode? coordinates)
    {
        if (coordinates is not JsonArray array)
        {
            return;
        }

        if (array.Count >= 2 && array[0] is JsonValue && array[1] is JsonValue)
        {
            var first = array[0]!.DeepClone();
            array[0] = array[1]!.DeepClone();
            array[1] = first;
            return;
        }

        foreach (var item in array)
        {
            SwapAxes(item);
        }
    }

    internal static IResult Invalid(IReadOnlyList<DatasetProblem> problems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The feature breaks the layer's rules",
            detail: string.Join("; ", problems.Select(p => p.ToString())),
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = problems.Select(p => new Dictionary<string, object?>
                {
                    ["field"] = p.Field, ["value"] = p.Value, ["message"] = p.Message,
                }).ToList(),
            });

    /// <summary>RFC 7396: members of the patch replace the target's, null removes one, objects merge recursively.</summary>
    internal static JsonNode? MergePatchInto(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var merged = MergePatchInto(result[name], value);
                result.Remove(name);
                result[name] = merged;
            }
        }

        return result;
    }

    internal static string? IdOf(JsonObject body) =>
        body["id"] is JsonValue id ? id.ToString()
        : body["properties"] is JsonObject properties && properties["id"] is JsonValue inner ? inner.ToString()
        : null;
}
