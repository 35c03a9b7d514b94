using BenchmarkDotNet.Attributes;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Store;

namespace Huayang.Gis.Benchmarks;

/// <summary>
/// Per-query time of the two stores over the same data. The PostGIS store reads the database named by
/// <c>HUAYANG_BENCH_PG</c> (loaded with <c>huayang load</c> from the same directory as
/// <c>HUAYANG_BENCH_DATA</c>, default the bundled data); tests/bench/store-queries.sh sets both up.
/// Each operation cycles through 256 fixed positions over the street.
/// </summary>
[MemoryDiagnoser]
public class StoreQueries
{
    private readonly (double Lon, double Lat)[] _positions = new (double, double)[256];
    private ISpatialStore _store = null!;
    private CoverageRequest _coverage = null!;
    private int _next;

    [Params("memory", "postgis")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public async Task Setup()
    {
        var data = Environment.GetEnvironmentVariable("HUAYANG_BENCH_DATA")
            ?? throw new InvalidOperationException("set HUAYANG_BENCH_DATA to the dataset directory (tests/bench/store-queries.sh does)");
        _store = Store == "memory"
            ? InMemorySpatialStore.Open(data)
            : await PostGisSpatialStore.OpenAsync(Environment.GetEnvironmentVariable("HUAYANG_BENCH_PG")
                ?? throw new InvalidOperationException("set HUAYANG_BENCH_PG to a loaded database (tests/bench/store-queries.sh does)"));
        var random = new Random(2019);
        for (var i = 0; i < _positions.Length; i++)
        {
            _positions[i] = (104.02 + random.NextDouble() * 0.06, 30.455 + random.NextDouble() * 0.065);
        }
        _coverage = new CoverageRequest("kindergarten", _store.GetStateAsync().AsTask().GetAwaiter().GetResult().LifeCircles.Level("5min")!);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    private (double Lon, double Lat) Next() => _positions[_next++ & 255];

    [Benchmark(Description = "nearest k=5")]
    public Task<IReadOnlyList<SiteDistance>> Nearest()
    {
        var (lon, lat) = Next();
        return _store.NearestSitesAsync(lon, lat, 5, null);
    }

    [Benchmark(Description = "nearest k=3 kindergarten")]
    public Task<IReadOnlyList<SiteDistance>> NearestOfCategory()
    {
        var (lon, lat) = Next();
        return _store.NearestSitesAsync(lon, lat, 3, "kindergarten");
    }

    [Benchmark(Description = "within 800 m")]
    public Task<IReadOnlyList<SiteDistance>> Within()
    {
        var (lon, lat) = Next();
        return _store.SitesWithinAsync(lon, lat, 800, null);
    }

    [Benchmark(Description = "community at point")]
    public Task<Huayang.Gis.Core.Model.Community?> CommunityAt()
    {
        var (lon, lat) = Next();
        return _store.CommunityAtAsync(lon, lat);
    }

    [Benchmark(Description = "coverage kindergarten 5min")]
    public Task<CoverageReport> Coverage() => _store.CoverageAsync(_coverage);
}
