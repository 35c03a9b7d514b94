using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.IO;

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
    private static readonly FieldSpec Id = new("id", FieldType.String);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LayerDefinition, LayerSchema> Derived = new();

    public string FileName => Name + ".geojson";

    /// <summary>The checks of a layer's definition: a text <c>id</c>, then its fields with their rules.</summary>
    public static LayerSchema Of(LayerDefinition layer) => Derived.GetValue(layer, static l => new LayerSchema(
        l.Name,
        l.Required,
        l.GeometryTypes,
        [Id, .. l.Fields.Select(f => new FieldSpec(f.Name, f.Type, f.Required, f.Allowed, f.Min, f.MinExclusive, f.References))],
        l.GeometryRule));
}
