using System.Collections;
using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// The one writer of attribute values as JSON, for every place that writes them (GeoJSON answers, the
/// <c>properties</c> column, written datasets): null, strings, booleans, whole and finite numbers, nested objects
/// and arrays. What a dataset read by <see cref="DatasetReader"/> cannot hold is refused, or, for output that must
/// not fail on an odd value, written as its invariant text.
/// </summary>
public static class AttributeJson
{
    /// <summary>Writes <paramref name="value"/>.</summary>
    /// <param name="lenient">False: a value of another type, or a non-finite number, is an <see cref="ArgumentException"/>.
    /// True: it is written as its invariant-culture text.</param>
    public static void WriteValue(Utf8JsonWriter writer, object? value, bool lenient = false)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long whole:
                writer.WriteNumberValue(whole);
                break;
            case int whole:
                writer.WriteNumberValue(whole);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case IAttributesTable nested:
                WriteObject(writer, nested, lenient);
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, lenient);
                }
                writer.WriteEndArray();
                break;
            default:
                if (!lenient)
                {
                    throw new ArgumentException(
                        $"an attribute value {Convert.ToString(value, CultureInfo.InvariantCulture)} of type {value.GetType().Name} cannot be written as JSON; datasets read by DatasetReader hold none",
                        nameof(value));
                }
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Writes the attributes as one JSON object, in their order.</summary>
    public static void WriteObject(Utf8JsonWriter writer, IAttributesTable attributes, bool lenient = false)
    {
        writer.WriteStartObject();
        foreach (var name in attributes.GetNames())
        {
            writer.WritePropertyName(name);
            WriteValue(writer, attributes[name], lenient);
        }
        writer.WriteEndObject();
    }
}
