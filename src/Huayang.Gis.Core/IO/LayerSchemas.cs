using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.IO;

/// <summary>The schema of every layer and of the objects in <c>life-circles.json</c>, as data.</summary>
internal static class LayerSchemas
{
    /// <summary>The <see cref="FieldSpec.References"/> target meaning "a category id of life-circles.json".</summary>
    public const string CategoriesReference = "life-circles.json categories";

    private const string Point = "Point";
    private const string LineString = "LineString";
    private const string MultiLineString = "MultiLineString";
    private const string Polygon = "Polygon";
    private const string MultiPolygon = "MultiPolygon";

    private static readonly FieldSpec Id = new("id", FieldType.String);
    private static readonly FieldSpec NameZh = new("name_zh", FieldType.String);
    private static readonly FieldSpec NameEn = new("name_en", FieldType.String);

    public static LayerSchema Communities { get; } = new(
        Layers.Communities, Required: true, [Polygon, MultiPolygon],
        [
            Id, NameZh, NameEn,
            new("population", FieldType.Int, Min: 0),
            new("households", FieldType.Int, Min: 0),
        ]);

    public static LayerSchema Plan { get; } = new(
        Layers.Plan, Required: true, [LineString, Point, Polygon, MultiPolygon],
        [
            Id,
            new("kind", FieldType.String, Allowed: ["axis", "point", "belt", "zone"]),
            NameZh, NameEn,
            new("theme", FieldType.String),
        ],
        new GeometryByValue("kind", new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["axis"] = [LineString],
            ["point"] = [Point],
            ["belt"] = [Polygon, MultiPolygon],
            ["zone"] = [Polygon, MultiPolygon],
        }));

    public static LayerSchema Sites { get; } = new(
        Layers.Sites, Required: true, [Point],
        [
            Id, NameZh, NameEn,
            new("category", FieldType.String, References: CategoriesReference),
            new("status", FieldType.String, Allowed: ["existing", "planned"]),
            new("capacity", FieldType.Int, Required: false, Min: 0),
            new("plan_element", FieldType.String, Required: false, References: Layers.Plan),
            new("community_id", FieldType.String, Required: false, References: Layers.Communities),
        ]);

    public static LayerSchema Population { get; } = new(
        Layers.Population, Required: true, [Point, Polygon],
        [
            Id,
            new("community_id", FieldType.String, References: Layers.Communities),
            new("residents", FieldType.Int, Min: 0),
        ]);

    public static LayerSchema Walkways { get; } = new(
        Layers.Walkways, Required: false, [LineString, MultiLineString],
        [Id, new("kind", FieldType.String)]);

    public static LayerSchema Water { get; } = new(
        Layers.Water, Required: false, [Polygon, MultiPolygon],
        [Id, NameZh, NameEn, new("kind", FieldType.String)]);

    public static LayerSchema Roads { get; } = new(
        Layers.Roads, Required: false, [LineString, MultiLineString],
        [Id, NameZh, NameEn]);

    /// <summary>Every layer schema, in the order the dataset is read and problems are listed.</summary>
    public static IReadOnlyList<LayerSchema> All { get; } =
        [Communities, Plan, Sites, Population, Walkways, Water, Roads];

    /// <summary>The schema for a layer name, or null when no layer has that name.</summary>
    public static LayerSchema? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

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
