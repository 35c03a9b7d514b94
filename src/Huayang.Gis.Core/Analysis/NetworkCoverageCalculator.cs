using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Huayang.Gis.Core.Analysis;

/// <summary>
/// Network (walking) coverage over a dataset in memory: a population cell is covered when the walk from a site of the
/// category — connector at the site, along the walkways, connector at the cell — is within the level's distance.
/// Cells and sites farther than the off-network limit from every walkway are off the network: counted and reported,
/// never covered. The buffer figures are given beside (every network figure is at most its buffer figure, as a walk
/// is never shorter than the straight line). Area shares come from the walking service area.
/// </summary>
internal sealed class NetworkCoverageCalculator
{
    private readonly Dataset _dataset;
    private readonly BufferCoverageCalculator _buffer;
    private readonly WalkingNetwork _network;
    private readonly Geometry _street;
    private readonly Geometry _water;
    private readonly Lazy<Geometry> _streetWgs84;
    private readonly Dictionary<string, Geometry> _communityAreas;
    private readonly Lock _gate = new();
    private readonly Dictionary<double, Joined> _joined = [];

    private sealed record JoinedCell(PopulationCell Cell, NetworkPosition? Join);

    private sealed record Joined(NetworkJoiner Joiner, IReadOnlyList<JoinedCell> Cells);

    public NetworkCoverageCalculator(Dataset dataset, BufferCoverageCalculator buffer, WalkingNetwork network)
    {
        _dataset = dataset;
        _buffer = buffer;
        _network = network;
        _communityAreas = dataset.Communities.ToDictionary(c => c.Id, c => MetricProjection.ToMetric(c.Geometry), StringComparer.Ordinal);
        _street = _communityAreas.Count == 0 ? GeometryFactory.Default.CreatePolygon() : UnaryUnionOp.Union(_communityAreas.Values.ToList());
        var water = dataset.Layers.GetValueOrDefault(Layers.Water) ?? [];
        _water = water.Count == 0
            ? GeometryFactory.Default.CreatePolygon()
            : UnaryUnionOp.Union(water.Select(w => MetricProjection.ToMetric(w.Geometry)).ToList());
        _streetWgs84 = new(() => MetricProjection.ToWgs84(_street));
    }

    /// <summary>The street (the union of the communities) and the water, in EPSG:4544, for clipping service areas.</summary>
    public (Geometry Street, Geometry Water) Clipping => (_street, _water);

    /// <summary>The joiner for an off-network limit, and every population cell joined with it (built once per limit).</summary>
    private Joined JoinedFor(double limitM)
    {
        lock (_gate)
        {
            if (!_joined.TryGetValue(limitM, out var joined))
            {
                var joiner = new NetworkJoiner(_network, limitM);
                var cells = _dataset.Population
                    .Select(c => new JoinedCell(c, joiner.Join(MetricProjection.ToMetric(c.Geometry.X, c.Geometry.Y))))
                    .ToList();
                _joined[limitM] = joined = new Joined(joiner, cells);
            }

            return joined;
        }
    }

    /// <summary>The walking network of the dataset.</summary>
    public WalkingNetwork Network => _network;

    /// <summary>The joiner for an off-network limit.</summary>
    public NetworkJoiner Joiner(double limitM) => JoinedFor(limitM).Joiner;

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public CoverageReport Compute(CoverageRequest request, CancellationToken cancellationToken = default)
    {
        var buffer = _buffer.Compute(request with { Method = CoverageMethod.Buffer }, cancellationToken);
        var joined = JoinedFor(request.OffNetworkLimitM);
        var radius = request.Level.RadiusM;

        var sources = new List<(string SiteId, Coordinate Metric, NetworkPosition Join)>();
        var offNetworkSites = new List<string>();
        foreach (var site in _dataset.Sites.Where(request.Includes).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var metric = MetricProjection.ToMetric(site.Geometry.X, site.Geometry.Y);
            if (joined.Joiner.Join(metric) is { } join)
            {
                sources.Add((site.Id, metric, join));
            }
            else
            {
                offNetworkSites.Add(site.Id);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        // One search over the whole network serves the cells (covered when their walk is within the radius), the area
        // (cut at the radius) and the nearest site from each community's centre (however far).
        var distances = NetworkDistances.Search(_network, sources.Select(s => s.Join), double.PositiveInfinity, cancellationToken);
        var cells = joined.Cells.Select(c => new CellWalk(
            c.Cell.Id, c.Cell.CommunityId, c.Cell.Residents, c.Join is not null,
            c.Join is { } join && distances.ToPosition(join) is var walk && double.IsFinite(walk) ? walk : null,
            c.Cell.Geometry));
        cancellationToken.ThrowIfCancellationRequested();
        var area = request.WithArea
            ? ServiceAreas.Build(distances, sources, _street, _water, cancellationToken, radius).Area
            : GeometryFactory.Default.CreatePolygon();
        var nearest = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, centre) in _buffer.Centres)
        {
            if (joined.Joiner.Join(centre) is { } join)
            {
                nearest[id] = distances.ToPosition(join);
            }
        }

        return NetworkCoverageReport.Assemble(
            buffer, request, cells, offNetworkSites, area, _street, _communityAreas, nearest, () => _streetWgs84.Value.Copy());
    }
}
