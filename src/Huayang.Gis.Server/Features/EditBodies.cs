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
                type.Length == 0
                    ? $"the request has no Content-Type; the body must be {string.Join(" or ", types)}"
                    : $"the body must be {string.Join(" or ", types)}, not \"{type}\""));
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

        var bytes = buffer.ToArray();
        if (InvalidUtf8At(bytes) is { } offset)
        {
            return (null, crs, EditEndpoints.Problem(StatusCodes.Status400BadRequest, "Not UTF-8",
                $"the body is not UTF-8 text: byte {offset:N0} (0x{bytes[offset]:X2}) does not begin or continue a UTF-8 character; JSON is sent as UTF-8 (RFC 8259)",
                field: "body", value: $"byte {offset}"));
        }

        try
        {
            using (var document = JsonDocument.Parse(bytes, Reading))
            {
                if (LoneSurrogate(document.RootElement, "") is { } path)
                {
                    return (null, crs, EditEndpoints.Problem(StatusCodes.Status400BadRequest, "Not Unicode text",
                        $"the string at {path} escapes half of a surrogate pair (\\uD800–\\uDFFF alone), which is no Unicode character",
                        field: path, value: null));
                }
            }

            var node = JsonNode.Parse(bytes, documentOptions: Reading);
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

    /// <summary>How bodies are parsed: at most 32 levels deep (JSON nested deeper is 400), every member name once.</summary>
    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>The offset of the first byte that is not well-formed UTF-8, or null.</summary>
    private static int? InvalidUtf8At(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var offset = 0;
        while (offset < span.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(span[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>The path of the first string or member name with a lone surrogate escape, or null.</summary>
    private static string? LoneSurrogate(JsonElement element, string path)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var member in element.EnumerateObject())
                    {
                        var inner = $"{path}/{member.Name}";
                        if (LoneSurrogate(member.Value, inner) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        if (LoneSurrogate(item, $"{path}/{i++}") is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                case JsonValueKind.String:
                    _ = element.GetString();
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return path.Length == 0 ? "/" : path;
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
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        var district = registry.Find(Layers.Communities) is null
            ? null
            : (await store.DescribeLayerAsync(Layers.Communities, cancellationToken)).Extent;
        var result = FeatureBody.Read(layer, document.RootElement, crs, categories, district);
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

    /// <summary>
    /// The id a body gives (the Feature's <c>id</c> or <c>properties.id</c>), or a 400 when one is neither a string nor
    /// a number, or when the two disagree.
    /// </summary>
    internal static (string? Id, IResult? Problem) IdOf(JsonObject body)
    {
        string? found = null;
        foreach (var (field, node) in new[] { ("id", body["id"]), ("properties.id", (body["properties"] as JsonObject)?["id"]) })
        {
            if (node is null)
            {
                continue;
            }

            if (node is not JsonValue value || value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return (null, EditEndpoints.Problem(StatusCodes.Status400BadRequest, "The id is not a string",
                    $"{field} is {node.ToJsonString()}; an id is a string (or a number)", field: field, value: node.ToJsonString()));
            }

            var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            if (found is not null && found != text)
            {
                return (null, EditEndpoints.Problem(StatusCodes.Status400BadRequest, "The ids disagree",
                    $"the Feature's id \"{found}\" and properties.id \"{text}\" disagree; give one id (or both the same)", field: field, value: text));
            }

            found = text;
        }

        return (found, null);
    }
}
