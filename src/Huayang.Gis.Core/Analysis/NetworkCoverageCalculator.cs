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
        NetworkJoiner Joiner, NetworkPosition?[] Cells, NetworkPosition?[] Sites, (string Id, NetworkPosition? Join)[] Centres)
    {
        /// <summary>The cells' joins as numbers side by side (edge −1: off the network), for the pass over every cell.</summary>
        public int[] CellEdge { get; } = [.. Cells.Select(c => c?.Edge ?? -1)];

        public double[] CellOffsetM { get; } = [.. Cells.Select(c => c?.OffsetM ?? 0)];

        public double[] CellConnectorM { get; } = [.. Cells.Select(c => c?.ConnectorM ?? 0)];
    }

    private readonly int[] _cellResidents;

    private readonly string[] _communityIds;
    private readonly int[] _cellCommunity;

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
        // Each cell's community as a number, so that a question adds residents up in arrays, not by hashing names.
        _communityIds = [.. dataset.Communities.Select(c => c.Id).Concat(dataset.Population.Select(c => c.CommunityId)).Distinct(StringComparer.Ordinal)];
        var index = _communityIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        _cellCommunity = [.. dataset.Population.Select(c => index[c.CommunityId])];
        _cellResidents = [.. dataset.Population.Select(c => c.Residents)];
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

    private Dictionary<string, int> Sums(int[] byCommunity)
    {
        var sums = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < byCommunity.Length; c++)
        {
            if (byCommunity[c] != 0)
            {
                sums[_communityIds[c]] = byCommunity[c];
            }
        }

        return sums;
    }

    /// <summary>A list computed the first time it is read (thread-safe), then kept.</summary>
    private sealed class LazyList<T>(Func<List<T>> build) : IReadOnlyList<T>
    {
        private readonly Lazy<List<T>> _items = new(build);

        public T this[int index] => _items.Value[index];

        public int Count => _items.Value.Count;

        public IEnumerator<T> GetEnumerator() => _items.Value.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
        // Each cell's walk, added up per community; the uncovered cells are listed only when the answer is read for them
        // (the gaps), from the same distances.
        var population = _dataset.Population;
        var covered = new int[_communityIds.Length];
        var offNetwork = new int[_communityIds.Length];
        var offNetworkCells = 0;
        var (edges, offsets, connectors) = (joined.CellEdge, joined.CellOffsetM, joined.CellConnectorM);
        for (var i = 0; i < edges.Length; i++)
        {
            if (edges[i] < 0)
            {
                offNetwork[_cellCommunity[i]] += _cellResidents[i];
                offNetworkCells++;
            }
            else if (distances.ToPosition(edges[i], offsets[i], connectors[i]) <= radius)
            {
                covered[_cellCommunity[i]] += _cellResidents[i];
            }
        }

        var uncovered = new LazyList<UncoveredCell>(() =>
        {
            var list = new List<UncoveredCell>();
            for (var i = 0; i < population.Count; i++)
            {
                var cell = population[i];
                if (joined.Cells[i] is not { } join || distances.ToPosition(join) > radius)
                {
                    list.Add(new UncoveredCell(cell.Id, cell.CommunityId, cell.Residents, joined.Cells[i] is not null, cell.Geometry));
                }
            }

            return list;
        });
        var counts = new NetworkCoverageReport.CellCounts(
            Sums(covered), Sums(offNetwork), offNetworkCells, uncovered);
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
            buffer, request, counts, offNetworkSites, area, _street, _communityAreas, nearest, () => _streetWgs84.Value.Copy());
    }
}
