using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Buffer;
using NetTopologySuite.Operation.Union;

namespace Huayang.Gis.Core.Analysis;

/// <summary>
/// Buffer (straight-line) coverage over a dataset in memory, in EPSG:4544 metres: a population cell
/// is covered when a site is within the radius; area shares use the union of site buffers.
/// </summary>
internal sealed class BufferCoverageCalculator
{
    /// <summary>Segments per quarter circle of a site buffer; the polygon's area is 0.04% under the circle's.</summary>
    public const int QuadrantSegments = 32;

    private readonly Dataset _dataset;
    private readonly List<MetricCommunity> _communities;
    private readonly Geometry _outline;
    private readonly Lazy<Geometry> _outlineWgs84;

    public BufferCoverageCalculator(Dataset dataset)
    {
        _dataset = dataset;
        Sites = dataset.Sites
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => new MetricSite(s, MetricProjection.ToMetric(s.Geometry.X, s.Geometry.Y)))
            .ToArray();
        var cellsByCommunity = dataset.Population
            .GroupBy(c => c.CommunityId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(c => MetricCell.Of(c.Residents, MetricProjection.ToMetric(c.Geometry.X, c.Geometry.Y))).ToList(),
                StringComparer.Ordinal);

        _communities = dataset.Communities
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c =>
            {
                var metric = MetricProjection.ToMetric(c.Geometry);
                var cells = cellsByCommunity.GetValueOrDefault(c.Id) ?? [];
                return new MetricCommunity(c, metric, cells, WeightedCentre(metric, cells));
            })
            .ToList();
        Centres = _communities.ToDictionary(c => c.Community.Id, c => c.Centre, StringComparer.Ordinal);
        _outline = _communities.Count == 0
            ? GeometryFactory.Default.CreatePolygon()
            : UnaryUnionOp.Union(_communities.Select(c => c.Metric).ToList());
        _outlineWgs84 = new(() => MetricProjection.ToWgs84(_outline));
    }

    /// <summary>Every site with its position in EPSG:4544, in id order (projected once, not once per question).</summary>
    public IReadOnlyList<MetricSite> Sites { get; }

    /// <summary>Each community's population-weighted centre (its interior point when nobody lives there), EPSG:4544, by id.</summary>
    public IReadOnlyDictionary<string, Coordinate> Centres { get; }

    /// <summary>The coverage report for <paramref name="request"/>.</summary>
    /// <remarks>The token is checked between steps: every <see cref="CellsBetweenChecks"/> population cells,
    /// every <see cref="BuffersPerUnion"/> site buffers and around each overlay of a community with the
    /// covered area, so that a cancelled computation stops within one such step (NTS overlays themselves cannot
    /// be interrupted).</remarks>
    /// <param name="withUncovered">False to leave the uncovered part of the street empty (the network method, which
    /// gives its own, takes only the figures).</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public CoverageReport Compute(CoverageRequest request, CancellationToken cancellationToken = default, bool withUncovered = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var radius = request.Level.RadiusM;
        var sites = Sites.Where(s => request.Includes(s.Site)).ToList();
        var near = new SiteGrid(sites.Select(s => s.Metric).ToList(), radius);
        // Without the area (the residents only, as compliance and the network method's figures beside ask), the union of
        // the buffers and its overlays with every community, the costliest steps at city scale, are skipped.
        var covered = request.WithArea ? BufferUnion(sites, radius, cancellationToken) : GeometryFactory.Default.CreatePolygon();

        var rows = new List<CommunityCoverage>(_communities.Count);
        long coveredTotal = 0;
        var cellsSinceCheck = 0;
        foreach (var community in _communities)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var coveredPopulation = 0;
            foreach (var cell in community.Cells)
            {
                if (++cellsSinceCheck == CellsBetweenChecks)
                {
                    cellsSinceCheck = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                }
                if (near.AnyWithin(cell.X, cell.Y))
                {
                    coveredPopulation += cell.Residents;
                }
            }
            coveredTotal += coveredPopulation;
            var area = community.Metric.Area;
            var coveredArea = covered.IsEmpty ? 0 : community.Metric.Intersection(covered).Area;
            var nearest = near.NearestDistance(community.Centre);
            var population = community.Community.Population;
            rows.Add(new CommunityCoverage(
                community.Community.Id, community.Community.NameZh, community.Community.NameEn,
                population, coveredPopulation,
                population == 0 ? 0 : (double)coveredPopulation / population,
                Share(coveredArea, area),
                nearest));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var totalPopulation = rows.Sum(r => r.Population);
        var outlineArea = _outline.Area;
        var coveredOutlineArea = covered.IsEmpty ? 0 : _outline.Intersection(covered).Area;
        cancellationToken.ThrowIfCancellationRequested();
        var total = new CoverageTotal(
            totalPopulation, (int)coveredTotal,
            totalPopulation == 0 ? 0 : (double)coveredTotal / totalPopulation,
            Share(coveredOutlineArea, outlineArea));

        var uncovered = !withUncovered ? GeometryFactory.Default.CreatePolygon()
            : covered.IsEmpty ? _outlineWgs84.Value.Copy()
            : MetricProjection.ToWgs84(_outline.Difference(covered));
        return new CoverageReport(
            request.Category, request.Level.Id, "buffer", radius, request.Status, sites.Count,
            rows, total, uncovered)
        {
            Minutes = request.Level.Minutes,
            WalkingSpeedMPerMin = _dataset.LifeCircles.WalkingSpeedMPerMin,
        };
    }

    /// <summary>How many population cells are counted between two checks of the cancellation token.</summary>
    internal const int CellsBetweenChecks = 4096;

    /// <summary>How many site buffers are merged by one uninterrupted union; larger sets are merged in runs of
    /// this many (in x order, so that a run covers a strip of the street) and the runs' unions merged last.</summary>
    internal const int BuffersPerUnion = 512;

    /// <summary>The union of the sites' buffers, in metres.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    internal static Geometry BufferUnion(IReadOnlyList<MetricSite> sites, double radius, CancellationToken cancellationToken = default)
    {
        if (sites.Count == 0 || radius <= 0)
        {
            return GeometryFactory.Default.CreatePolygon();
        }
        var parameters = new BufferParameters(QuadrantSegments);
        var buffers = new List<Geometry>(sites.Count);
        foreach (var site in sites)
        {
            if (buffers.Count % BuffersPerUnion == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            buffers.Add(BufferOp.Buffer(GeometryFactory.Default.CreatePoint(site.Metric), radius, parameters));
        }
        if (buffers.Count <= BuffersPerUnion)
        {
            return CascadedPolygonUnion.Union(buffers);
        }

        var runs = new List<Geometry>();
        foreach (var run in buffers.OrderBy(b => b.EnvelopeInternal.MinX).Chunk(BuffersPerUnion))
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.Add(CascadedPolygonUnion.Union(run));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return CascadedPolygonUnion.Union(runs);
    }

    /// <summary>part / whole, clamped to [0, 1]: an overlay's rounding can make the part a hair larger.</summary>
    private static double Share(double part, double whole) => whole <= 0 ? 0 : Math.Clamp(part / whole, 0, 1);

    private static Coordinate WeightedCentre(Geometry metric, List<MetricCell> cells)
    {
        long weight = cells.Sum(c => (long)c.Residents);
        if (weight == 0)
        {
            return metric.InteriorPoint.Coordinate;
        }
        double x = 0, y = 0;
        foreach (var cell in cells)
        {
            x += cell.X * cell.Residents;
            y += cell.Y * cell.Residents;
        }
        return new Coordinate(x / weight, y / weight);
    }

    /// <summary>A cell's residents and position in metres, as a value: a community's cells lie side by side in memory.</summary>
    private readonly record struct MetricCell(int Residents, double X, double Y)
    {
        public static MetricCell Of(int residents, Coordinate metric) => new(residents, metric.X, metric.Y);
    }

    private sealed record MetricCommunity(Community Community, Geometry Metric, List<MetricCell> Cells, Coordinate Centre);
}
