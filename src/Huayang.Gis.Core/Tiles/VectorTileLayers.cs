using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.Tiles;

/// <summary>The kind of value a vector-tile property holds.</summary>
public enum TileFieldType
{
    /// <summary>Text.</summary>
    String,

    /// <summary>An integer (encoded as an unsigned, or zigzag signed when negative, MVT integer).</summary>
    Integer,
}

/// <summary>One property that the features of a tile layer carry.</summary>
public sealed record TileField(string Name, TileFieldType Type, string Description);

/// <summary>A dataset layer as a vector-tile layer: what it shows and which properties its features carry.</summary>
public sealed record TileLayer(string Name, string Description, IReadOnlyList<TileField> Fields);

/// <summary>
/// The properties each layer carries in vector tiles: the string <c>id</c> first, then the attributes a map
/// needs to style and label it. Every tile source writes exactly these (leaving out null values), so tiles from
/// the embedded store and from PostGIS carry the same properties. The names are also the PostGIS column names.
/// </summary>
public static class VectorTileLayers
{
    private static readonly TileField Id = new("id", TileFieldType.String, "String: the feature's id in the dataset (also its OGC API feature id)");
    private static readonly TileField NameZh = new("name_zh", TileFieldType.String, "String: Chinese name");
    private static readonly TileField NameEn = new("name_en", TileFieldType.String, "String: English name");

    /// <summary>Every layer, in <see cref="Layers.All"/> order.</summary>
    public static IReadOnlyList<TileLayer> All { get; } =
    [
        new(Layers.Communities, "Residential communities (社区) of Huayang Street",
        [
            Id, NameZh, NameEn,
            new("population", TileFieldType.Integer, "Number: residents"),
            new("households", TileFieldType.Integer, "Number: households"),
        ]),
        new(Layers.Water, "Rivers and lakes",
            [Id, NameZh, NameEn, new("kind", TileFieldType.String, "String: river or lake")]),
        new(Layers.Population, "Population cells: residents, summing to each community's population",
        [
            Id,
            new("community_id", TileFieldType.String, "String: the community the cell belongs to"),
            new("residents", TileFieldType.Integer, "Number: residents in the cell"),
        ]),
        new(Layers.Roads, "Main roads",
            [Id, NameZh, NameEn, new("class", TileFieldType.String, "String: road class")]),
        new(Layers.Walkways, "The pedestrian network used for walking distances",
            [Id, new("kind", TileFieldType.String, "String: kind of walkway (street, path, bridge…)"), NameZh, NameEn]),
        new(Layers.Plan, "The planned layout 一轴二点、一带三片: axis, points, belt and zones",
        [
            Id,
            new("kind", TileFieldType.String, "String: axis, point, belt or zone"),
            NameZh, NameEn,
            new("theme", TileFieldType.String, "String: what the element is for"),
        ]),
        new(Layers.Sites, "Facility sites (existing and planned)",
        [
            Id, NameZh, NameEn,
            new("category", TileFieldType.String, "String: facility category id (life-circles.json)"),
            new("status", TileFieldType.String, "String: existing or planned"),
            new("capacity", TileFieldType.Integer, "Number: capacity, when known"),
            new("plan_element", TileFieldType.String, "String: the plan element the site belongs to, if any"),
            new("community_id", TileFieldType.String, "String: the community the site lies in, if recorded"),
        ]),
    ];

    /// <summary>The layer of that name (ordinal), or null.</summary>
    public static TileLayer? Find(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.Ordinal));
}
