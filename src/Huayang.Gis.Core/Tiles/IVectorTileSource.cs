using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// Mapbox Vector Tiles (MVT 2.1) of the dataset's layers in the Web Mercator XYZ grid (EPSG:3857, y = 0 at the
/// north edge), with an extent of <see cref="VectorTileGrid.Extent"/> and a buffer of <see cref="VectorTileGrid.Buffer"/>
/// tile units. Every implementation produces the same layers, feature ids and properties for the same tile;
/// geometry agrees to a pixel or two (clipping and snapping to the integer grid may differ).
/// </summary>
/// <remarks>
/// Each requested layer becomes one MVT layer of the same name, in the order asked; a layer with no feature in
/// the buffered tile is left out. Features carry the integer id of <see cref="VectorTileFeatureId"/> and the
/// properties listed in <see cref="VectorTileLayers"/> (null values are left out). Geometry is clipped to the
/// buffered tile and snapped to integer tile coordinates; a line or polygon that collapses is dropped.
/// Layers are thinned by the rules of <see cref="VectorTileLayers"/> (minimum zooms, a feature budget, grid
/// aggregation), and no tile is over <see cref="VectorTileThinning.MaxTileBytes"/>.
/// </remarks>
public interface IVectorTileSource
{
    /// <summary>
    /// The data's current version and extent: cheap, called for every request before a tile is made, so that
    /// a conditional request is answered and an empty tile recognised without building anything.
    /// </summary>
    Task<TileSetState> GetStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The encoded tile: an empty array when no feature of any layer lies in the buffered tile.
    /// </summary>
    /// <param name="layers">Names of <see cref="TileSetState.Layers"/>, each at most once.</param>
    /// <param name="z">Zoom, 0 to <see cref="VectorTileGrid.MaxZoom"/>.</param>
    /// <param name="x">Column, 0 to 2^z − 1, west to east.</param>
    /// <param name="y">Row, 0 to 2^z − 1, north to south.</param>
    /// <exception cref="ArgumentOutOfRangeException">z, x or y is outside the grid.</exception>
    /// <exception cref="Store.UnknownLayerException">A layer does not exist.</exception>
    Task<byte[]> GetTileAsync(IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default);

    /// <summary>
    /// False only when the source knows that no feature of the layers has a bounding box meeting the buffered tile
    /// (grown by half a unit): then neither this tile nor any tile inside it, at any deeper zoom, has data, so a walk
    /// of the tile pyramid (<see cref="TilePyramid"/>) skips them. An empty tile alone does not tell that: a line
    /// or polygon under a unit across collapses at one zoom and is kept at the next, and a layer may start deeper.
    /// By default true (not known), so nothing is skipped.
    /// </summary>
    Task<bool> MayHaveFeaturesAsync(IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default) =>
        Task.FromResult(true);

    /// <summary>
    /// The version of one tile (part of its ETag): by default the data's version, so any change gives every tile a new
    /// ETag; a source that knows where changes are gives new versions only to the tiles a change touched.
    /// </summary>
    Task<string> TileVersionAsync(TileSetState state, IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Version);
}

/// <summary>What a tile source serves right now.</summary>
/// <param name="Version">Changes whenever the data changes; part of every tile's ETag.</param>
/// <param name="LayerBounds">Each layer's extent in lon/lat degrees, or null for an empty layer.</param>
/// <param name="Layers">The layers served (built in and declared by the data).</param>
public sealed record TileSetState(string Version, IReadOnlyDictionary<string, Envelope?> LayerBounds, Model.LayerRegistry Layers)
{
    /// <summary>The extent of the named layers together, or null when all are empty.</summary>
    public Envelope? BoundsOf(IEnumerable<string> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Envelope? bounds = null;
        foreach (var layer in layers)
        {
            if (LayerBounds.GetValueOrDefault(layer) is { } b)
            {
                bounds ??= new Envelope();
                bounds.ExpandToInclude(b);
            }
        }
        return bounds;
    }
}
