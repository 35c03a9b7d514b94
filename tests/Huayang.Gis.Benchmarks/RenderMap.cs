using BenchmarkDotNet.Attributes;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.Rendering;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Benchmarks;

/// <summary>
/// One 1024×768 PNG of all drawable layers (communities, water, roads, plan, sites) over 104.00,30.44,104.10,30.54
/// in EPSG:3857, the scene tests/bench/render-vs-map2img.sh asks MapServer's map2img for. A draw is what a
/// request costs: read the layers' features in the box from the store, draw with labels, encode PNG.
/// <c>Decorations</c> false is the WMS-style picture (no title, legend, scale bar, north arrow), the one comparable
/// with map2img; true is the report picture of <c>huayang render</c>.
/// The in-memory store reads <c>HUAYANG_BENCH_DATA</c>; the PostGIS store <c>HUAYANG_BENCH_PG</c>. When
/// <c>HUAYANG_BENCH_PNG</c> names a directory, the setup writes the picture there as <c>ours-{store}.png</c>.
/// </summary>
[MemoryDiagnoser]
public class RenderMap
{
    private static readonly Envelope LonLatBox = new(104.00, 104.10, 30.44, 30.54);
    private const int Width = 1024;
    private const int Height = 768;

    private ISpatialStore _store = null!;
    private MapRenderer _renderer = null!;
    private IReadOnlyList<string> _layers = null!;
    private MapRequest _request = null!;

    [Params("memory", "postgis")]
    public string Store { get; set; } = "memory";

    [Params(false, true)]
    public bool Decorations { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _store = Store == "memory"
            ? InMemorySpatialStore.Open(Environment.GetEnvironmentVariable("HUAYANG_BENCH_DATA")
                ?? throw new InvalidOperationException("set HUAYANG_BENCH_DATA to the dataset directory (tests/bench/render-vs-map2img.sh does)"))
            : await PostGisSpatialStore.OpenAsync(Environment.GetEnvironmentVariable("HUAYANG_BENCH_PG")
                ?? throw new InvalidOperationException("set HUAYANG_BENCH_PG to a loaded database (tests/bench/render-vs-map2img.sh does)"));
        _renderer = MapRenderer.CreateDefault();
        _layers = MapLayers.InDrawingOrder(MapLayers.All);
        _request = new MapRequest
        {
            Bbox = MapExtent.Fit(LonLatBox, CrsId.WebMercator, Width, Height),
            Crs = CrsId.WebMercator,
            Width = Width,
            Height = Height,
            Layers = _layers,
            Decorations = Decorations,
        };
        var png = await Draw();
        if (Environment.GetEnvironmentVariable("HUAYANG_BENCH_PNG") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(Path.Combine(directory, $"ours-{Store}{(Decorations ? "-decorated" : "")}.png"), png);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Benchmark(Description = "render 1024x768 PNG")]
    public async Task<byte[]> Draw()
    {
        var data = await MapSource.LoadAsync(_store, LonLatBox, _layers, null, CancellationToken.None);
        return _renderer.RenderPng(_request, data);
    }
}
