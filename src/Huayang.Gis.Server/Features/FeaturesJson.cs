using System.Buffers;
using Huayang.Gis.Core.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// The JSON of the features API: landing page, conformance, collections and GeoJSON features with their
/// coordinates in the axis order of the response CRS. Chinese is written as is, not as escapes.
/// </summary>
internal static class FeaturesJson
{
    private static readonly GeoJsonWriteOptions SecondAxisFirst = new(SecondAxisFirst: true);
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void Links(Utf8JsonWriter writer, IEnumerable<Link> links)
    {
        writer.WriteStartArray("links");
        foreach (var link in links)
        {
            writer.WriteStartObject();
            writer.WriteString("href", link.Href);
            writer.WriteString("rel", link.Rel);
            writer.WriteString("type", link.Type);
            if (link.Title is not null)
            {
                writer.WriteString("title", link.Title);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void Collection(Utf8JsonWriter writer, CollectionInfo info, LayerSummary summary, IEnumerable<Link> links)
    {
        writer.WriteStartObject();
        writer.WriteString("id", info.Id);
        writer.WriteString("title", info.Title);
        writer.WriteString("description", info.Description);
        writer.WriteString("title_zh", info.TitleZh);
        writer.WriteString("title_en", info.TitleEn);
        Links(writer, links);
        writer.WriteStartObject("extent");
        writer.WriteStartObject("spatial");
        writer.WriteStartArray("bbox");
        if (summary.Extent is { } e)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(e.MinX);
            writer.WriteNumberValue(e.MinY);
            writer.WriteNumberValue(e.MaxX);
            writer.WriteNumberValue(e.MaxY);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteString("crs", CrsId.Crs84.Uri);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("itemType", "feature");
        writer.WriteStartArray("crs");
        foreach (var crs in OutputCrs.All)
        {
            writer.WriteStringValue(crs.Uri);
        }
        writer.WriteEndArray();
        writer.WriteString("storageCrs", CrsId.Crs84.Uri);
        writer.WriteEndObject();
    }

    public static void FeatureCollection(
        Utf8JsonWriter writer, FeaturePage page, OutputCrs crs, DateTimeOffset timeStamp, IEnumerable<Link> links)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        foreach (var feature in page.Features)
        {
            Feature(writer, feature, crs, []);
        }
        writer.WriteEndArray();
        writer.WriteNumber("numberMatched", page.NumberMatched);
        writer.WriteNumber("numberReturned", page.Features.Count);
        writer.WriteString("timeStamp", timeStamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Links(writer, links);
        writer.WriteEndObject();
    }

    public static void Feature(Utf8JsonWriter writer, IFeature feature, OutputCrs crs, IReadOnlyList<Link> links)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", FeatureId(feature));
        writer.WritePropertyName("geometry");
        var geometry = crs == OutputCrs.Crs84 ? feature.Geometry : CoordinateTransformer.Transform(feature.Geometry, CrsId.Crs84, crs.Id);
        Geometry(writer, geometry, crs);
        writer.WriteStartObject("properties");
        foreach (var name in feature.Attributes.GetNames())
        {
            writer.WritePropertyName(name);
            Value(writer, feature.Attributes[name]);
        }
        writer.WriteEndObject();
        if (links.Count > 0)
        {
            Links(writer, links);
        }
        writer.WriteEndObject();
    }

    /// <summary>The feature's <c>id</c> attribute as text.</summary>
    public static string FeatureId(IFeature feature) => FeatureQuery.FilterText(feature.Attributes["id"]) ?? "";

    private static void Geometry(Utf8JsonWriter writer, Geometry geometry, OutputCrs crs) =>
        GeoJsonGeometryWriter.Write(writer, geometry, crs.SecondAxisFirst ? SecondAxisFirst : GeoJsonWriteOptions.AsStored);

    /// <summary>An attribute value as JSON text.</summary>
    public static string ValueText(object? value) => System.Text.Encoding.UTF8.GetString(Write(w => Value(w, value)));

    private static void Value(Utf8JsonWriter writer, object? value) => AttributeJson.WriteValue(writer, value, lenient: true);
}
