using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// How a layer, or one geometry family of it, is presented as a collection: Chinese and English names and a
/// description. <see cref="Layer"/> is the store's layer; <see cref="Family"/> is set for a view of one family.
/// </summary>
internal sealed record CollectionInfo(string Id, string Layer, GeometryFamily? Family, string TitleZh, string TitleEn, string Description)
{
    /// <summary>Both names, Chinese first: <c>社区 Communities</c>.</summary>
    public string Title => $"{TitleZh} {TitleEn}";

    /// <summary>The collection of a whole layer, from its definition.</summary>
    public static CollectionInfo Of(LayerDefinition layer) => new(layer.Name, layer.Name, null, layer.TitleZh, layer.TitleEn, layer.Description);

    /// <summary>The collection of one family of a layer: <c>plan-points</c>, 规划结构（点） Plan (points).</summary>
    public static CollectionInfo Of(LayerDefinition layer, GeometryFamily family) => new(
        $"{layer.Name}-{family.Word()}", layer.Name, family, $"{layer.TitleZh}（{family.WordZh()}）", $"{layer.TitleEn} ({family.Word()})",
        $"{layer.Description} Only its {family.Word()}: the layer mixes geometry types, which clients such as QGIS cannot hold in one layer.");

    /// <summary>The layer's summary as this collection shows it: a view's count and extent are its family's.</summary>
    public LayerSummary View(LayerSummary layer) => Family is not { } family
        ? layer
        : layer.ByFamily.TryGetValue(family, out var part)
            ? layer with { Count = part.Count, Extent = part.Extent.Copy() }
            : layer with { Count = 0, Extent = null };

    /// <summary>Keeps the features of this collection's family (all of them for a whole layer).</summary>
    public bool Holds(NetTopologySuite.Geometries.Geometry geometry) => Family is not { } family || GeometryFamilies.Of(geometry) == family;
}

/// <summary>
/// The collections: one per layer of the store's registry, in its order (declared layers included), except that a
/// layer whose features have more than one geometry family (the plan: an axis, points, a belt and zones) is listed as
/// one collection per family (<c>plan-lines</c>, <c>plan-points</c>, <c>plan-areas</c>), since OGC API clients such as
/// QGIS type a layer from its first feature. The combined layer stays reachable at its own id for clients that cope
/// (the viewer, edits), and whole in the vector tiles and WMS.
/// </summary>
internal static class CollectionCatalog
{
    /// <summary>Every listed collection, in the registry's order, with the summary of the layer each shows.</summary>
    public static async Task<IReadOnlyList<(CollectionInfo Info, LayerSummary Summary)>> ListAsync(ISpatialStore store, CancellationToken cancellationToken)
    {
        var listed = new List<(CollectionInfo, LayerSummary)>();
        foreach (var layer in (await store.GetStateAsync(cancellationToken)).Layers.All)
        {
            var summary = await store.DescribeLayerAsync(layer.Name, cancellationToken);
            if (summary.Families.Count > 1)
            {
                listed.AddRange(summary.Families.Select(family => CollectionInfo.Of(layer, family)).Select(info => (info, info.View(summary))));
            }
            else
            {
                listed.Add((CollectionInfo.Of(layer), summary));
            }
        }
        return listed;
    }

    /// <summary>The layers listed as one collection per family, with their collections' ids.</summary>
    public static async Task<IReadOnlyList<(string Layer, IReadOnlyList<string> Collections)>> SplitAsync(ISpatialStore store, CancellationToken cancellationToken) =>
        (await ListAsync(store, cancellationToken)).Where(c => c.Info.Family is not null)
            .GroupBy(c => c.Info.Layer, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(c => c.Info.Id).ToList()))
            .ToList();

    /// <summary>
    /// The collection with this id (ordinal): a layer, or <c>{layer}-points|lines|areas</c> of a layer whose
    /// definition allows that family; null otherwise.
    /// </summary>
    public static CollectionInfo? Find(LayerRegistry registry, string id)
    {
        if (registry.Find(id) is { } layer)
        {
            return CollectionInfo.Of(layer);
        }
        var dash = id.LastIndexOf('-');
        if (dash <= 0 || GeometryFamilies.FromWord(id[(dash + 1)..]) is not { } family || registry.Find(id[..dash]) is not { } whole
            || !whole.GeometryTypes.Any(type => GeometryFamilies.OfType(type) == family))
        {
            return null;
        }
        return CollectionInfo.Of(whole, family);
    }
}
