using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis.Tests.Conformance;
using Huayang.Gis.PostGis.Tests.Loading;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.PostGis.Tiles;
using Huayang.Gis.Tests.Tiles;
using NetTopologySuite.Algorithm.Distance;
using Xunit.Abstractions;

namespace Huayang.Gis.PostGis.Tests.Tiles;

/// <summary>
/// Tiles from the in-memory store and from PostGIS (ST_AsMVT) over the same bundled data: the same layers,
/// feature ids and properties, and geometry within two tile units; and the features in a tile are those that
/// intersect the buffered tile. Lines and polygons less than a tile unit across (a few walkways of under a
/// metre at zoom 12) may be kept by one source and dropped by the other; nothing else may differ.
/// </summary>
public sealed class TileConformanceTests(BothStores stores, ITestOutputHelper output) : IClassFixture<BothStores>
{
    private const double Tolerance = 2.0;

    [SkippableFact]
    public async Task Both_sources_give_the_same_features_in_every_sampled_tile()
    {
        stores.Require();
        var memory = new InMemoryTileSource(stores.Memory);
        var postGis = new PostGisTileSource(stores.PostGis.DataSource);
        var dataset = LoaderTestData.BundledDataset;
        var extent = (await memory.GetStateAsync()).BoundsOf(Layers.All)!;
        var tiles = TileSamples.Sample(extent);
        var featuresCompared = 0;
        var problems = new List<string>();

        foreach (var (z, x, y) in tiles)
        {
            var fromMemory = MvtDecoder.Decode(await memory.GetTileAsync(Layers.All, z, x, y));
            var fromPostGis = MvtDecoder.Decode(await postGis.GetTileAsync(Layers.All, z, x, y));
            Assert.Equal(fromMemory.Select(l => l.Name), fromPostGis.Select(l => l.Name));
            foreach (var (m, p) in fromMemory.Zip(fromPostGis))
            {
                Assert.Equal((2u, 4096u), (m.Version, m.Extent));
                Assert.Equal((2u, 4096u), (p.Version, p.Extent));
                var byId = p.Features.ToDictionary(f => f.Id);
                var specks = TileSamples.Specks(dataset, m.Name, z);
                var onlyMemory = m.Features.Where(f => !byId.ContainsKey(f.Id)).Select(f => f.StringId).Except(specks).ToList();
                var onlyPostGis = p.Features.Select(f => f.Id).Except(m.Features.Select(f => f.Id)).Select(id => byId[id].StringId).Except(specks).ToList();
                if (onlyMemory.Count + onlyPostGis.Count > 0)
                {
                    problems.Add($"{z}/{x}/{y} {m.Name}: only in memory [{string.Join(", ", onlyMemory)}], only in PostGIS [{string.Join(", ", onlyPostGis)}]");
                    continue;
                }
                foreach (var feature in m.Features.Where(f => byId.ContainsKey(f.Id)))
                {
                    var other = byId[feature.Id];
                    Assert.Equal(VectorTileFeatureId.For(feature.StringId), feature.Id);
                    Assert.Equal(feature.Properties.OrderBy(kv => kv.Key, StringComparer.Ordinal), other.Properties.OrderBy(kv => kv.Key, StringComparer.Ordinal));
                    Assert.Equal(feature.Geometry.Dimension, other.Geometry.Dimension);
                    var distance = DiscreteHausdorffDistance.Distance(feature.Geometry, other.Geometry, 0.25);
                    if (distance > Tolerance)
                    {
                        problems.Add($"{z}/{x}/{y} {m.Name} {feature.StringId}: geometries {distance:F1} units apart");
                    }
                    featuresCompared++;
                }
            }
            foreach (var name in Layers.All)
            {
                ExpectIntersecting(dataset, name, fromMemory.SingleOrDefault(l => l.Name == name), z, x, y, "memory", problems);
                ExpectIntersecting(dataset, name, fromPostGis.SingleOrDefault(l => l.Name == name), z, x, y, "PostGIS", problems);
            }
        }
        output.WriteLine($"{tiles.Count} tiles, {featuresCompared} features compared");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(featuresCompared > 5000, $"only {featuresCompared} features compared");
    }

