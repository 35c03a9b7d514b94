using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Server.Features;

/// <summary>How a layer is presented as a collection: Chinese and English names and a description.</summary>
internal sealed record CollectionInfo(string Id, string TitleZh, string TitleEn, string Description)
{
    /// <summary>Both names, Chinese first: <c>社区 Communities</c>.</summary>
    public string Title => $"{TitleZh} {TitleEn}";

    /// <summary>The collection of a layer, from its definition.</summary>
    public static CollectionInfo Of(LayerDefinition layer) => new(layer.Name, layer.TitleZh, layer.TitleEn, layer.Description);
}

/// <summary>The collections: one per layer of the store's registry, in its order (declared layers included).</summary>
internal static class CollectionCatalog
{
    /// <summary>Every collection of the registry, in its order.</summary>
    public static IReadOnlyList<CollectionInfo> All(LayerRegistry registry) => registry.All.Select(CollectionInfo.Of).ToList();

    /// <summary>The collection with this id (ordinal), or null.</summary>
    public static CollectionInfo? Find(LayerRegistry registry, string id) =>
        registry.Find(id) is { } layer ? CollectionInfo.Of(layer) : null;
}
