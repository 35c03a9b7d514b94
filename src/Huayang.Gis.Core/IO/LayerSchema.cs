namespace Huayang.Gis.Core.IO;

/// <summary>The JSON type a field's value must have.</summary>
internal enum FieldType
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number with no fractional part that fits in 32 bits (<c>12</c>, <c>12.0</c>, <c>1e3</c>).</summary>
    Int,

    /// <summary>Any finite JSON number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,
}

/// <summary>
/// One field of a layer (a GeoJSON property) or of an object in <c>life-circles.json</c>.
/// </summary>
/// <param name="Required">
/// When true the field must be present, not null and, for strings, not blank. When false it may be
/// absent or null; a value that is present must still have the right type.
/// </param>
/// <param name="Allowed">The only values a string may take (case-sensitive), or null for any.</param>
/// <param name="Min">The smallest number allowed, or null.</param>
/// <param name="MinExclusive">True when <paramref name="Min"/> itself is not allowed.</param>
/// <param name="References">
/// The layer whose ids this field must name (for example <c>plan</c>), or
/// <see cref="LayerSchemas.CategoriesReference"/> for the site categories of <c>life-circles.json</c>.
/// Checked only when the whole dataset is validated.
/// </param>
internal sealed record FieldSpec(
    string Name,
    FieldType Type,
    bool Required = true,
    IReadOnlyList<string>? Allowed = null,
    double? Min = null,
    bool MinExclusive = false,
    string? References = null)
{
    /// <summary><see cref="Name"/> in UTF-8, to match JSON property names without decoding them.</summary>
    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(Name);
}

/// <summary>
/// A field whose value decides which geometry types a feature may have, for example the plan's
/// <c>kind</c>: an axis is a LineString, a zone a Polygon or MultiPolygon.
/// </summary>
internal sealed record GeometryByValue(string Field, IReadOnlyDictionary<string, IReadOnlyList<string>> Types);

/// <summary>What one layer file must hold: its geometry types and its fields.</summary>
/// <param name="Name">The layer name, which is also the file name without <c>.geojson</c>.</param>
/// <param name="Required">True when the dataset cannot be read without this file.</param>
/// <param name="GeometryTypes">GeoJSON geometry type names allowed in the layer.</param>
/// <param name="GeometryRule">A further rule tying geometry type to a field's value, or null.</param>
internal sealed record LayerSchema(
    string Name,
    bool Required,
    IReadOnlyList<string> GeometryTypes,
    IReadOnlyList<FieldSpec> Fields,
    GeometryByValue? GeometryRule = null)
{
    public string FileName => Name + ".geojson";
}
