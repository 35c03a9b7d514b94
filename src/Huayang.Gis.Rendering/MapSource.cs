using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Rendering;

/// <summary>Reads what a picture draws from a store.</summary>
public static class MapSource
{
    /// <summary>
    /// The features of <paramref name="layers"/> that meet the lon/lat box (all when null), and, with a theme,
    /// the coverage answer (communities are then loaded as well).
    /// </summary>
    /// <exception cref="ArgumentException">The theme's category or level is not in the dataset's life-circle table.</exception>
    public static async Task<MapData> LoadAsync(
        ISpatialStore store, Envelope? lonLatBox, IReadOnlyList<string> layers, CoverageTheme? theme, CancellationToken cancellationToken)
    {
        var wanted = theme is null ? layers : layers.Union([MapLayers.Communities], StringComparer.Ordinal).ToList();
        var features = new Dictionary<string, IReadOnlyList<IFeature>>(StringComparer.Ordinal);
        foreach (var layer in wanted)
        {
            features[layer] = await store.GetFeaturesAsync(layer, lonLatBox, cancellationToken);
        }
        var state = await store.GetStateAsync(cancellationToken);
        if (theme is null)
        {
            return new MapData(features, state.LifeCircles) { Registry = state.Layers };
        }
        var standard = state.LifeCircles;
        if (!standard.Categories.Any(c => string.Equals(c.Id, theme.Category, StringComparison.Ordinal)))
        {
            throw new ArgumentException(
                $"unknown category \"{theme.Category}\"; known: {string.Join(", ", standard.Categories.Select(c => c.Id))}", nameof(theme));
        }
        var level = standard.Level(theme.Level) ?? throw new ArgumentException(
            $"unknown level \"{theme.Level}\"; known: {string.Join(", ", standard.Levels.Select(l => l.Id))}", nameof(theme));
        var report = await store.CoverageAsync(new CoverageRequest(theme.Category, level, theme.Status) { Method = theme.Method }, cancellationToken);
        return new MapData(features, standard, report, level) { Registry = state.Layers };
    }
}
