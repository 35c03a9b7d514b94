using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tests.Support;
using Huayang.Gis.Synthetic;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Buffer;
using NetTopologySuite.Operation.Union;

namespace Huayang.Gis.Core.Tests.Analysis;

/// <summary>
/// The buffer calculator on a generated dataset of scale 20, where a category has more sites than one
/// uninterrupted union takes (<see cref="BufferCoverageCalculator.BuffersPerUnion"/>) and more cells than one
/// run between cancellation checks: the same answers as the plain definitions, and a cancelled token stops it.
/// </summary>
public sealed class BufferCoverageAtScaleTests
{
    private static readonly Lazy<Dataset> Scale20 = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "huayang-coverage-20-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            HuayangDatasetGenerator.WriteTo(directory, 20);
            File.Copy(Path.Combine(TestData.DataDirectory, Layers.LifeCirclesFile), Path.Combine(directory, Layers.LifeCirclesFile));
            return DatasetReader.Read(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    });

    [Fact]
    public void Covered_population_and_uncovered_area_match_the_definitions_beyond_one_union_run()
    {
        var dataset = Scale20.Value;
        var request = new CoverageRequest("kindergarten", dataset.LifeCircles.Level("5min")!);
        var sites = dataset.Sites.Where(request.Includes)
            .Select(s => MetricProjection.ToMetric(s.Geometry.X, s.Geometry.Y)).ToList();
        Assert.True(sites.Count > BufferCoverageCalculator.BuffersPerUnion, $"{sites.Count} sites");
        Assert.True(dataset.Population.Count > BufferCoverageCalculator.CellsBetweenChecks, $"{dataset.Population.Count} cells");

        var report = new BufferCoverageCalculator(dataset).Compute(request);

        // A cell is covered when some site is within the radius in metres: checked against every site.
        var radius = request.Level.RadiusM;
        var covered = dataset.Population
            .Where(c => sites.Any(s => s.Distance(MetricProjection.ToMetric(c.Geometry.X, c.Geometry.Y)) <= radius))
            .ToLookup(c => c.CommunityId, StringComparer.Ordinal);
        foreach (var row in report.Communities)
        {
            Assert.Equal(covered[row.CommunityId].Sum(c => c.Residents), row.CoveredPopulation);
        }

        // The union in runs covers the same area as one union of every buffer.
        var parameters = new BufferParameters(BufferCoverageCalculator.QuadrantSegments);
        var whole = CascadedPolygonUnion.Union(
            sites.Select(s => BufferOp.Buffer(GeometryFactory.Default.CreatePoint(s), radius, parameters)).ToList());
        var outline = UnaryUnionOp.Union(dataset.Communities.Select(c => MetricProjection.ToMetric(c.Geometry)).ToList());
        var expected = outline.Difference(whole).Area;
        Assert.Equal(expected, MetricProjection.ToMetric(report.Uncovered).Area, expected * 1e-6 + 1);
    }

    [Fact]
    public void A_token_cancelled_before_the_start_stops_the_computation_at_once()
    {
        var dataset = Scale20.Value;
        var calculator = new BufferCoverageCalculator(dataset);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(
            () => calculator.Compute(new CoverageRequest("kindergarten", dataset.LifeCircles.Level("15min")!), cancelled.Token));
    }
}
