using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Tests;
using Huayang.Gis.Tests.Tiles;

namespace Huayang.Gis.Server.Tests.Tiles;

/// <summary>Tiles from the embedded store hold exactly the features that intersect the buffered tile, with their properties.</summary>
public sealed class InMemoryTileSourceTests
{
    private static readonly Lazy<InMemorySpatialStore> Store = new(() => InMemorySpatialStore.Open(RepositoryRoot.DataDirectory));

    [Fact]
    public async Task Every_sampled_tile_holds_the_features_that_intersect_it_with_their_properties()
    {
        var dataset = Store.Value.Dataset;
        var source = new InMemoryTileSource(Store.Value);
        var tiles = TileSamples.Sample((await source.GetStateAsync()).BoundsOf(Layers.All)!);
        var problems = new List<string>();
        var features = 0;
        foreach (var (z, x, y) in tiles)
        {
            var decoded = MvtDecoder.Decode(await source.GetTileAsync(Layers.All, z, x, y));
            Assert.Equal(Layers.All.Where(l => decoded.Any(d => d.Name == l)), decoded.Select(d => d.Name));
            foreach (var name in Layers.All)
            {
                var layer = decoded.SingleOrDefault(l => l.Name == name);
                var ids = (layer?.Features ?? []).Select(f => f.StringId).ToHashSet(StringComparer.Ordinal);
                var missing = TileSamples.IdsIntersecting(dataset, name, z, x, y, -1, withoutSpecks: true).Except(ids).ToList();
                var extra = ids.Except(TileSamples.IdsIntersecting(dataset, name, z, x, y, 1)).ToList();
                if (missing.Count + extra.Count > 0)
                {
                    problems.Add($"{z}/{x}/{y} {name}: missing [{string.Join(", ", missing)}], not intersecting [{string.Join(", ", extra)}]");
                }
                var byId = (dataset.Layers.GetValueOrDefault(name) ?? []).ToDictionary(f => (string)f.Attributes["id"]);
                foreach (var feature in layer?.Features ?? [])
                {
                    Assert.Equal(VectorTileFeatureId.For(feature.StringId), feature.Id);
                    var attributes = byId[feature.StringId].Attributes;
                    var expected = VectorTileLayers.Find(name)!.Fields
                        .Where(f => attributes.GetOptionalValue(f.Name) is not null)
                        .ToDictionary(f => f.Name, f => attributes[f.Name]);
                    Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), feature.Properties.OrderBy(kv => kv.Key, StringComparer.Ordinal));
                    Assert.All(feature.Geometry.Coordinates, c => Assert.True(
                        c.X is >= -64 and <= 4160 && c.Y is >= -64 and <= 4160 && c.X == Math.Floor(c.X) && c.Y == Math.Floor(c.Y),
                        $"{feature.StringId}: {c} is not an integer inside the buffered tile"));
                    Assert.True(feature.Geometry.IsValid, $"{feature.StringId} is not valid: {feature.Geometry}");
                    features++;
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(features > 5000, $"only {features} features checked");
    }

    [Fact]
    public async Task A_tile_far_away_is_empty_and_the_version_is_stable_across_loads()
    {
        var source = new InMemoryTileSource(Store.Value);
        Assert.Empty(await source.GetTileAsync(Layers.All, 14, 0, 0));
        var again = new InMemoryTileSource(InMemorySpatialStore.Open(RepositoryRoot.DataDirectory));
        Assert.Equal((await source.GetStateAsync()).Version, (await again.GetStateAsync()).Version);
        await Assert.ThrowsAsync<UnknownLayerException>(() => source.GetTileAsync(["nope"], 14, 0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => source.GetTileAsync([Layers.Sites], 2, 4, 0));
    }

    [Fact]
    public async Task Population_is_left_out_below_zoom_10_and_walkways_below_zoom_12()
    {
        var source = new InMemoryTileSource(Store.Value);
        var layersAt = new Dictionary<int, string[]>();
        for (var z = 0; z <= 12; z++)
        {
            var (_, x, y) = TileSamples.TileAt(104.06, 30.5, z);
            layersAt[z] = MvtDecoder.Decode(await source.GetTileAsync(Layers.All, z, x, y)).Select(l => l.Name).ToArray();
        }
        Assert.All(Enumerable.Range(0, 10), z => Assert.DoesNotContain(Layers.Population, layersAt[z]));
        Assert.All(Enumerable.Range(0, 12), z => Assert.DoesNotContain(Layers.Walkways, layersAt[z]));
        Assert.All(Enumerable.Range(0, 13), z => Assert.Contains(Layers.Sites, layersAt[z]));
        Assert.Contains(Layers.Population, layersAt[10]);
        Assert.Contains(Layers.Walkways, layersAt[12]);

        // At zoom 10 the bundled data's 3,647 cells are under the budget: real cells, with their ids and residents.
        var (_, cx, cy) = TileSamples.TileAt(104.06, 30.5, 10);
        var cells = MvtDecoder.Decode(await source.GetTileAsync([Layers.Population], 10, cx, cy)).Single().Features;
        Assert.All(cells, c => Assert.StartsWith("pop-", c.StringId));
        Assert.All(cells, c => Assert.False(c.Properties.ContainsKey("cells")));
    }

    [Fact]
    public async Task A_cancelled_request_stops_building_the_tile()
    {
        var source = new InMemoryTileSource(Store.Value);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (z, x, y) = TileSamples.TileAt(104.06, 30.5, 13);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.GetTileAsync(Layers.All, z, x, y, cancelled.Token));
    }

    [Fact]
    public void As_a_last_resort_layers_are_left_out_from_the_last_until_the_tile_fits_the_cap()
    {
        byte[] Layer(int bytes, byte fill) => Enumerable.Repeat(fill, bytes).ToArray();
        var first = Layer(300_000, 1);
        var second = Layer(150_000, 2);
        var third = Layer(100_000, 3);
        Assert.Equal([.. first, .. second], VectorTileThinning.Concatenate([first, second, third]));
        Assert.Equal([.. first, .. third], VectorTileThinning.Concatenate([first, third]));
        Assert.Empty(VectorTileThinning.Concatenate([Layer(VectorTileThinning.MaxTileBytes + 1, 4)]));
        Assert.Equal(VectorTileThinning.MaxTileBytes, VectorTileThinning.Concatenate([Layer(VectorTileThinning.MaxTileBytes, 5)]).Length);
    }

    /// <summary>Expected values from Python: <c>int(hashlib.sha256(id.encode()).hexdigest()[:13], 16)</c>.</summary>
    [Theory]
    [InlineData("", 4005573543169985UL)]
    [InlineData("site-sports-town", 2850482452582741UL)]
    [InlineData("社区 🏙", 2993159160225650UL)]
    public void Feature_ids_are_the_first_52_bits_of_sha256(string id, ulong expected) =>
        Assert.Equal(expected, VectorTileFeatureId.For(id));
}
