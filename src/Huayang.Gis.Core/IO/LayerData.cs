using Huayang.Gis.Core.Crs;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.IO;

/// <summary>One feature as read, good or bad, with the fields that had problems.</summary>
/// <param name="Index">0-based position in the file's <c>features</c> array.</param>
/// <param name="Geometry">Null when missing or unreadable.</param>
/// <param name="BadFields">Fields (and <c>geometry</c>) that had a problem; cross-layer checks skip them.</param>
internal sealed record FeatureData(
    int Index, string? Id, Geometry? Geometry, AttributesTable Attributes, IReadOnlySet<string> BadFields)
{
    /// <summary>The bad fields of a feature without problems (shared: it is never changed).</summary>
    public static IReadOnlySet<string> NoBadFields { get; } = System.Collections.Frozen.FrozenSet<string>.Empty;

    /// <summary>The fields named by <paramref name="problems"/> from index <paramref name="before"/> on.</summary>
    public static IReadOnlySet<string> BadFieldsSince(List<DatasetProblem> problems, int before) =>
        problems.Count == before
            ? NoBadFields
            : problems.Skip(before).Select(p => p.Field).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The attribute's string value when the field was good and present, else null.</summary>
    public string? GoodString(string field) =>
        !BadFields.Contains(field) && Attributes.Exists(field) ? Attributes[field] as string : null;

    /// <summary>The attribute's integer value when the field was good and present, else null.</summary>
    public int? GoodInt(string field) =>
        !BadFields.Contains(field) && Attributes.Exists(field) ? DatasetValues.ToNullableInt(Attributes[field]) : null;
}

/// <summary>What was read from one layer file (or GeoPackage table).</summary>
/// <param name="File">The name problems about this layer report, as in <see cref="DatasetProblem.File"/>.</param>
/// <param name="Present">True when the file exists.</param>
/// <param name="Readable">True when the file could be read as a layer (its features may still have problems).</param>
internal sealed record LayerData(
    LayerSchema Schema, string File, bool Present, bool Readable, IReadOnlyList<FeatureData> Features)
{
    /// <summary>The CRS the file's coordinates were read in (before they became WGS84), or null when the file was not read.</summary>
    public CrsId? Crs { get; init; }

    /// <summary>Every id in the layer, including those of features with other problems.</summary>
    public IReadOnlySet<string> Ids { get; } =
        Features.Select(f => f.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The features as NTS features; only meaningful when the dataset has no problems.</summary>
    public IReadOnlyList<IFeature> ToFeatures() =>
        Features.Select(f => (IFeature)new Feature(f.Geometry, f.Attributes)).ToList();

    public static LayerData Absent(LayerSchema schema) => new(schema, schema.FileName, Present: false, Readable: false, []);

    /// <summary>A file that exists but could not be read as a layer; its problems are already reported.</summary>
    public static LayerData Unreadable(LayerSchema schema, string file) => new(schema, file, Present: true, Readable: false, []);
}

/// <summary>Conversions of the normalised attribute values (long, double, string, bool, null).</summary>
internal static class DatasetValues
{
    public static int? ToNullableInt(object? value) => value switch
    {
        long whole => checked((int)whole),
        double number => checked((int)number),
        _ => null,
    };

    public static string Text(IAttributesTable attributes, string field) =>
        attributes.Exists(field) && attributes[field] is string text ? text : "";

    public static string? OptionalText(IAttributesTable attributes, string field) =>
        attributes.Exists(field) ? attributes[field] as string : null;

    public static int Int(IAttributesTable attributes, string field) =>
        ToNullableInt(attributes.Exists(field) ? attributes[field] : null)
        ?? throw new InvalidOperationException($"'{field}' is not an integer; the dataset was not validated");

    public static int? OptionalInt(IAttributesTable attributes, string field) =>
        attributes.Exists(field) ? ToNullableInt(attributes[field]) : null;
}
