using System.Globalization;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// Vector tiles made from the embedded store's dataset: features found by their bounding boxes in an index of
/// each layer, thinned by the rules of <see cref="VectorTileLayers"/>, clipped and snapped like PostGIS's
/// <c>ST_AsMVTGeom</c> (see <see cref="TileGeometryClipper"/>), encoded with NetTopologySuite.IO.VectorTiles.Mapbox's
/// MVT message classes. Thread-safe.
/// </summary>
/// <remarks>
/// <para>The store never changes after it is loaded, so the version is fixed: a SHA-256 of the dataset's content
/// (every layer's ids, geometries as WKB and attributes), which stays the same across restarts over the same
/// data and changes with any edit to it.</para>
/// <para>A tile never holds more than <see cref="VectorTileThinning.MaxFeatures"/> cut features of a layer, or
/// more than a grid's cells of aggregated or kept ones: what lies in a dense tile is counted and summed, not
/// copied. The cancellation token is checked for every feature.</para>
/// </remarks>
public sealed class InMemoryTileSource : IVectorTileSource
{
    private readonly TileSetState _state;
    private readonly LayerRegistry _registry;
    private readonly Dictionary<string, LayerIndex> _layers = new(StringComparer.Ordinal);

    /// <summary>Indexes every layer of the store's dataset (the bounding boxes and centroids of its features).</summary>
    public InMemoryTileSource(InMemorySpatialStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bounds = new Dictionary<string, Envelope?>(StringComparer.Ordinal);
        _registry = store.Dataset.Registry;
        foreach (var layer in _registry.Names)
        {
            var index = new LayerIndex(store.Dataset.Layers.GetValueOrDefault(layer) ?? []);
            _layers[layer] = index;
            bounds[layer] = index.Extent;
        }
        _state = new TileSetState(store.Version, bounds, _registry);
    }

    /// <inheritdoc />
    public Task<TileSetState> GetStateAsync(CancellationToken cancellationToken = default) => Task.FromResult(_state);

    /// <inheritdoc />
    public Task<byte[]> GetTileAsync(IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (!VectorTileGrid.IsValid(z, x, y))
        {
            throw new ArgumentOutOfRangeException(nameof(z), $"tile {z}/{x}/{y} is outside the grid (z 0–{VectorTileGrid.MaxZoom}, x and y 0–2^z−1)");
        }
        var asked = layers.Select(name => TileLayer.Of(_registry.Get(name))).ToList();
        var parts = new byte[asked.Count][];
        for (var level = 0; ; level++)
        {
            for (var i = 0; i < asked.Count; i++)
            {
                parts[i] = BuildLayer(asked[i], z, x, y, level, cancellationToken);
            }
            if (parts.Sum(p => (long)p.Length) <= VectorTileThinning.MaxTileBytes || level == VectorTileThinning.MaxLevel)
            {
                break;
            }
        }
        return Task.FromResult(VectorTileThinning.Concatenate(parts));
    }

    /// <inheritdoc />
    public Task<bool> MayHaveFeaturesAsync(IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        // The box BuildLayer searches: a tile inside this one searches a box inside it.
        var search = VectorTileGrid.BufferedLonLatBounds(z, x, y, extraUnits: 0.5);
        foreach (var name in layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = false;
            _layers[_registry.Get(name).Name].Tree.Query(search, new Visitor(_ => found = true));
            if (found)
            {
                return Task.FromResult(true);
            }
        }
        return Task.FromResult(false);
    }

