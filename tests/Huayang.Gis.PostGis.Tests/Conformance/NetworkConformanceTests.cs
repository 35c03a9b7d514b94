using System.Globalization;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.PostGis.Tests.Loading;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.Synthetic;
using Xunit.Abstractions;

namespace Huayang.Gis.PostGis.Tests.Conformance;

/// <summary>
/// Walking answers of the two stores side by side: the in-memory Dijkstra and pgRouting's <c>pgr_withPointsDD</c> must
/// reach the same nodes with costs within 1 m, and network coverage must agree (and stay at or below buffer coverage)
/// on PostGIS as in memory — on the bundled data and on networks generated with other seeds.
/// </summary>
public sealed class NetworkConformanceTests(BothStores stores, ITestOutputHelper output) : IClassFixture<BothStores>
{
    private const double Metre = 1.0;

    private static (long, long) Key(NetTopologySuite.Geometries.Coordinate c) =>
        ((long)Math.Round(c.X * 1000), (long)Math.Round(c.Y * 1000));

    /// <summary>Compares the reached nodes and costs of every ring; returns the largest cost difference.</summary>
    private static double AssertSameReach(ServiceAreaReport memory, ServiceAreaReport postgis, string what)
    {
        Assert.Equal("dijkstra", memory.Method);
        Assert.Equal("pgr_withPointsDD", postgis.Method);
        Assert.Equal(memory.Sites.Select(s => (s.Site.Id, s.Join is null)), postgis.Sites.Select(s => (s.Site.Id, s.Join is null)));
        var worst = 0.0;
        foreach (var (m, p) in memory.Rings.Zip(postgis.Rings, (m, p) => (m.Area, p.Area)))
        {
            var expected = m.Nodes.ToDictionary(n => Key(n.Metric), n => n.CostM);
            var actual = p.Nodes.ToDictionary(n => Key(n.Metric), n => n.CostM);
            var missing = expected.Keys.Except(actual.Keys).ToList();
            var extra = actual.Keys.Except(expected.Keys).ToList();
            // A node within a metre of the limit may fall either side of it.
            Assert.True(missing.All(k => expected[k] > m.DistanceM - Metre) && extra.All(k => actual[k] > m.DistanceM - Metre),
                $"{what} at {m.DistanceM} m: {missing.Count} nodes only in memory, {extra.Count} only in pgRouting");
            foreach (var (key, cost) in expected.Where(e => actual.ContainsKey(e.Key)))
            {
                var difference = Math.Abs(cost - actual[key]);
                worst = Math.Max(worst, difference);
                Assert.True(difference <= Metre, $"{what} at {m.DistanceM} m: node {key} costs {cost} m in memory, {actual[key]} m in pgRouting");
            }

            var memoryLength = m.Lines.Sum(l => l.Metric.Length);
            var postgisLength = p.Lines.Sum(l => l.Metric.Length);
            Assert.True(Math.Abs(memoryLength - postgisLength) <= Metre * Math.Max(1, m.Lines.Count(l => l.Partial)),
                $"{what} at {m.DistanceM} m: reached walkways {memoryLength:0.###} m in memory, {postgisLength:0.###} m from pgRouting");
            Assert.True(expected.Count > 0 || m.Lines.Count > 0, $"{what} at {m.DistanceM} m reached nothing: nothing was compared");
        }

        return worst;
    }

