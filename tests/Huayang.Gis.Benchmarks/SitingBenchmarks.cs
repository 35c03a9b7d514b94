using BenchmarkDotNet.Attributes;
using Huayang.Gis.Siting;
using Huayang.Gis.Siting.Tests;

namespace Huayang.Gis.Benchmarks;

/// <summary>
/// MCLP at the limits of ArcGIS's hosted location-allocation: 10,000 demand points, 1,000 candidates, p = 100, in a
/// 10 km square with a 300 m or 500 m straight-line radius (a 5- or 10-minute walk), 20 existing sites. Greedy
/// alone, greedy + swap, and the whole heuristic answer (with its LP bound by GLOP); the goal is under 10 s.
/// </summary>
[MemoryDiagnoser]
public class SitingBenchmarks
{
    private static readonly SitingOptions Heuristic = new() { Strategy = SitingStrategy.Heuristic };
    private CoverageProblem _problem = null!;
    private CoverModel _model = null!;

    [Params(300, 500)]
    public int RadiusMetres { get; set; }

    [Params(100)]
    public int Sites { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _problem = RandomDistrict.Create(10_000, 1_000, 20, 10_000, RadiusMetres, seed: 2026);
        _model = CoverModel.Build(_problem);
    }

    [Benchmark(Description = "greedy (CELF)")]
    public int Greedy() => GreedySwap.Greedy(_model, Sites, long.MaxValue, default).Count;

    [Benchmark(Description = "greedy + swap")]
    public int GreedyAndSwap()
    {
        var chosen = GreedySwap.Greedy(_model, Sites, long.MaxValue, default);
        return GreedySwap.Swap(_model, chosen, 10_000, default);
    }

    [Benchmark(Description = "MCLP answer: model, greedy + swap, LP bound")]
    public long Answer() => MaximalCovering.Solve(_problem, Sites, Heuristic).Bound;

    [Benchmark(Description = "LSCP answer (95%): model, greedy + reduction, LP bound")]
    public long SetCoveringAnswer() => SetCovering.Solve(_problem, 0.95, Heuristic).Objective;
}
