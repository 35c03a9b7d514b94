using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using Huayang.Gis.Core.Tests.Support;
using Xunit.Abstractions;

namespace Huayang.Gis.Core.Tests.Analysis;

/// <summary>Walking coverage over the bundled data, against the buffer figures and a brute-force recount.</summary>
public sealed class NetworkCoverageTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> EveryCategoryAndLevel()
    {
        var data = new TheoryData<string, string>();
        var standard = TestData.Store.Dataset.LifeCircles;
        foreach (var category in standard.Categories)
        {
            foreach (var level in standard.Levels)
            {
                data.Add(category.Id, level.Id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCategoryAndLevel))]
    public async Task Network_coverage_is_never_above_buffer_coverage(string category, string level)
    {
        var store = TestData.Store;
        var standard = store.Dataset.LifeCircles;
        foreach (var status in new[] { SiteStatusFilter.All, SiteStatusFilter.Existing })
        {
            var request = new CoverageRequest(category, standard.Level(level)!, status);
            var buffer = await store.CoverageAsync(request);
            var network = await store.CoverageAsync(request with { Method = CoverageMethod.Network });

            Assert.Equal("network", network.Method);
            Assert.Equal(buffer.Total.CoveredPopulation, network.Total.BufferCoveredPopulation);
            Assert.True(network.Total.CoveredPopulation <= buffer.Total.CoveredPopulation,
                $"{category} {level} {status}: network {network.Total.CoveredPopulation} > buffer {buffer.Total.CoveredPopulation}");
            foreach (var (walk, line) in network.Communities.Zip(buffer.Communities))
            {
                Assert.Equal(line.CommunityId, walk.CommunityId);
                Assert.True(walk.CoveredPopulation <= line.CoveredPopulation,
                    $"{category} {level} {status} {walk.CommunityId}: network {walk.CoveredPopulation} > buffer {line.CoveredPopulation}");
                Assert.Equal(line.CoveredPopulation, walk.BufferCoveredPopulation);
                Assert.True(walk.CoveredPopulation + walk.OffNetworkPopulation <= walk.Population);
            }
        }
    }

    [Fact]
    public async Task Network_coverage_counts_the_residents_a_brute_force_walk_reaches()
    {
        // Recount kindergarten 10-minute coverage cell by cell: for each cell, the shortest walk from any kindergarten is
        // the minimum of single-source searches, one per site (not the multi-source search the calculator uses).
        var store = TestData.Store;
        var dataset = store.Dataset;
        var level = dataset.LifeCircles.Level("10min")!;
        var report = await store.CoverageAsync(new CoverageRequest("kindergarten", level) { Method = CoverageMethod.Network });

        var network = WalkingNetwork.Build(dataset.Layers[Layers.Walkways]);
        var joiner = new NetworkJoiner(network);
        var searches = dataset.Sites
            .Where(s => s.Category == "kindergarten")
            .Select(s => joiner.Join(MetricProjection.ToMetric(s.Geometry.X, s.Geometry.Y)))
            .OfType<NetworkPosition>()
            .Select(join => NetworkDistances.Search(network, [join], level.RadiusM))
            .ToList();
        var covered = new Dictionary<string, int>();
        var offNetwork = 0;
        foreach (var cell in dataset.Population)
        {
            if (joiner.Join(MetricProjection.ToMetric(cell.Geometry.X, cell.Geometry.Y)) is not { } join)
            {
                offNetwork += cell.Residents;
                continue;
            }

            if (searches.Any(s => s.ToPosition(join) <= level.RadiusM))
            {
                covered[cell.CommunityId] = covered.GetValueOrDefault(cell.CommunityId) + cell.Residents;
            }
        }

        Assert.Equal(covered.Values.Sum(), report.Total.CoveredPopulation);
        foreach (var row in report.Communities)
        {
            Assert.Equal(covered.GetValueOrDefault(row.CommunityId), row.CoveredPopulation);
        }

        Assert.Equal(offNetwork, report.Total.OffNetworkPopulation);
        output.WriteLine($"kindergarten 10 min: network {report.Total.CoveredShare:P1}, buffer "
            + $"{(double)report.Total.BufferCoveredPopulation! / report.Total.Population:P1}, off the network {offNetwork} residents "
            + $"in {report.Network!.OffNetworkCells} cells, {network.Nodes.Count} nodes, {network.Edges.Count} edges");
        Assert.True(report.Total.CoveredPopulation < report.Total.BufferCoveredPopulation,
            "the walking figure should be below the straight-line one somewhere on the bundled data");
    }
}
