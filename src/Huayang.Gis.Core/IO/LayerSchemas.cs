using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.IO;

/// <summary>The schemas of the layers (derived from <see cref="LayerRegistry"/>) and of the objects in <c>life-circles.json</c>.</summary>
internal static class LayerSchemas
{
    /// <summary>The <see cref="FieldSpec.References"/> target meaning "a category id of life-circles.json".</summary>
    public const string CategoriesReference = LayerRegistry.CategoriesReference;

    private static readonly FieldSpec Id = new("id", FieldType.String);
    private static readonly FieldSpec NameZh = new("name_zh", FieldType.String);
    private static readonly FieldSpec NameEn = new("name_en", FieldType.String);

    /// <summary>The schemas of the built-in layers, in the order the dataset is read and problems are listed.</summary>
    public static IReadOnlyList<LayerSchema> All { get; } = LayerRegistry.BuiltIn.ReadingOrder.Select(LayerSchema.Of).ToList();

    /// <summary>The schema for a built-in layer name, or null when no built-in layer has that name.</summary>
    public static LayerSchema? Find(string name) => LayerRegistry.BuiltIn.Find(name) is { } layer ? LayerSchema.Of(layer) : null;

    /// <summary>The top level of <c>life-circles.json</c> (besides <c>levels</c> and <c>categories</c>).</summary>
    public static IReadOnlyList<FieldSpec> LifeCircleRoot { get; } =
    [
        new("standard", FieldType.String),
        new("walking_speed_m_per_min", FieldType.Number, Required: false, Min: 0, MinExclusive: true),
    ];

    /// <summary>One entry of <c>levels</c>; <c>required_categories</c> is checked separately (it is a list).</summary>
    public static IReadOnlyList<FieldSpec> LifeCircleLevel { get; } =
    [
        Id,
        new("minutes", FieldType.Int, Min: 0, MinExclusive: true),
        new("radius_m", FieldType.Number, Min: 0, MinExclusive: true),
        NameZh, NameEn,
    ];

    /// <summary>One entry of <c>categories</c>.</summary>
    public static IReadOnlyList<FieldSpec> SiteCategory { get; } = [Id, NameZh, NameEn];
}