    private static async Task<double> CompareServiceAreasAsync(ISpatialStore memory, ISpatialStore postgis, ITestOutputHelper output, string data)
    {
        var dataset = ((InMemorySpatialStore)memory).Dataset;
        var worst = 0.0;
        var questions = new List<ServiceAreaRequest>();
        foreach (var category in new[] { "kindergarten", "primary_school", "park", "middle_school" })
        {
            questions.Add(new ServiceAreaRequest(null, category, SiteStatusFilter.Existing, [300, 500, 1000]));
        }

        var random = new Random(42);
        foreach (var site in dataset.Sites.OrderBy(_ => random.Next()).Take(12))
        {
            questions.Add(new ServiceAreaRequest([site.Id], null, SiteStatusFilter.All, [random.Next(100, 1500)]));
        }

        foreach (var question in questions)
        {
            var what = $"{data}: {(question.SiteIds is null ? question.Category : string.Join(",", question.SiteIds))}";
            worst = Math.Max(worst, AssertSameReach(await memory.ServiceAreaAsync(question), await postgis.ServiceAreaAsync(question), what));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{data}: {questions.Count} service areas, largest node cost difference {worst:E2} m"));
        return worst;
    }

    [SkippableFact]
    public async Task Service_areas_reach_the_same_nodes_at_the_same_cost_in_memory_and_with_pgRouting_on_the_bundled_data()
    {
        stores.Require();
        await CompareServiceAreasAsync(stores.Memory, stores.PostGis, output, "bundled data");
    }

    [SkippableTheory]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task Service_areas_agree_on_generated_networks(int seed)
    {
        using var directory = new TempDirectory();
        HuayangDatasetGenerator.WriteTo(directory.Path, 1, seed);
        File.Copy(Path.Combine(LoaderTestData.DataDirectory, Layers.LifeCirclesFile), directory.File(Layers.LifeCirclesFile));
        var dataset = DatasetReader.Read(directory.Path);
        await using var database = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(database.DataSource, dataset, directory.Path);
        await using var postgis = await PostGisSpatialStore.OpenAsync(database.DataSource);

        await CompareServiceAreasAsync(new InMemorySpatialStore(dataset), postgis, output, $"generated, seed {seed}");
    }

    [SkippableTheory]
    [InlineData(CandidateSource.Planned, CoverageMethod.Network)]
    [InlineData(CandidateSource.Walkways, CoverageMethod.Network)]
    [InlineData(CandidateSource.Planned, CoverageMethod.Buffer)]
    public async Task Siting_inputs_agree_between_the_stores(CandidateSource candidates, CoverageMethod method)
    {
        stores.Require();
        var request = new SitingInputRequest("kindergarten", stores.Memory.Dataset.LifeCircles.Level("10min")!, method, candidates, SpacingM: 500);
        var memory = await stores.Memory.SitingInputAsync(request);
        var postgis = await stores.PostGis.SitingInputAsync(request);

        Dictionary<string, bool> Already(SitingInput input) => input.CellIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => input.AlreadyCovered[x.i]);
        Assert.Equal(Already(memory).OrderBy(e => e.Key, StringComparer.Ordinal), Already(postgis).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(memory.Candidates.Select(c => c.Id), postgis.Candidates.Select(c => c.Id));
        Assert.True(memory.Candidates.Count > 0);
        for (var c = 0; c < memory.Candidates.Count; c++)
        {
            Assert.Equal(memory.Candidates[c].Position.X, postgis.Candidates[c].Position.X, 6);
            Assert.Equal(
                memory.Covers[c].Select(i => memory.CellIds[i]).Order(StringComparer.Ordinal),
                postgis.Covers[c].Select(i => postgis.CellIds[i]).Order(StringComparer.Ordinal));
        }
    }

    [SkippableFact]
    public async Task Compliance_is_the_same_on_both_stores()
    {
        stores.Require();
        var request = new ComplianceRequest([]);
        var memory = ComplianceOutput.Json(await ComplianceCalculator.ComputeAsync(stores.Memory, request));
        var postgis = ComplianceOutput.Json(await ComplianceCalculator.ComputeAsync(stores.PostGis, request));

        // Walks to the nearest site may differ in the last millimetre (PROJ against ProjNET): compare them to a metre.
        static void Round(System.Text.Json.Nodes.JsonNode json)
        {
            foreach (var level in json["levels"]!.AsArray())
            {
                foreach (var community in level!["communities"]!.AsArray())
                {
                    foreach (var finding in community!["findings"]!.AsArray())
                    {
                        if (finding!["nearest_m"] is { } nearest)
                        {
                            finding["nearest_m"] = Math.Round((double)nearest);
                        }
                    }
                }
            }
        }

        Round(memory);
        Round(postgis);
        Assert.Equal(memory.ToJsonString(), postgis.ToJsonString());
    }

    [SkippableFact]
    public async Task Network_coverage_agrees_between_the_stores_and_stays_at_or_below_buffer_coverage()
    {
        stores.Require();
        var standard = stores.Memory.Dataset.LifeCircles;
        var compared = 0;
        foreach (var category in standard.Categories)
        {
            foreach (var level in standard.Levels)
            {
                var request = new CoverageRequest(category.Id, level, SiteStatusFilter.Existing) { Method = CoverageMethod.Network };
                output.WriteLine($"{category.Id} {level.Id}");
                var memory = await stores.Memory.CoverageAsync(request);
                var postgis = await stores.PostGis.CoverageAsync(request);
                var what = $"{category.Id} {level.Id}";
                Assert.Equal("network", postgis.Method);
                Assert.True(postgis.Total.CoveredPopulation <= postgis.Total.BufferCoveredPopulation,
                    $"{what}: PostGIS network {postgis.Total.CoveredPopulation} > buffer {postgis.Total.BufferCoveredPopulation}");
                Assert.Equal(memory.Total.BufferCoveredPopulation, postgis.Total.BufferCoveredPopulation);
                Assert.Equal(memory.Total.OffNetworkPopulation, postgis.Total.OffNetworkPopulation);
                Assert.Equal(memory.Network!.OffNetworkSiteIds, postgis.Network!.OffNetworkSiteIds);
                foreach (var (m, p) in memory.Communities.Zip(postgis.Communities))
                {
                    Assert.True(m.CoveredPopulation == p.CoveredPopulation,
                        $"{what} {m.CommunityId}: {m.CoveredPopulation} residents covered in memory, {p.CoveredPopulation} on PostGIS");
                    Assert.True(m.NearestSiteWalkM is null == p.NearestSiteWalkM is null
                        && Math.Abs((m.NearestSiteWalkM ?? 0) - (p.NearestSiteWalkM ?? 0)) <= Metre,
                        $"{what} {m.CommunityId}: nearest walk {m.NearestSiteWalkM} m in memory, {p.NearestSiteWalkM} m on PostGIS");
                    Assert.True(m.NearestSiteWalkM is null || m.NearestSiteWalkM >= m.NearestSiteM - 1e-6,
                        $"{what} {m.CommunityId}: a walk of {m.NearestSiteWalkM} m is shorter than the straight line {m.NearestSiteM} m");
                    Assert.True(Math.Abs(m.CoveredAreaShare - p.CoveredAreaShare) <= 0.001,
                        $"{what} {m.CommunityId}: area share {m.CoveredAreaShare} in memory, {p.CoveredAreaShare} on PostGIS");
                }

                compared++;
            }
        }

        Assert.Equal(standard.Categories.Count * standard.Levels.Count, compared);
    }
}