    /// <summary>One layer of the tile at a thinning level, encoded (empty when it has no feature there).</summary>
    private byte[] BuildLayer(TileLayer layer, int z, int x, int y, int level, CancellationToken cancellationToken)
    {
        if (z < layer.MinZoom)
        {
            return [];
        }
        var index = _layers[layer.Name];
        // Half a unit beyond the buffer: what lies there snaps onto the buffer's edge and is kept, as in PostGIS.
        var search = VectorTileGrid.BufferedLonLatBounds(z, x, y, extraUnits: 0.5);
        var budget = VectorTileThinning.MaxFeatures(level);
        var candidates = new List<int>();
        var count = 0;
        index.Tree.Query(search, new Visitor(i =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++count <= budget)
            {
                candidates.Add(i);
            }
        }));
        var clipper = new TileGeometryClipper(z, x, y, VectorTileThinning.ToleranceUnits(level));
        if (count <= budget)
        {
            candidates.Sort();
            return MvtEncoder.EncodeLayer(layer.Name, Cut(index, layer, candidates, clipper, cancellationToken));
        }
        candidates.Clear();

        // Too many: a grid across the world, each feature in the cell of its centroid. The cells searched are
        // those that touch the buffered tile, whole, so a cell sums (or chooses) the same in every tile it is in.
        var grid = VectorTileThinning.GridUnits(level);
        var perTile = VectorTileGrid.Extent / grid;
        var (minX, maxX, minY, maxY) = ((long)x * perTile - 1, (long)(x + 1) * perTile, (long)y * perTile - 1, (long)(y + 1) * perTile);
        var cells = new Dictionary<(long Gx, long Gy), (long Sum, long Count, int First)>();
        var sum = layer.AggregateSum;
        index.Tree.Query(VectorTileGrid.BufferedLonLatBounds(z, x, y, extraUnits: grid - VectorTileGrid.Buffer + 0.5), new Visitor(i =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (lon, lat) = (index.CentroidLon[i], index.CentroidLat[i]);
            if (double.IsNaN(lon))
            {
                return;
            }
            var (wx, wy) = VectorTileThinning.WorldUnits(lon, lat, z);
            var cell = ((long)Math.Floor(wx / grid), (long)Math.Floor(wy / grid));
            if (cell.Item1 < minX || cell.Item1 > maxX || cell.Item2 < minY || cell.Item2 > maxY)
            {
                return;
            }
            var value = sum is null ? 0 : IntegerOf(index.Features[i].Attributes.GetOptionalValue(sum));
            cells[cell] = cells.TryGetValue(cell, out var known)
                ? (known.Sum + value, known.Count + 1, Math.Min(known.First, i))
                : (value, 1, i);
        }));
        if (sum is null)
        {
            var kept = cells.Values.Select(c => c.First).Order().ToList();
            return MvtEncoder.EncodeLayer(layer.Name, Cut(index, layer, kept, clipper, cancellationToken));
        }
        var factory = new GeometryFactory(new PrecisionModel(1.0));
        var aggregated = cells.OrderBy(c => c.Key.Gy).ThenBy(c => c.Key.Gx).Select(c =>
        {
            var (gx, gy) = c.Key;
            var west = Math.Max(gx * grid - (long)x * VectorTileGrid.Extent, -VectorTileGrid.Buffer);
            var east = Math.Min((gx + 1) * grid - (long)x * VectorTileGrid.Extent, VectorTileGrid.Extent + VectorTileGrid.Buffer);
            var north = Math.Max(gy * grid - (long)y * VectorTileGrid.Extent, -VectorTileGrid.Buffer);
            var south = Math.Min((gy + 1) * grid - (long)y * VectorTileGrid.Extent, VectorTileGrid.Extent + VectorTileGrid.Buffer);
            var square = factory.ToGeometry(new Envelope(west, east, north, south));
            return new TileFeature(
                VectorTileFeatureId.For(VectorTileThinning.AggregateId(layer.Name, z, grid, gx, gy)),
                [new(sum, c.Value.Sum), new(VectorTileThinning.CellsField, c.Value.Count)],
                square);
        });
        return MvtEncoder.EncodeLayer(layer.Name, aggregated);
    }

    /// <summary>The features (indexes in id order) clipped to the tile, those that are left.</summary>
    private static IEnumerable<TileFeature> Cut(
        LayerIndex index, TileLayer layer, List<int> features, TileGeometryClipper clipper, CancellationToken cancellationToken)
    {
        foreach (var i in features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var feature = index.Features[i];
            if (clipper.ToTile(feature.Geometry) is { } geometry)
            {
                yield return new TileFeature(VectorTileFeatureId.For(IdOf(feature)), PropertiesOf(feature, layer), geometry);
            }
        }
    }

    private static long IntegerOf(object? value) => value switch
    {
        null => 0,
        double d => (long)d,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A layer's features in id order (ordinal), their bounding boxes in an STR tree, their centroids.</summary>
    private sealed class LayerIndex
    {
        public LayerIndex(IReadOnlyList<IFeature> features)
        {
            Features = features.OrderBy(IdOf, StringComparer.Ordinal).ToArray();
            CentroidLon = new double[Features.Length];
            CentroidLat = new double[Features.Length];
            for (var i = 0; i < Features.Length; i++)
            {
                var geometry = Features[i].Geometry;
                Tree.Insert(geometry.EnvelopeInternal, i);
                if (!geometry.IsEmpty)
                {
                    Extent ??= new Envelope();
                    Extent.ExpandToInclude(geometry.EnvelopeInternal);
                }
                var centroid = geometry.IsEmpty ? null : geometry.Centroid;
                (CentroidLon[i], CentroidLat[i]) = centroid is { IsEmpty: false } ? (centroid.X, centroid.Y) : (double.NaN, double.NaN);
            }
            Tree.Build();
        }

        public IFeature[] Features { get; }

        public double[] CentroidLon { get; }

        public double[] CentroidLat { get; }

        public STRtree<int> Tree { get; } = new();

        public Envelope? Extent { get; }
    }

    private sealed class Visitor(Action<int> visit) : IItemVisitor<int>
    {
        public void VisitItem(int item) => visit(item);
    }

    private static string IdOf(IFeature feature) =>
        feature.Attributes["id"]?.ToString() ?? throw new InvalidOperationException("a feature without id");

    private static List<KeyValuePair<string, object?>> PropertiesOf(IFeature feature, TileLayer layer)
    {
        var properties = new List<KeyValuePair<string, object?>>(layer.Fields.Count);
        foreach (var field in layer.Fields)
        {
            var value = feature.Attributes.GetOptionalValue(field.Name);
            properties.Add(new(field.Name, value switch
            {
                double d when field.Type == TileFieldType.Integer => (long)d,
                long l when field.Type == TileFieldType.Number => (double)l,
                _ => value,
            }));
        }
        return properties;
    }
}
