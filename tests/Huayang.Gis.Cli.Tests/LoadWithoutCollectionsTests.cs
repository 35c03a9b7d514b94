using System.Runtime;
using Huayang.Gis.Cli.Commands;

namespace Huayang.Gis.Cli.Tests;

/// <summary>The garbage collector's region without collections around a load: on for a large input, off for a small
/// one, ended when the load is done, and a load that allocates past it is not disturbed. The collector's mode is
/// process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(LoadWithoutCollectionsTests), DisableParallelization = true)]
[Collection(nameof(LoadWithoutCollectionsTests))]
public sealed class LoadWithoutCollectionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("huayang-nogc-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_large_input_is_loaded_without_collections_until_the_load_ends()
    {
        WriteInput(8 << 20);
        var collections = GC.CollectionCount(0);
        using (var region = LoadWithoutCollections.Begin(_directory))
        {
            Assert.True(region.Started);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            var kept = Enumerable.Range(0, 100_000).Select(i => new byte[100]).ToList();
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Equal(collections + 1, GC.CollectionCount(0)); // the one that starts the region, no other
            GC.KeepAlive(kept);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_small_input_is_loaded_as_usual()
    {
        WriteInput(1 << 20);
        using var region = LoadWithoutCollections.Begin(_directory);
        Assert.False(region.Started);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_load_that_allocates_more_than_the_region_allows_goes_on_and_ends_cleanly()
    {
        WriteInput(5 << 20);
        var region = LoadWithoutCollections.Begin(_directory);
        Assert.True(region.Started);
        // 5 MB of input allows 80 MB; allocate and keep 200 MB.
        var kept = Enumerable.Range(0, 200).Select(i => new byte[1 << 20]).ToList();
        region.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        Assert.Equal(200, kept.Count);
    }

    [Fact]
    public void A_missing_path_is_loaded_as_usual()
    {
        using var region = LoadWithoutCollections.Begin(Path.Combine(_directory, "absent"));
        Assert.False(region.Started);
    }

    private void WriteInput(int bytes) => File.WriteAllBytes(Path.Combine(_directory, "population.geojson"), new byte[bytes]);
}
