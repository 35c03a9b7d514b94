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
    public double ToPosition(NetworkPosition position) => ToPosition(position.Edge, position.OffsetM, position.ConnectorM);

    /// <summary>As <see cref="ToPosition(NetworkPosition)"/>, from the parts of a position.</summary>
    public double ToPosition(int edge, double offsetM, double connectorM)
    {
        var (from, to, lengthM) = _network.Ends(edge);
        var best = Math.Min(_node[from] + offsetM, _node[to] + (lengthM - offsetM));
        if (_hasSource[edge] && _onEdge.TryGetValue(edge, out var sources))
        {
            foreach (var (offset, cost) in sources)
            {
                best = Math.Min(best, cost + Math.Abs(offset - offsetM));
            }
        }

        var total = best + connectorM;
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
        var queue = new NodeHeap(cost);

        void Offer(int node, double value)
        {
            if (value <= limitM && value < cost[node])
            {
                cost[node] = value;
                queue.AddOrDecrease(node);
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
        while (queue.TryPop(out var node))
        {
            var value = cost[node];
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

    /// <summary>
    /// The search's queue: a 4-ary heap of nodes ordered by their cost, each node in it at most once (a lower cost moves
    /// it up), so the queue never holds stale entries and is never larger than the frontier.
    /// </summary>
    private sealed class NodeHeap(double[] cost)
    {
        private readonly int[] _position = CreatePositions(cost.Length);
        private int[] _heap = new int[Math.Min(cost.Length, 1024)];
        private int _count;

        private static int[] CreatePositions(int count)
        {
            var positions = new int[count];
            Array.Fill(positions, -1);
            return positions;
        }

        /// <summary>Adds the node, or moves it up after its cost fell.</summary>
        public void AddOrDecrease(int node)
        {
            var at = _position[node];
            if (at < 0)
            {
                if (_count == _heap.Length)
                {
                    Array.Resize(ref _heap, Math.Max(4, _heap.Length * 2));
                }

                at = _count++;
            }

            SiftUp(node, at);
        }

        /// <summary>Takes the node of least cost.</summary>
        public bool TryPop(out int node)
        {
            if (_count == 0)
            {
                node = -1;
                return false;
            }

            node = _heap[0];
            _position[node] = -2; // settled: never queued again (its cost is final)
            var last = _heap[--_count];
            if (_count > 0)
            {
                SiftDown(last, 0);
            }

            return true;
        }

        private void SiftUp(int node, int at)
        {
            var key = cost[node];
            while (at > 0)
            {
                var parent = (at - 1) >> 2;
                var above = _heap[parent];
                if (cost[above] <= key)
                {
                    break;
                }

                _heap[at] = above;
                _position[above] = at;
                at = parent;
            }

            _heap[at] = node;
            _position[node] = at;
        }

        private void SiftDown(int node, int at)
        {
            var key = cost[node];
            while (true)
            {
                var first = (at << 2) + 1;
                if (first >= _count)
                {
                    break;
                }

                var best = first;
                var bestKey = cost[_heap[first]];
                var end = Math.Min(first + 4, _count);
                for (var child = first + 1; child < end; child++)
                {
                    var childKey = cost[_heap[child]];
                    if (childKey < bestKey)
                    {
                        (best, bestKey) = (child, childKey);
                    }
                }

                if (bestKey >= key)
                {
                    break;
                }

                var below = _heap[best];
                _heap[at] = below;
                _position[below] = at;
                at = best;
            }

            _heap[at] = node;
            _position[node] = at;
        }
    }
}
