using System.Text;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Huayang.Gis.Core.Text;

namespace Huayang.Gis.Core.IO;

/// <summary>Where the parts of a plainly written FeatureCollection are in its bytes.</summary>
/// <param name="Features">Start and length of each element of <c>features</c>, in file order.</param>
/// <param name="Crs">Start and length of the <c>crs</c> member's value, or null when there is none.</param>
internal sealed record GeoJsonOutline(List<(int Start, int Length)> Features, (int Start, int Length)? Crs);

/// <summary>
/// Reads GeoJSON with <see cref="Utf8JsonReader"/> instead of building a <see cref="JsonDocument"/> of the whole
/// file. Only what is written plainly is read here; everything else is left to the document-based reading of
/// <see cref="GeoJsonLayerReader"/>, so that problems keep their wording and order: <see cref="Scan"/> gives up on
/// a file that is not a valid JSON object with one <c>"type": "FeatureCollection"</c> and one <c>features</c>
/// array, and <see cref="TryReadFeature"/> gives up on a feature, before reporting anything about it, when it is
/// anything but an object with <c>"type": "Feature"</c>, a string or number <c>id</c> (or none), a
/// <c>properties</c> object of scalar values with distinct names and finite numbers, and a plain geometry (see
/// <see cref="GeoJsonGeometryReader"/>).
/// </summary>
internal static class GeoJsonStream
{

    /// <summary>The outline of a plain FeatureCollection, or null for any other file (invalid JSON included).</summary>
    public static GeoJsonOutline? Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var sawType = false;
            (int, int)? crs = null;
            List<(int, int)>? features = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    if (sawType || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("FeatureCollection"u8))
                    {
                        return null;
                    }

