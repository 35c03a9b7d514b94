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

    /// <summary>
    /// What a question's walk starts and ends at, joined to the network once per off-network limit (not once per
    /// question): every population cell, every site (parallel to <see cref="BufferCoverageCalculator.Sites"/>) and every
    /// community's centre; null where the point is off the network.
    /// </summary>
    private sealed record Joined(
        NetworkJoiner Joiner, NetworkPosition?[] Cells, NetworkPosition?[] Sites, (string Id, NetworkPosition? Join)[] Centres);

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

    /// <summary>The joiner for an off-network limit, with the cells, sites and centres joined by it (built once per limit).</summary>
    private Joined JoinedFor(double limitM)
    {
        lock (_gate)
        {
            if (!_joined.TryGetValue(limitM, out var joined))
            {
                var joiner = new NetworkJoiner(_network, limitM);
                var cells = _dataset.Population.Select(c => joiner.Join(MetricProjection.ToMetric(c.Geometry.X, c.Geometry.Y))).ToArray();
                var sites = _buffer.Sites.Select(s => joiner.Join(s.Metric)).ToArray();
                var centres = _buffer.Centres.Select(c => (c.Key, joiner.Join(c.Value))).ToArray();
                _joined[limitM] = joined = new Joined(joiner, cells, sites, centres);
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
        var buffer = _buffer.Compute(request with { Method = CoverageMethod.Buffer }, cancellationToken, withUncovered: false);
        var joined = JoinedFor(request.OffNetworkLimitM);
        var radius = request.Level.RadiusM;

        var sources = new List<(string SiteId, Coordinate Metric, NetworkPosition Join)>();
        var offNetworkSites = new List<string>();
        for (var i = 0; i < _buffer.Sites.Count; i++)
        {
            var site = _buffer.Sites[i];
            if (!request.Includes(site.Site))
            {
                continue;
            }

            if (joined.Sites[i] is { } join)
            {
                sources.Add((site.Site.Id, site.Metric, join));
            }
            else
            {
                offNetworkSites.Add(site.Site.Id);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        // One search over the whole network serves the cells (covered when their walk is within the radius), the area
        // (cut at the radius) and the nearest site from each community's centre (however far).
        var distances = NetworkDistances.Search(_network, sources.Select(s => s.Join), double.PositiveInfinity, cancellationToken);
        // Each cell's walk, read as the report is assembled (not held for every cell at once).
        var population = _dataset.Population;
        var cells = Enumerable.Range(0, population.Count).Select(i =>
        {
            var cell = population[i];
            var walk = joined.Cells[i] is { } join ? distances.ToPosition(join) : double.PositiveInfinity;
            return new CellWalk(
                cell.Id, cell.CommunityId, cell.Residents, joined.Cells[i] is not null, double.IsFinite(walk) ? walk : null, cell.Geometry);
        });
        cancellationToken.ThrowIfCancellationRequested();
        var area = request.WithArea
            ? ServiceAreas.Build(distances, sources, _street, _water, cancellationToken, radius).Area
            : GeometryFactory.Default.CreatePolygon();
        var nearest = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, centre) in joined.Centres)
        {
            if (centre is { } join)
            {
                nearest[id] = distances.ToPosition(join);
            }
        }

        return NetworkCoverageReport.Assemble(
            buffer, request, cells, offNetworkSites, area, _street, _communityAreas, nearest, () => _streetWgs84.Value.Copy());
    }
}
