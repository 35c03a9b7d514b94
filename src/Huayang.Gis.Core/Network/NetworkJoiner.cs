using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Huayang.Gis.Core.Network;

/// <summary>
/// Where a point joins the network: the nearest point of the nearest edge. Walking from the point means walking the
/// straight connector to <see cref="Join"/> first.
/// </summary>
/// <param name="Edge">Index into <see cref="WalkingNetwork.Edges"/>.</param>
/// <param name="OffsetM">Metres along the edge from its <see cref="NetworkEdge.From"/> node to the join.</param>
/// <param name="Join">The join's position in EPSG:4544 metres.</param>
/// <param name="ConnectorM">Length of the connector from the point to the join, in metres.</param>
public readonly record struct NetworkPosition(int Edge, double OffsetM, Coordinate Join, double ConnectorM);

/// <summary>
/// Joins points to a <see cref="WalkingNetwork"/> at the nearest point of the nearest edge (not the nearest node),
/// within a limit: a point farther than <see cref="LimitM"/> from every edge is off the network. Ties between
/// edges at the same distance go to the lower edge id. Thread-safe.
/// </summary>
public sealed class NetworkJoiner
{
    /// <summary>The default off-network limit: 250 m, about 4 minutes' walk, beyond which a point is not served by the walkways.</summary>
    public const double DefaultLimitM = 250;

    private readonly WalkingNetwork _network;
    private readonly STRtree<Segment> _segments = new();
    private readonly double[][] _cumulative;

    private sealed record Segment(int Edge, int Index, Coordinate A, Coordinate B);

    private sealed class SegmentDistance : IItemDistance<Envelope, Segment>
    {
        public static readonly SegmentDistance Instance = new();

        public double Distance(IBoundable<Envelope, Segment> item1, IBoundable<Envelope, Segment> item2) =>
            DistanceToSegment(item2.Item.A, item1.Item.A, item1.Item.B);
    }

    /// <param name="limitM">The off-network limit in metres, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limitM"/> is negative or not finite.</exception>
    public NetworkJoiner(WalkingNetwork network, double limitM = DefaultLimitM)
    {
        if (!double.IsFinite(limitM) || limitM < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limitM), limitM, "the off-network limit must be a finite number of metres, at least 0");
        }

        _network = network;
        LimitM = limitM;
        _cumulative = new double[network.Edges.Count][];
        for (var e = 0; e < network.Edges.Count; e++)
        {
            var line = network.Edges[e].Metric;
            var cumulative = new double[line.Length];
            for (var i = 1; i < line.Length; i++)
            {
                cumulative[i] = cumulative[i - 1] + line[i - 1].Distance(line[i]);
                var segment = new Segment(e, i - 1, line[i - 1], line[i]);
                _segments.Insert(new Envelope(line[i - 1], line[i]), segment);
            }

            _cumulative[e] = cumulative;
        }

        _segments.Build();
    }

    /// <summary>The off-network limit in metres.</summary>
    public double LimitM { get; }

    /// <summary>The network points are joined to.</summary>
    public WalkingNetwork Network => _network;

    /// <summary>Where a point (EPSG:4544 metres) joins the network, or null when it is off the network.</summary>
    public NetworkPosition? Join(Coordinate metric)
    {
        if (_network.Edges.Count == 0)
        {
            return null;
        }

        var probe = new Segment(-1, -1, metric, metric);
        var nearest = _segments.NearestNeighbour(new Envelope(metric), probe, SegmentDistance.Instance);
        var best = DistanceToSegment(metric, nearest.A, nearest.B);
        if (best > LimitM)
        {
            return null;
        }

        // Among the segments equally near (a join at a node touches several), the lowest edge and segment wins, so the
        // answer does not depend on the tree's order.
        var search = new Envelope(metric);
        search.ExpandBy(best + 1e-9);
        var chosen = nearest;
        foreach (var candidate in _segments.Query(search))
        {
            var distance = DistanceToSegment(metric, candidate.A, candidate.B);
            if (distance <= best + 1e-9 && (candidate.Edge, candidate.Index).CompareTo((chosen.Edge, chosen.Index)) < 0)
            {
                chosen = candidate;
            }
        }

        var fraction = ProjectionFactor(metric, chosen.A, chosen.B);
        var join = new Coordinate(chosen.A.X + fraction * (chosen.B.X - chosen.A.X), chosen.A.Y + fraction * (chosen.B.Y - chosen.A.Y));
        var offset = _cumulative[chosen.Edge][chosen.Index] + fraction * chosen.A.Distance(chosen.B);
        return new NetworkPosition(chosen.Edge, Math.Min(offset, _network.Edges[chosen.Edge].LengthM), join, metric.Distance(join));
    }

    /// <summary>The cumulative length at each vertex of an edge (0 at the first).</summary>
    internal ReadOnlySpan<double> Cumulative(int edge) => _cumulative[edge];

    private static double ProjectionFactor(Coordinate p, Coordinate a, Coordinate b)
    {
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        var length2 = dx * dx + dy * dy;
        if (length2 == 0)
        {
            return 0;
        }

        return Math.Clamp(((p.X - a.X) * dx + (p.Y - a.Y) * dy) / length2, 0, 1);
    }

    private static double DistanceToSegment(Coordinate p, Coordinate a, Coordinate b)
    {
        var t = ProjectionFactor(p, a, b);
        var x = a.X + t * (b.X - a.X);
        var y = a.Y + t * (b.Y - a.Y);
        return Math.Sqrt((p.X - x) * (p.X - x) + (p.Y - y) * (p.Y - y));
    }
}
