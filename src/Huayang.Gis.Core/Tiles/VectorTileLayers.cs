using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.Tiles;

/// <summary>The kind of value a vector-tile property holds.</summary>
public enum TileFieldType
{
    /// <summary>Text.</summary>
    String,

    /// <summary>An integer (encoded as an unsigned, or zigzag signed when negative, MVT integer).</summary>
    Integer,

    /// <summary>A number with a fraction (an MVT double).</summary>
    Number,

    /// <summary>True or false (an MVT bool).</summary>
    Boolean,
}

/// <summary>One property that the features of a tile layer carry.</summary>
/// <param name="OnlyAggregated">
/// True for a property that only aggregated features carry (see <see cref="TileLayer.AggregateSum"/>): it is
/// not a dataset attribute nor a PostGIS column.
/// </param>
public sealed record TileField(string Name, TileFieldType Type, string Description, bool OnlyAggregated = false);

/// <summary>
/// A dataset layer as a vector-tile layer: what it shows, which properties its features carry, and how it is
/// thinned (the rules are stated on <see cref="VectorTileLayers"/>).
/// </summary>
public sealed record TileLayer(string Name, string Description, IReadOnlyList<TileField> Fields)
{
    private static readonly TileField Id = new("id", TileFieldType.String, "String: the feature's id in the dataset (also its OGC API feature id)");

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LayerDefinition, TileLayer> Derived = new();

    /// <summary>
    /// A layer's tile layer: <c>id</c>, then the fields marked <see cref="LayerField.InTiles"/>, and for an aggregated
    /// layer the count of features summed (<see cref="VectorTileThinning.CellsField"/>).
    /// </summary>
    public static TileLayer Of(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Derived.GetValue(layer, static l =>
        {
            var fields = new List<TileField> { Id };
            fields.AddRange(l.Fields.Where(f => f.InTiles).Select(f => new TileField(f.Name, TypeOf(f.Type), Describe(f))));
            if (l.TileAggregateSum is not null)
            {
                fields.Add(new(VectorTileThinning.CellsField, TileFieldType.Integer,
                    "Number: on aggregated cells only, how many features were summed", OnlyAggregated: true));
            }
            var notes = new List<string>();
            if (l.TileMinZoom > 0)
            {
                notes.Add($"from zoom {l.TileMinZoom}");
            }
            if (l.TileAggregateSum is not null)
            {
                notes.Add("in dense tiles aggregated into grid cells");
            }
            var description = notes.Count == 0 ? l.Description : $"{l.Description} ({string.Join("; ", notes)})";
            return new TileLayer(l.Name, description, fields) { MinZoom = l.TileMinZoom, AggregateSum = l.TileAggregateSum };
        });
    }

    private static TileFieldType TypeOf(FieldType type) => type switch
    {
        FieldType.Int => TileFieldType.Integer,
        FieldType.Number => TileFieldType.Number,
        FieldType.Bool => TileFieldType.Boolean,
        _ => TileFieldType.String,
    };

    private static string Describe(LayerField field) => field.Type switch
    {
        FieldType.String => "String: ",
        FieldType.Bool => "Boolean: ",
        _ => "Number: ",
    } + field.Description;

    /// <summary>Below this zoom the layer is left out of every tile (and TileJSON says so in <c>vector_layers</c>).</summary>
    public int MinZoom { get; init; }

    /// <summary>
    /// The integer property summed when a dense tile aggregates the layer's features into grid cells, or null
    /// when a dense tile keeps one feature per grid cell instead.
    /// </summary>
    public string? AggregateSum { get; init; }
}

/// <summary>
/// The properties each layer carries in vector tiles: the string <c>id</c> first, then the attributes a map
/// needs to style and label it. Every tile source writes exactly these (leaving out null values), so tiles from
/// the embedded store and from PostGIS carry the same properties. The names are also the PostGIS column names
/// (except those only aggregated features carry).
/// </summary>
/// <remarks>
/// <para>The thinning rules, the same for every tile source (<see cref="VectorTileThinning"/> holds the numbers):</para>
/// <list type="number">
/// <item>Below its <see cref="TileLayer.MinZoom"/> a layer is left out: population cells below zoom 10,
/// walkways below zoom 12; the other layers are in every zoom.</item>
/// <item>Lines and polygons are simplified to the tile's resolution at every zoom (Douglas-Peucker, half a tile
/// unit, then snapped to the 4096-unit grid); what collapses to nothing, which is what is smaller than about a
/// tile unit, is dropped.</item>
/// <item>A tile is built at the lowest thinning level that fits in <see cref="VectorTileThinning.MaxTileBytes"/>.
/// At level k a layer is written feature by feature only if at most <see cref="VectorTileThinning.MaxFeatures"/>
/// of its features have a bounding box in the buffered tile; otherwise it is thinned on a grid of
/// <see cref="VectorTileThinning.GridUnits"/> tile units aligned across the world: each feature falls in the cell
/// of its centroid, and a cell holds either one aggregated feature (population: summed residents and the number of
/// cells) or the feature with the smallest id (the others). From level 1 on, lines and polygons are also simplified
/// with <see cref="VectorTileThinning.ToleranceUnits"/> (topology-preserving) before they are cut.</item>
/// <item>If even the last level does not fit, layers are left out from the last asked for, until the tile fits.</item>
/// </list>
/// </remarks>
public static class VectorTileLayers
{
    /// <summary>The built-in layers' tile layers, in <see cref="Layers.All"/> order (derived from <see cref="LayerRegistry"/>).</summary>
    public static IReadOnlyList<TileLayer> All { get; } = LayerRegistry.BuiltIn.All.Select(TileLayer.Of).ToList();

