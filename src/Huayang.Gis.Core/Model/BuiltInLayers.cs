namespace Huayang.Gis.Core.Model;

/// <summary>
/// The seven layers of the product, defined once. A dataset may add layers of its own in <c>layers.json</c>
/// (<see cref="LayerRegistry"/>); these are always there.
/// </summary>
internal static class BuiltInLayers
{
    private const string Point = "Point";
    private const string LineString = "LineString";
    private const string MultiLineString = "MultiLineString";
    private const string Polygon = "Polygon";
    private const string MultiPolygon = "MultiPolygon";

    private static readonly LayerField NameZh = new("name_zh", FieldType.String, "Chinese name");
    private static readonly LayerField NameEn = new("name_en", FieldType.String, "English name");

    public static LayerDefinition Communities { get; } = new()
    {
        Name = Layers.Communities,
        TitleZh = "社区",
        TitleEn = "Communities",
        Description = "The communities of Huayang Street with population and households (illustrative boundaries).",
        GeometryTypes = [Polygon, MultiPolygon],
        Fields =
        [
            NameZh, NameEn,
            new("population", FieldType.Int, "residents") { Min = 0 },
            new("households", FieldType.Int, "households") { Min = 0 },
        ],
        Required = true,
        Style = Layers.Communities,
        BuiltIn = true,
    };

    public static LayerDefinition Water { get; } = new()
    {
        Name = Layers.Water,
        TitleZh = "水系",
        TitleEn = "Water",
        Description = "Rivers and lakes: the Jinjiang, Fu and Jiang'an rivers and Luhu lake.",
        GeometryTypes = [Polygon, MultiPolygon],
        Fields = [NameZh, NameEn, new("kind", FieldType.String, "river or lake")],
        Style = Layers.Water,
        BuiltIn = true,
    };

    public static LayerDefinition Population { get; } = new()
    {
        Name = Layers.Population,
        TitleZh = "人口",
        TitleEn = "Population",
        Description = "Population cells: residents per cell, summing to each community's population.",
        GeometryTypes = [Point, Polygon],
        Fields =
        [
            new("community_id", FieldType.String, "the community the cell belongs to (not on aggregated cells)")
            {
                References = Layers.Communities,
                Indexed = true,
            },
            new("residents", FieldType.Int, "residents in the cell (aggregated cells: the sum)") { Min = 0 },
        ],
        Required = true,
        Style = Layers.Population,
        Drawn = false,
        TileMinZoom = 10,
        TileAggregateSum = "residents",
        BuiltIn = true,
    };

    public static LayerDefinition Roads { get; } = new()
    {
        Name = Layers.Roads,
        TitleZh = "道路",
        TitleEn = "Roads",
        Description = "Main roads for context, Tianfu Avenue among them.",
        GeometryTypes = [LineString, MultiLineString],
        Fields = [NameZh, NameEn, new("class", FieldType.String, "road class") { Required = false }],
        Style = Layers.Roads,
        BuiltIn = true,
    };

    public static LayerDefinition Walkways { get; } = new()
    {
        Name = Layers.Walkways,
        TitleZh = "步行道",
        TitleEn = "Walkways",
        Description = "The pedestrian network used for walking distances; rivers are barriers and bridges the crossings.",
        GeometryTypes = [LineString, MultiLineString],
        Fields =
        [
            new("kind", FieldType.String, "kind of walkway (street, path, bridge…)"),
            NameZh with { Required = false },
            NameEn with { Required = false },
        ],
        Style = Layers.Walkways,
        Drawn = false,
        TileMinZoom = 12,
        BuiltIn = true,
    };

    public static LayerDefinition Plan { get; } = new()
    {
        Name = Layers.Plan,
        TitleZh = "规划结构",
        TitleEn = "Plan",
        Description = "The demonstration layout 一轴二点、一带三片 (one axis, two points, one belt, three zones).",
        GeometryTypes = [LineString, Point, Polygon, MultiPolygon],
        Fields =
        [
            new("kind", FieldType.String, "axis, point, belt or zone") { Allowed = ["axis", "point", "belt", "zone"] },
            NameZh, NameEn,
            new("theme", FieldType.String, "what the element is for"),
        ],
        GeometryRule = new GeometryByValue("kind", new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["axis"] = [LineString],
            ["point"] = [Point],
            ["belt"] = [Polygon, MultiPolygon],
            ["zone"] = [Polygon, MultiPolygon],
        }),
        Required = true,
        Style = Layers.Plan,
        BuiltIn = true,
        Editable = true,
    };

    public static LayerDefinition Sites { get; } = new()
    {
        Name = Layers.Sites,
        TitleZh = "设施",
        TitleEn = "Sites",
        Description = "Community facilities, existing and planned: schools, clinics, culture, sports, elderly care and more.",
        GeometryTypes = [Point],
        Fields =
        [
            NameZh, NameEn,
            new("category", FieldType.String, "facility category id (life-circles.json)")
            {
                References = LayerRegistry.CategoriesReference,
                Indexed = true,
            },
            new("status", FieldType.String, "existing or planned") { Allowed = ["existing", "planned"] },
            new("capacity", FieldType.Int, "capacity, when known") { Required = false, Min = 0 },
            new("plan_element", FieldType.String, "the plan element the site belongs to, if any")
            {
                Required = false,
                References = Layers.Plan,
            },
            new("community_id", FieldType.String, "the community the site lies in, if recorded")
            {
                Required = false,
                References = Layers.Communities,
            },
        ],
        Required = true,
        Style = Layers.Sites,
        BuiltIn = true,
        Editable = true,
    };

    /// <summary>The built-in layers in drawing order, bottom first.</summary>
    public static IReadOnlyList<LayerDefinition> All { get; } = [Communities, Water, Population, Roads, Walkways, Plan, Sites];

    /// <summary>The order a dataset's files are read and their problems listed: the required layers first.</summary>
    public static IReadOnlyList<string> ReadingOrder { get; } =
        [Layers.Communities, Layers.Plan, Layers.Sites, Layers.Population, Layers.Walkways, Layers.Water, Layers.Roads];
}
