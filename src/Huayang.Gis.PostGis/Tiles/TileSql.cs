using Huayang.Gis.Core.Tiles;

namespace Huayang.Gis.PostGis.Tiles;

/// <summary>
/// The tile rules of Core as PostgreSQL expressions, so that tiles cut by PostGIS carry the same feature ids and
/// thin by the same grid as tiles cut in .NET. Each expression must give what its Core counterpart gives (the tile
/// conformance tests compare both stores).
/// </summary>
internal static class TileSql
{
    /// <summary>
    /// <see cref="VectorTileFeatureId.For"/> in SQL, for a text expression <paramref name="text"/>: the function
    /// <c>huayang.tile_feature_id</c> of migration 0006 (the 13 leading hex digits of the SHA-256 are its 52 leading
    /// bits; STABLE since migration 0007, so that it is inlined), which the trigger of migration 0007 also uses to fill
    /// <see cref="LayerTable.TileFeatureId"/> of a row not written by the loader (the loader writes .NET's).
    /// </summary>
    public static string FeatureId(string text) => $"huayang.tile_feature_id({text})";

    /// <summary>
    /// <see cref="VectorTileThinning.WorldUnits"/> in SQL, for a lon/lat point expression <paramref name="point"/>
    /// at the zoom of the integer expression <paramref name="z"/>.
    /// </summary>
    public static (string X, string Y) WorldUnits(string point, string z)
    {
        var size = $"({VectorTileGrid.Extent}::float8 * (1::bigint << {z}))";
        return ($"((ST_X({point}) + 180) / 360 * {size})",
            $"((1 - ln(tan(pi() / 4 + ST_Y({point}) * (pi() / 180) / 2)) / pi()) / 2 * {size})");
    }
}