                    sawType = true;
                }
                else if (reader.ValueTextEquals("crs"u8))
                {
                    reader.Read();
                    if (crs is not null)
                    {
                        return null;
                    }

                    crs = Element(ref reader);
                }
                else if (reader.ValueTextEquals("features"u8))
                {
                    reader.Read();
                    if (features is not null || reader.TokenType != JsonTokenType.StartArray)
                    {
                        return null;
                    }

                    features = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        features.Add(Element(ref reader));
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Past the root object: anything but white space makes the reader throw.
            if (reader.Read() || !sawType || features is null)
            {
                return null;
            }

            return new GeoJsonOutline(features, crs);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Start and length of the value the reader is on, leaving the reader at its last token.</summary>
    private static (int Start, int Length) Element(ref Utf8JsonReader reader)
    {
        var start = checked((int)reader.TokenStartIndex);
        reader.Skip();
        return (start, checked((int)reader.BytesConsumed) - start);
    }

    /// <summary>
    /// The feature in <paramref name="json"/> (one element of a scanned file's <c>features</c>) checked exactly as
    /// <see cref="GeoJsonLayerReader"/> checks it from a document, adding its problems; or null, having added
    /// nothing, when it is not written plainly.
    /// </summary>
    public static FeatureData? TryReadFeature(
        ReadOnlySpan<byte> json, int index, LayerSchema schema, string file, CoordinateSource source,
        List<DatasetProblem> problems)
    {
        var reader = new Utf8JsonReader(json);
        var fields = schema.Fields;
        var values = new FieldValue?[fields.Count];
        var attributes = new AttributesTable();
        Geometry? geometry = null;
        bool sawType = false, sawProperties = false;
        FieldValue? featureId = null;
        string? featureIdRaw = null;

        var idSlot = IdSlot(fields);

        // Reading: nothing is reported until the whole feature has been read plainly.
        if (idSlot < 0 || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (sawType || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("Feature"u8))
                {
                    return null;
                }

                sawType = true;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                if (featureId is not null)
                {
                    return null;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    featureId = FieldValue.Text(reader.GetString() ?? "");
                }
                else if (reader.TokenType == JsonTokenType.Number && Number(ref reader, display: true) is { } number)
                {
                    featureId = number;
                    featureIdRaw = Encoding.UTF8.GetString(reader.ValueSpan);
                }
                else
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                if (sawProperties || reader.TokenType != JsonTokenType.StartObject
                    || !ReadProperties(ref reader, fields, values, attributes))
                {
                    return null;
                }

                sawProperties = true;
            }
            else if (reader.ValueTextEquals("geometry"u8))
            {
                reader.Read();
                if (geometry is not null || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                try
                {
                    geometry = GeoJsonGeometryReader.TryRead(ref reader, typeFirst: true);
                }
                catch (ArgumentException)
                {
                    // An open ring or a one-point line: the converter reports it.
                    return null;
                }

                if (geometry is null)
                {
                    return null;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!sawType || !sawProperties || geometry is null)
        {
            return null;
        }

        // Checking, in the order of the document-based reading. The id is properties.id unless that is absent or
        // null; then the Feature's own id, a number as its text.
        var inProperties = attributes.Exists("id") ? values[idSlot] : null;
        FieldValue? idValue;
        bool numericFeatureId;
        if (inProperties is { Kind: not FieldValueKind.Null })
        {
            idValue = inProperties;
            numericFeatureId = false;
        }
        else
        {
            idValue = featureId;
            numericFeatureId = featureIdRaw is not null;
        }

        string? id = idValue is { Kind: FieldValueKind.String or FieldValueKind.Number } known ? known.Display : null;
        if (!attributes.Exists("id") && featureId is { } own)
        {
            attributes.Add("id", featureIdRaw ?? own.Value);
        }

        var before = problems.Count;
        var scope = new ProblemScope(problems, file, index, id);
        for (var i = 0; i < fields.Count; i++)
        {
            if (i == idSlot)
            {
                if (!numericFeatureId)
                {
                    FieldChecker.Check(idValue, fields[i], scope, fields[i].Name);
                }
            }
            else
            {
                FieldChecker.Check(values[i], fields[i], scope, fields[i].Name);
            }
        }

        geometry = GeometryChecker.CheckOwned(geometry, schema, scope, source);
        if (geometry is not null && schema.GeometryRule is { } rule
            && attributes.Exists(rule.Field) && attributes[rule.Field] is string ruleValue
            && rule.Types.TryGetValue(ruleValue, out var allowed))
        {
            GeometryChecker.CheckType(geometry, allowed, $"{rule.Field} \"{ruleValue}\" needs", scope);
        }

        return new FeatureData(index, id, geometry, attributes, FeatureData.BadFieldsSince(problems, before));
    }

    /// <summary>The position of the <c>id</c> field in the schema, or -1.</summary>
    private static int IdSlot(IReadOnlyList<FieldSpec> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Name == "id")
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Reads a properties object into <paramref name="attributes"/>, keeping the values of schema fields in
    /// <paramref name="values"/>; false for anything not plain (arrays, objects, repeated names, numbers that are not
    /// finite doubles).
    /// </summary>
    private static bool ReadProperties(
        ref Utf8JsonReader reader, IReadOnlyList<FieldSpec> fields, FieldValue?[] values, AttributesTable attributes)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var slot = -1;
            for (var i = 0; i < fields.Count; i++)
            {
                if (reader.ValueTextEquals(fields[i].Utf8Name))
                {
                    slot = i;
                    break;
                }
            }

            var name = slot >= 0 ? fields[slot].Name : reader.GetString() ?? "";
            if (attributes.Exists(name))
            {
                return false;
            }

            reader.Read();
            FieldValue value;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    var text = reader.GetString() ?? "";
                    attributes.Add(name, text);
                    if (slot >= 0)
                    {
                        values[slot] = FieldValue.Text(text);
                    }

                    continue;
                case JsonTokenType.Number:
                    if (Number(ref reader, display: slot >= 0) is not { } number)
                    {
                        return false;
                    }

                    value = number;
                    break;
                case JsonTokenType.True:
                    value = new FieldValue(FieldValueKind.Bool, true, "true");
                    break;
                case JsonTokenType.False:
                    value = new FieldValue(FieldValueKind.Bool, false, "false");
                    break;
                case JsonTokenType.Null:
                    value = FieldValue.Null();
                    break;
                default:
                    return false;
            }

            attributes.Add(name, value.Value);
            if (slot >= 0)
            {
                values[slot] = value;
            }
        }

        return true;
    }

    /// <summary>A finite number as <see cref="JsonValues.ToClr"/> gives it, shown as written; null otherwise.</summary>
    private static FieldValue? Number(ref Utf8JsonReader reader, bool display)
    {
        if (!reader.TryGetDouble(out var real) || !double.IsFinite(real))
        {
            return null;
        }

        var value = reader.TryGetInt64(out var whole) ? (object)whole : real;
        var shown = display ? MessageText.Shorten(Encoding.UTF8.GetString(reader.ValueSpan)) : "";
        return new FieldValue(FieldValueKind.Number, value, shown);
    }
}
