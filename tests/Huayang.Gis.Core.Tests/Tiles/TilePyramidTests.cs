using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Tiles;

/// <summary>
/// The export's walk: the candidates are the tiles whose buffered square meets the extent (counted against every
/// tile of the grid), and a tile that is empty only because its data collapses at that zoom does not hide the
/// tiles under it.
/// </summary>
public sealed class TilePyramidTests
{
    [Theory]
    [InlineData(104.008, 30.451, 104.095, 30.531, 0, 8)]
    [InlineData(104.0, 30.0, 104.0, 30.0, 3, 9)]
    [InlineData(-0.001, -0.001, 0.001, 0.001, 0, 8)]
    [InlineData(-180, -85.0511287798066, 180, 85.0511287798066, 0, 5)]
    public void Candidates_are_the_tiles_whose_buffered_square_meets_the_extent(
        double west, double south, double east, double north, int minZoom, int maxZoom)
    {
        var extent = new Envelope(west, east, south, north);
        var pyramid = new TilePyramid(extent, minZoom, maxZoom);
        long total = 0;
        for (var z = minZoom; z <= maxZoom; z++)
        {
            var range = pyramid.Range(z);
            for (var y = 0; y < 1 << z; y++)
            {
                for (var x = 0; x < 1 << z; x++)
                {
                    var meets = VectorTileGrid.BufferedLonLatBounds(z, x, y).Intersects(extent);
                    Assert.True(meets == range.Contains(z, x, y), $"tile {z}/{x}/{y}: meets the extent {meets}, in the range {!meets}");
                    total += meets ? 1 : 0;
                }
            }
        }
        Assert.Equal(total, pyramid.Count);
        // Each candidate below the first zoom lies under exactly one candidate of the first zoom.
        var first = pyramid.Range(minZoom);
        long below = 0;
        for (var y = first.MinY; y <= first.MaxY; y++)
        {
            for (var x = first.MinX; x <= first.MaxX; x++)
            {
                below += pyramid.CountBelow(new TileAddress(minZoom, x, y));
            }
        }
        Assert.Equal(total - first.Count, below);
    }

    [Fact]
    public async Task A_pond_too_small_for_the_first_zoom_is_exported_at_the_zooms_that_keep_it()
    {
        // Two metres across: less than a tile unit at zoom 10 (about 8 m here), many units at zoom 16.
        var (lon, lat) = (104.05, 30.5);
        var pond = new GeometryFactory(new PrecisionModel(), 4326).ToGeometry(new Envelope(lon, lon + 0.00002, lat, lat + 0.00002));
        var store = new InMemorySpatialStore(new Dataset(
            "tiny-pond", LayerRegistry.BuiltIn,
            new Dictionary<string, IReadOnlyList<IFeature>>
            {
                [Layers.Water] = [new Feature(pond, new AttributesTable { { "id", "pond" }, { "name_zh", "小池塘" } })],
            },
            [], [], [], [], new LifeCircleStandard("test", [], [])));
        var source = new InMemoryTileSource(store);
        var (x10, y10) = TileOf(lon, lat, 10);
        Assert.Empty(await source.GetTileAsync([Layers.Water], 10, x10, y10));
        Assert.True(await source.MayHaveFeaturesAsync([Layers.Water], 10, x10, y10));
        var (x16, y16) = TileOf(lon, lat, 16);
        Assert.NotEmpty(await source.GetTileAsync([Layers.Water], 16, x16, y16));
        // Far from the pond the source knows there is nothing, at any zoom.
        Assert.False(await source.MayHaveFeaturesAsync([Layers.Water], 10, x10 + 3, y10));

        var written = new Dictionary<TileAddress, byte[]>();
        var (count, candidates, built) = await TileExport.WalkAsync(source, new TileExportRequest([Layers.Water], 10, 16),
            (tile, bytes, _) =>
            {
                written.Add(tile, bytes);
                return Task.CompletedTask;
            }, null, CancellationToken.None);

        Assert.Equal(written.Count, count);
        Assert.Contains(new TileAddress(16, x16, y16), written.Keys);
        Assert.DoesNotContain(written.Keys, t => t.Z == 10);
        Assert.True(built <= candidates);
        foreach (var (tile, bytes) in written)
        {
            Assert.Equal(await source.GetTileAsync([Layers.Water], tile.Z, tile.X, tile.Y), bytes);
        }
    }

    private static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var (x, y) = VectorTileThinning.WorldUnits(lon, lat, z);
        return ((int)(x / VectorTileGrid.Extent), (int)(y / VectorTileGrid.Extent));
    }
}
