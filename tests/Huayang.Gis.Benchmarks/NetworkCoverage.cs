using BenchmarkDotNet.Attributes;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.Synthetic;

namespace Huayang.Gis.Benchmarks;

/// <summary>
/// Walking (network) coverage in memory as the city grows: <c>huayang generate --copies K</c> places K copies of the
/// street side by side, so residents, population cells, walkways and sites grow together, from the street
/// (K = 1, 444,000 residents, 2,208 walkway edges) to a city of 20 million (K = 45). One question (kindergartens
/// within the 10-minute walk, the residents only, as compliance asks) and every category at every level (what
/// compliance computes). The first request of a store builds the network and joins the cells; BenchmarkDotNet's
/// warm-up takes that, so the figures are per question on a built store. tests/bench/network-coverage.sh runs this and
/// fits the growth exponent.
/// </summary>
[MemoryDiagnoser]
public class NetworkCoverage
{
    private InMemorySpatialStore _store = null!;
    private CoverageRequest _one = null!;
    private CoverageRequest[] _every = null!;

    [Params(1, 3, 9, 27, 45)]
    public int Copies { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _store = new InMemorySpatialStore(DatasetReader.Read(City.Directory(Copies)));
        (_one, _every) = City.Questions((await _store.GetStateAsync()).LifeCircles);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await _store.CoverageAsync(_one);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// copies {Copies}: the built network and joined cells hold {(after - before) / 1048576.0:F1} MB");
    }

    [Benchmark(Description = "network coverage, kindergarten 10 min")]
    public Task<CoverageReport> One() => _store.CoverageAsync(_one);

    [Benchmark(Description = "network coverage, every category and level")]
    public async Task<int> Every()
    {
        var covered = 0;
        foreach (var request in _every)
        {
            covered += (await _store.CoverageAsync(request)).Total.CoveredPopulation;
        }
        return covered;
    }
}

/// <summary>
/// The in-memory Dijkstra against the pgRouting path (pgr_withPointsDD) on the same district: 3 copies of the street,
/// 1.3 million residents, loaded into the database named by <c>HUAYANG_BENCH_PG</c> from
/// <c>HUAYANG_BENCH_CITY</c> (tests/bench/network-coverage.sh sets both up).
/// </summary>
[MemoryDiagnoser]
public class NetworkCoverageStores
{
    private ISpatialStore _store = null!;
    private CoverageRequest _one = null!;

    [Params("memory", "postgis")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public async Task Setup()
    {
        var directory = Environment.GetEnvironmentVariable("HUAYANG_BENCH_CITY")
            ?? throw new InvalidOperationException("set HUAYANG_BENCH_CITY to the generated district (tests/bench/network-coverage.sh does)");
        _store = Store == "memory"
            ? InMemorySpatialStore.Open(directory)
            : await PostGisSpatialStore.OpenAsync(Environment.GetEnvironmentVariable("HUAYANG_BENCH_PG")
                ?? throw new InvalidOperationException("set HUAYANG_BENCH_PG to the loaded district (tests/bench/network-coverage.sh does)"));
        (_one, _) = City.Questions((await _store.GetStateAsync()).LifeCircles);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Benchmark(Description = "network coverage, kindergarten 10 min")]
    public Task<CoverageReport> One() => _store.CoverageAsync(_one);
}

/// <summary>The generated cities and the questions both benchmarks ask.</summary>
internal static class City
{
    /// <summary>The directory of a city of <paramref name="copies"/> streets, generated once per machine (under the temp folder).</summary>
    public static string Directory(int copies)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"huayang-bench-city-{copies}");
        if (!File.Exists(Path.Combine(directory, Layers.LifeCirclesFile)))
        {
            HuayangDatasetGenerator.WriteTo(directory, copies: copies);
            File.Copy(Path.Combine(Huayang.Gis.Tests.RepositoryRoot.DataDirectory, Layers.LifeCirclesFile),
                Path.Combine(directory, Layers.LifeCirclesFile), overwrite: true);
        }
        return directory;
    }

    public static (CoverageRequest One, CoverageRequest[] Every) Questions(LifeCircleStandard standard)
    {
        CoverageRequest Walk(string category, LifeCircleLevel level) =>
            new(category, level) { Method = CoverageMethod.Network, WithArea = false };
        var every = standard.Categories
            .SelectMany(c => standard.AllLevels.Select(l => Walk(c.Id, l)))
            .ToArray();
        return (Walk("kindergarten", standard.Level("10min")!), every);
    }
}

/// <summary>
/// The same question as <see cref="NetworkCoverage.One"/>, each time after the CPU's caches have been filled with other
/// data (64 MB written), as a server meets a question between others, rather than the same question in a loop whose
/// data stay in the caches (which favours the smallest city, whose data fit in them). One question per iteration.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class NetworkCoverageCold
{
    private readonly byte[] _evict = new byte[64 << 20];
    private InMemorySpatialStore _store = null!;
    private CoverageRequest _one = null!;

    [Params(1, 3, 9, 27, 45)]
    public int Copies { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _store = new InMemorySpatialStore(DatasetReader.Read(City.Directory(Copies)));
        (_one, _) = City.Questions((await _store.GetStateAsync()).LifeCircles);
        await _store.CoverageAsync(_one);
    }

    [IterationSetup]
    public void Evict()
    {
        for (var i = 0; i < _evict.Length; i += 64)
        {
            _evict[i]++;
        }
    }

    [Benchmark(Description = "network coverage, kindergarten 10 min, caches cold")]
    public Task<CoverageReport> One() => _store.CoverageAsync(_one);
}