    /// <summary>The built-in layer of that name (ordinal), or null.</summary>
    public static TileLayer? Find(string name) => LayerRegistry.BuiltIn.Find(name) is { } layer ? TileLayer.Of(layer) : null;
}

/// <summary>
/// The numbers of the thinning rules stated on <see cref="VectorTileLayers"/>: the size cap and, per thinning
/// level, the feature budget, grid and simplification tolerance. Every tile source uses these.
/// </summary>
public static class VectorTileThinning
{
    /// <summary>The most encoded bytes a tile has (500 KB, the size Mapbox and tippecanoe aim under).</summary>
    public const int MaxTileBytes = 500_000;

    /// <summary>The last thinning level: a grid of one cell per tile.</summary>
    public const int MaxLevel = 6;

    /// <summary>
    /// At <paramref name="level"/>, how many features (by bounding box in the buffered tile) a layer may have
    /// to be written one by one: 4096 at level 0, a quarter of that at each further level.
    /// </summary>
    public static int MaxFeatures(int level) => 4096 >> (2 * CheckLevel(level));

    /// <summary>
    /// At <paramref name="level"/>, the side of a thinning grid cell in tile units: 64 at level 0 (a 16th of
    /// the tile, the buffer's width), doubling at each level up to the whole tile. It divides
    /// <see cref="VectorTileGrid.Extent"/>, so a cell is either inside a tile or outside it.
    /// </summary>
    public static int GridUnits(int level) => 64 << CheckLevel(level);

    /// <summary>
    /// At <paramref name="level"/>, the topology-preserving simplification applied to lines and polygons
    /// before they are cut, in tile units: none (0) at level 0, then 2, 4, … 64.
    /// </summary>
    public static double ToleranceUnits(int level) => CheckLevel(level) == 0 ? 0 : 1 << level;

    /// <summary>
    /// A lon/lat position in the world's tile units at zoom <paramref name="z"/> (x east and y south from the
    /// north-west corner of the Web Mercator square, <see cref="VectorTileGrid.Extent"/> per tile). PostGIS
    /// computes the same in SQL (<c>Huayang.Gis.PostGis.Tiles.TileSql</c>); latitudes beyond ±85.0511° fall
    /// outside the square.
    /// </summary>
    public static (double X, double Y) WorldUnits(double lon, double lat, int z)
    {
        var size = (double)VectorTileGrid.Extent * (1L << z);
        var x = (lon + 180) / 360 * size;
        var y = (1 - Math.Log(Math.Tan(Math.PI / 4 + lat * (Math.PI / 180) / 2)) / Math.PI) / 2 * size;
        return (x, y);
    }

    /// <summary>The property of an aggregated feature that counts the features summed into it.</summary>
    public const string CellsField = "cells";

    /// <summary>
    /// The string whose <see cref="VectorTileFeatureId"/> is the id of an aggregated feature: the layer, zoom,
    /// grid size and cell (the aggregated feature has no string <c>id</c> property).
    /// </summary>
    public static string AggregateId(string layer, int z, int grid, long gx, long gy) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{layer}@{z}/{grid}/{gx}/{gy}");

    /// <summary>
    /// The encoded layers as one tile, leaving out layers from the last while the tile is over
    /// <see cref="MaxTileBytes"/> (the last resort, when even <see cref="MaxLevel"/> does not fit).
    /// </summary>
    public static byte[] Concatenate(IReadOnlyList<byte[]> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var count = layers.Count;
        var total = layers.Sum(l => (long)l.Length);
        while (total > MaxTileBytes && count > 0)
        {
            total -= layers[--count].Length;
        }
        var tile = new byte[total];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            layers[i].CopyTo(tile, offset);
            offset += layers[i].Length;
        }
        return tile;
    }

    private static int CheckLevel(int level) => level is >= 0 and <= MaxLevel
        ? level
        : throw new ArgumentOutOfRangeException(nameof(level), level, $"thinning levels are 0 to {MaxLevel}");
}
