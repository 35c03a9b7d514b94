using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// Vector tiles made from the embedded store: features found with
/// <see cref="InMemorySpatialStore.GetFeaturesAsync"/> over the buffered tile's lon/lat bounds, clipped and
/// snapped like PostGIS's <c>ST_AsMVTGeom</c> (see <see cref="TileGeometryClipper"/>), encoded with
/// NetTopologySuite.IO.VectorTiles.Mapbox's MVT message classes. Thread-safe.
/// </summary>
/// <remarks>
/// The store never changes after it is loaded, so the version is fixed: a SHA-256 of the dataset's content
/// (every layer's ids, geometries as WKB and attributes), which stays the same across restarts over the same
/// data and changes with any edit to it.
/// </remarks>
public sealed class InMemoryTileSource : IVectorTileSource
{
    private readonly InMemorySpatialStore _store;
    private readonly TileSetState _state;

    public InMemoryTileSource(InMemorySpatialStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        var bounds = new Dictionary<string, Envelope?>(StringComparer.Ordinal);
        foreach (var layer in Layers.All)
        {
            var features = store.Dataset.Layers.GetValueOrDefault(layer) ?? [];
            Envelope? extent = null;
            foreach (var feature in features)
            {
                extent ??= new Envelope();
                extent.ExpandToInclude(feature.Geometry.EnvelopeInternal);
            }
            bounds[layer] = extent;
        }
        _state = new TileSetState(store.Version, bounds);
    }

    /// <inheritdoc />
    public Task<TileSetState> GetStateAsync(CancellationToken cancellationToken = default) => Task.FromResult(_state);

    /// <inheritdoc />
    public async Task<byte[]> GetTileAsync(IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        // Half a unit beyond the buffer: what lies there snaps onto the buffer's edge and is kept, as in PostGIS.
        var search = VectorTileGrid.BufferedLonLatBounds(z, x, y, extraUnits: 0.5);
        var clipper = new TileGeometryClipper(z, x, y);
        var encoder = new MvtEncoder();
        foreach (var name in layers)
        {
            var layer = VectorTileLayers.Find(name) ?? throw new UnknownLayerException(name);
            var features = await _store.GetFeaturesAsync(name, search, cancellationToken);
            var encoded = new List<TileFeature>(features.Count);
            foreach (var feature in features)
            {
                if (clipper.ToTile(feature.Geometry) is { } geometry)
                {
                    encoded.Add(new TileFeature(VectorTileFeatureId.For(IdOf(feature)), PropertiesOf(feature, layer), geometry));
                }
            }
            encoder.AddLayer(name, encoded);
        }
        return encoder.ToArray();
    }

    private static string IdOf(IFeature feature) =>
        feature.Attributes["id"]?.ToString() ?? throw new InvalidOperationException("a feature without id");

    private static List<KeyValuePair<string, object?>> PropertiesOf(IFeature feature, TileLayer layer)
    {
        var properties = new List<KeyValuePair<string, object?>>(layer.Fields.Count);
        foreach (var field in layer.Fields)
        {
            var value = feature.Attributes.GetOptionalValue(field.Name);
            properties.Add(new(field.Name, field.Type == TileFieldType.Integer && value is double d ? (long)d : value));
        }
        return properties;
    }
}