    /// <summary>
    /// Below zoom 12 (where <see cref="TileSamples.Sample"/> starts), both sources leave out the layers below
    /// their minimum zoom (population below 10, walkways below 12) and otherwise give the same features, except
    /// slivers: polygons of under 4 square tile units and lines under 2 units, which snap to almost nothing and
    /// which PostGIS keeps more often than the .NET cutter.
    /// </summary>
    [SkippableFact]
    public async Task Below_zoom_12_both_sources_leave_out_the_same_layers_and_keep_the_same_features()
    {
        stores.Require();
        var memory = new InMemoryTileSource(stores.Memory);
        var postGis = new PostGisTileSource(stores.PostGis.DataSource);
        var dataset = LoaderTestData.BundledDataset;
        var extent = (await memory.GetStateAsync()).BoundsOf(Layers.All)!;
        var problems = new List<string>();
        var compared = 0;
        for (var z = 0; z < 12; z++)
        {
            var (_, x0, y0) = TileSamples.TileAt(extent.MinX, extent.MaxY, z);
            var (_, x1, y1) = TileSamples.TileAt(extent.MaxX, extent.MinY, z);
            for (var x = x0; x <= x1; x++)
            {
                for (var y = y0; y <= y1; y++)
                {
                    var fromMemory = MvtDecoder.Decode(await memory.GetTileAsync(Layers.All, z, x, y));
                    var fromPostGis = MvtDecoder.Decode(await postGis.GetTileAsync(Layers.All, z, x, y));
                    foreach (var (source, tile) in new[] { ("memory", fromMemory), ("PostGIS", fromPostGis) })
                    {
                        if (z < 10 && tile.Any(l => l.Name == Layers.Population) || tile.Any(l => l.Name == Layers.Walkways))
                        {
                            problems.Add($"{source} {z}/{x}/{y}: a layer below its minimum zoom: [{string.Join(", ", tile.Select(l => l.Name))}]");
                        }
                    }
                    foreach (var name in Layers.All)
                    {
                        var m = fromMemory.SingleOrDefault(l => l.Name == name)?.Features ?? [];
                        var p = fromPostGis.SingleOrDefault(l => l.Name == name)?.Features ?? [];
                        var slivers = Slivers(dataset, name, z);
                        var onlyMemory = m.Select(f => f.StringId).Except(p.Select(f => f.StringId)).Except(slivers).ToList();
                        var onlyPostGis = p.Select(f => f.StringId).Except(m.Select(f => f.StringId)).Except(slivers).ToList();
                        if (onlyMemory.Count + onlyPostGis.Count > 0)
                        {
                            problems.Add($"{z}/{x}/{y} {name}: only in memory [{string.Join(", ", onlyMemory)}], only in PostGIS [{string.Join(", ", onlyPostGis)}]");
                        }
                        compared += m.Count;
                    }
                }
            }
        }
        output.WriteLine($"{compared} features compared at zooms 0 to 11");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(compared > 3000, $"only {compared} features compared");
    }

    [SkippableFact]
    public async Task A_cancelled_request_cancels_the_statement()
    {
        stores.Require();
        var postGis = new PostGisTileSource(stores.PostGis.DataSource);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (z, x, y) = TileSamples.TileAt(104.06, 30.5, 13);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => postGis.GetTileAsync(Layers.All, z, x, y, cancelled.Token));
    }

    /// <summary>The ids of a layer's polygons under 4 square tile units and lines under 2 units at zoom <paramref name="z"/>.</summary>
    private static ISet<string> Slivers(Dataset dataset, string layer, int z)
    {
        var unit = 2 * VectorTileGrid.WorldHalfSize / (1 << z) / VectorTileGrid.Extent;
        return (dataset.Layers.GetValueOrDefault(layer) ?? [])
            .Where(f =>
            {
                var mercator = Core.Crs.CoordinateTransformer.Transform(f.Geometry, Core.Crs.CrsId.Wgs84, Core.Crs.CrsId.WebMercator);
                return mercator.Dimension switch
                {
                    NetTopologySuite.Geometries.Dimension.Surface => mercator.Area < 4 * unit * unit,
                    NetTopologySuite.Geometries.Dimension.Curve => mercator.Length < 2 * unit,
                    _ => false,
                };
            })
            .Select(f => (string)f.Attributes["id"])
            .ToHashSet(StringComparer.Ordinal);
    }

    [SkippableFact]
    public async Task Tiles_far_from_the_data_are_empty_and_bad_coordinates_are_refused()
    {
        stores.Require();
        var postGis = new PostGisTileSource(stores.PostGis.DataSource);
        Assert.Empty(await postGis.GetTileAsync(Layers.All, 14, 0, 0));
        Assert.NotEmpty(await postGis.GetTileAsync([Layers.Sites], 0, 0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => postGis.GetTileAsync([Layers.Sites], 3, 8, 0));
        await Assert.ThrowsAsync<Core.Store.UnknownLayerException>(() => postGis.GetTileAsync(["sites; DROP TABLE huayang.sites"], 3, 0, 0));
    }

    [SkippableFact]
    public async Task The_version_changes_when_the_data_is_loaded_again()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var source = new PostGisTileSource(db.DataSource, versionCheckInterval: TimeSpan.Zero);
        var cached = new PostGisTileSource(db.DataSource, versionCheckInterval: TimeSpan.FromDays(1));
        var first = await source.GetStateAsync();
        Assert.Equal(first.Version, (await cached.GetStateAsync()).Version);
        Assert.Equal(first.Version, (await source.GetStateAsync()).Version);
        Assert.Equal(Layers.All.Order(), first.LayerBounds.Keys.Order());
        Assert.All(first.LayerBounds.Values, b => Assert.NotNull(b));

        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory, replace: true);
        Assert.NotEqual(first.Version, (await source.GetStateAsync()).Version);
        // Within its interval a source trusts the version it read: at most that long stale.
        Assert.Equal(first.Version, (await cached.GetStateAsync()).Version);
    }

    /// <summary>
    /// The features of a layer in a tile are those that intersect the buffered tile, up to a tile unit at its
    /// edge: every feature intersecting it shrunk by one unit is there (unless it is a line or polygon less than
    /// a unit across), nothing outside it grown by one unit is.
    /// </summary>
    private static void ExpectIntersecting(
        Dataset dataset, string name, DecodedLayer? layer, int z, int x, int y, string source, List<string> problems)
    {
        var ids = (layer?.Features ?? []).Select(f => f.StringId).ToHashSet(StringComparer.Ordinal);
        var missing = TileSamples.IdsIntersecting(dataset, name, z, x, y, -1, withoutSpecks: true).Except(ids).ToList();
        var extra = ids.Except(TileSamples.IdsIntersecting(dataset, name, z, x, y, 1)).ToList();
        if (missing.Count + extra.Count > 0)
        {
            problems.Add($"{source} {z}/{x}/{y} {name}: missing [{string.Join(", ", missing)}], not intersecting [{string.Join(", ", extra)}]");
        }
    }
}
