using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Server.Features;

/// <summary>How each layer is presented as a collection: Chinese and English names and a description.</summary>
internal sealed record CollectionInfo(string Id, string TitleZh, string TitleEn, string Description)
{
    /// <summary>Both names, Chinese first: <c>社区 Communities</c>.</summary>
    public string Title => $"{TitleZh} {TitleEn}";
}

internal static class CollectionCatalog
{
    private static readonly Dictionary<string, CollectionInfo> ByLayer = new CollectionInfo[]
    {
        new(Layers.Communities, "社区", "Communities",
            "The communities of Huayang Street with population and households (illustrative boundaries)."),
        new(Layers.Water, "水系", "Water", "Rivers and lakes: the Jinjiang, Fu and Jiang'an rivers and Luhu lake."),
        new(Layers.Population, "人口", "Population",
            "Population cells: residents per cell, summing to each community's population."),
        new(Layers.Roads, "道路", "Roads", "Main roads for context, Tianfu Avenue among them."),
        new(Layers.Walkways, "步行道", "Walkways",
            "The pedestrian network used for walking distances; rivers are barriers and bridges the crossings."),
        new(Layers.Plan, "规划结构", "Plan",
            "The demonstration layout 一轴二点、一带三片 (one axis, two points, one belt, three zones)."),
        new(Layers.Sites, "设施", "Sites",
            "Community facilities, existing and planned: schools, clinics, culture, sports, elderly care and more."),
    }.ToDictionary(c => c.Id, StringComparer.Ordinal);

    /// <summary>Every collection, in the order of <see cref="Layers.All"/>.</summary>
    public static IReadOnlyList<CollectionInfo> All { get; } = Layers.All.Select(l => ByLayer[l]).ToList();

    /// <summary>The collection with this id (ordinal), or null.</summary>
    public static CollectionInfo? Find(string id) => ByLayer.GetValueOrDefault(id);
}
