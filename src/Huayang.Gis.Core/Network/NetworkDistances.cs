namespace Huayang.Gis.Core.Network;

/// <summary>
/// Walking distances from a set of sources over a <see cref="WalkingNetwork"/>, up to a limit: the cost of reaching
/// each node (a source's own connector included) and of reaching any joined point. Found by one Dijkstra search
/// from all sources at once, so each distance is to the nearest source.
/// </summary>
public sealed class NetworkDistances
{
    private readonly WalkingNetwork _network;
    private readonly double[] _node;
    private readonly Dictionary<int, List<(double OffsetM, double CostM)>> _onEdge;
    private readonly bool[] _hasSource;

    private NetworkDistances(
        WalkingNetwork network, double[] node, Dictionary<int, List<(double, double)>> onEdge, double limitM)
    {
        _network = network;
        _node = node;
        _onEdge = onEdge;
        _hasSource = new bool[network.Edges.Count];
        foreach (var edge in onEdge.Keys)
        {
            _hasSource[edge] = true;
        }

        LimitM = limitM;
    }

    /// <summary>The search went no farther than this many metres.</summary>
    public double LimitM { get; }

    /// <summary>The network searched.</summary>
    public WalkingNetwork Network => _network;

    /// <summary>Metres from the nearest source to a node; <see cref="double.PositiveInfinity"/> beyond the limit.</summary>
    public double ToNode(int node) => _node[node];

    /// <summary>The sources on each edge: edge index → (offset along it, cost at that point = the source's connector).</summary>
    internal IReadOnlyDictionary<int, List<(double OffsetM, double CostM)>> SourcesOnEdges => _onEdge;

    /// <summary>
    /// Metres from the nearest source to a joined point, its own connector included: along the network to one end of
    /// the point's edge and on to the join, or along the edge from a source on the same edge; infinity beyond the limit.
    /// </summary>
    public double ToPosition(NetworkPosition position)
    {
        var (from, to, lengthM) = _network.Ends(position.Edge);
        var best = Math.Min(_node[from] + position.OffsetM, _node[to] + (lengthM - position.OffsetM));
        if (_hasSource[position.Edge] && _onEdge.TryGetValue(position.Edge, out var sources))
        {
            foreach (var (offset, cost) in sources)
            {
                best = Math.Min(best, cost + Math.Abs(offset - position.OffsetM));
            }
        }

        var total = best + position.ConnectorM;
        return total <= LimitM ? total : double.PositiveInfinity;
    }

    /// <summary>
    /// Distances found by another search (pgRouting's, say): the cost at each node (infinity where unreached), with the
    /// sources that sit on edges, so that points and edges are measured exactly as after <see cref="Search"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="nodeCosts"/> does not have one cost per node.</exception>
    public static NetworkDistances FromNodeCosts(
        WalkingNetwork network, IReadOnlyList<double> nodeCosts, IEnumerable<NetworkPosition> sources, double limitM)
    {
        if (nodeCosts.Count != network.Nodes.Count)
        {
            throw new ArgumentException($"{nodeCosts.Count} costs for {network.Nodes.Count} nodes", nameof(nodeCosts));
        }

        var cost = nodeCosts.Select(c => c <= limitM ? c : double.PositiveInfinity).ToArray();
        var onEdge = new Dictionary<int, List<(double, double)>>();
        foreach (var source in sources.Where(s => s.ConnectorM <= limitM))
        {
            if (!onEdge.TryGetValue(source.Edge, out var list))
            {
                onEdge[source.Edge] = list = [];
            }

            list.Add((source.OffsetM, source.ConnectorM));
        }

        return new NetworkDistances(network, cost, onEdge, limitM);
    }

    /// <summary>Searches from <paramref name="sources"/> (each starting with its connector walked) up to <paramref name="limitM"/>
    /// metres (<see cref="double.PositiveInfinity"/>: the whole network).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limitM"/> is negative or NaN.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked every 4,096 nodes).</exception>
    public static NetworkDistances Search(
        WalkingNetwork network, IEnumerable<NetworkPosition> sources, double limitM, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(limitM) || limitM < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limitM), limitM, "the distance must be a number of metres, at least 0 (infinity: no limit)");
        }

        var cost = new double[network.Nodes.Count];
        Array.Fill(cost, double.PositiveInfinity);
        var onEdge = new Dictionary<int, List<(double, double)>>();
        var queue = new PriorityQueue<int, double>();

        void Offer(int node, double value)
        {
            if (value <= limitM && value < cost[node])
            {
                cost[node] = value;
                queue.Enqueue(node, value);
            }
        }

        foreach (var source in sources)
        {
            if (source.ConnectorM > limitM)
            {
                continue;
            }

            var edge = network.Edges[source.Edge];
            if (!onEdge.TryGetValue(source.Edge, out var list))
            {
                onEdge[source.Edge] = list = [];
            }

            list.Add((source.OffsetM, source.ConnectorM));
            Offer(edge.From, source.ConnectorM + source.OffsetM);
            Offer(edge.To, source.ConnectorM + (edge.LengthM - source.OffsetM));
        }

        var settled = 0;
        while (queue.TryDequeue(out var node, out var value))
        {
            if (value > cost[node])
            {
                continue;
            }

            if ((++settled & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var neighbours = network.Neighbours(node, out var lengths);
            for (var i = 0; i < neighbours.Length; i++)
            {
                Offer(neighbours[i], value + lengths[i]);
            }
        }

        return new NetworkDistances(network, cost, onEdge, limitM);
    }
}
