using Huayang.Gis.Core.Crs;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Network;

/// <summary>One edge of a <see cref="WalkingNetwork"/>: the part of a walkway between two nodes.</summary>
/// <param name="Id">The edge's number, 1-based, stable for the same walkways in the same order.</param>
/// <param name="From">The node at the first coordinate.</param>
/// <param name="To">The node at the last coordinate.</param>
/// <param name="LengthM">Length in EPSG:4544 metres.</param>
/// <param name="Metric">The edge's coordinates in EPSG:4544 metres (x = easting), From first.</param>
/// <param name="WalkwayId">The walkway the edge is part of.</param>
public sealed record NetworkEdge(int Id, int From, int To, double LengthM, Coordinate[] Metric, string WalkwayId);

/// <summary>
/// The pedestrian graph of a set of walkway lines, as OpenStreetMap ways make one: a node wherever lines share an end
/// point or a vertex (the same longitude and latitude exactly) and at every line end; lines that merely cross (a
/// bridge over a path) are not connected. Edges run between consecutive nodes along a line and are walked both ways.
/// Lengths are EPSG:4544 metres. Immutable and thread-safe once built.
/// </summary>
public sealed class WalkingNetwork
{
    private readonly int[] _firstIncident;
    private readonly int[] _incident;
    private readonly int[] _neighbour;
    private readonly double[] _incidentLengthM;
    private readonly int[] _from;
    private readonly int[] _to;
    private readonly double[] _lengthM;

    private WalkingNetwork(Coordinate[] nodes, NetworkEdge[] edges)
    {
        Nodes = nodes;
        Edges = edges;
        _from = new int[edges.Length];
        _to = new int[edges.Length];
        _lengthM = new double[edges.Length];
        for (var e = 0; e < edges.Length; e++)
        {
            (_from[e], _to[e], _lengthM[e]) = (edges[e].From, edges[e].To, edges[e].LengthM);
        }

        _firstIncident = new int[nodes.Length + 1];
        foreach (var edge in edges)
        {
            _firstIncident[edge.From + 1]++;
            _firstIncident[edge.To + 1]++;
        }

        for (var n = 0; n < nodes.Length; n++)
        {
            _firstIncident[n + 1] += _firstIncident[n];
        }

        _incident = new int[_firstIncident[nodes.Length]];
        var fill = (int[])_firstIncident.Clone();
        for (var e = 0; e < edges.Length; e++)
        {
            _incident[fill[edges[e].From]++] = e;
            _incident[fill[edges[e].To]++] = e;
        }

        // The node across each incident edge and the edge's length, beside the edge's index, so that a search reads
        // consecutive numbers rather than the edges' records.
        _neighbour = new int[_incident.Length];
        _incidentLengthM = new double[_incident.Length];
        for (var n = 0; n < nodes.Length; n++)
        {
            for (var i = _firstIncident[n]; i < _firstIncident[n + 1]; i++)
            {
                var e = _incident[i];
                _neighbour[i] = _from[e] == n ? _to[e] : _from[e];
                _incidentLengthM[i] = _lengthM[e];
            }
        }

        TotalLengthM = edges.Sum(e => e.LengthM);
    }

    /// <summary>The nodes' positions in EPSG:4544 metres; a node's number is its index.</summary>
    public IReadOnlyList<Coordinate> Nodes { get; }

    /// <summary>The edges; in a network the Build methods made, an edge's index is its <see cref="NetworkEdge.Id"/> − 1.</summary>
    public IReadOnlyList<NetworkEdge> Edges { get; }

    /// <summary>The length of all edges, in metres.</summary>
    public double TotalLengthM { get; }

    /// <summary>The indexes (into <see cref="Edges"/>) of the edges that meet at a node; a loop appears twice.</summary>
    public ReadOnlySpan<int> IncidentEdges(int node) =>
        _incident.AsSpan(_firstIncident[node], _firstIncident[node + 1] - _firstIncident[node]);

    /// <summary>The nodes across the edges that meet at a node and those edges' lengths in metres, in the order of
    /// <see cref="IncidentEdges"/> (a loop leads back to the node).</summary>
    internal ReadOnlySpan<int> Neighbours(int node, out ReadOnlySpan<double> lengthsM)
    {
        var start = _firstIncident[node];
        var count = _firstIncident[node + 1] - start;
        lengthsM = _incidentLengthM.AsSpan(start, count);
        return _neighbour.AsSpan(start, count);
    }

    /// <summary>An edge's end nodes and length in metres, without reading its record.</summary>
    internal (int From, int To, double LengthM) Ends(int edge) => (_from[edge], _to[edge], _lengthM[edge]);

    /// <summary>
    /// A network of edges read back from a store (for example the part of PostGIS's <c>huayang.walk_edges</c> within a
    /// box): nodes are numbered by their index in <paramref name="nodes"/>, and an edge's index need not be its id − 1.
    /// </summary>
    /// <exception cref="ArgumentException">An edge names a node that is not in <paramref name="nodes"/>.</exception>
    public static WalkingNetwork FromEdges(IReadOnlyList<Coordinate> nodes, IReadOnlyList<NetworkEdge> edges)
    {
        foreach (var edge in edges)
        {
            if (edge.From < 0 || edge.From >= nodes.Count || edge.To < 0 || edge.To >= nodes.Count)
            {
                throw new ArgumentException($"edge {edge.Id} joins nodes {edge.From} and {edge.To}, but there are {nodes.Count} nodes", nameof(edges));
            }
        }

        return new WalkingNetwork([.. nodes], [.. edges]);
    }

    /// <summary>An empty network (a dataset without walkways).</summary>
    public static WalkingNetwork Empty { get; } = new([], []);

    /// <summary>Builds the graph of the walkways layer's features (WGS84 lines or multi-lines; other geometry is ignored).</summary>
    public static WalkingNetwork Build(IEnumerable<IFeature> walkways) =>
        Build(walkways.Select(w => (w.Attributes?["id"]?.ToString() ?? "", w.Geometry)));

    /// <summary>Builds the graph of WGS84 lines (a multi-line's parts are lines of the same walkway).</summary>
    public static WalkingNetwork Build(IEnumerable<(string Id, Geometry Geometry)> walkways) =>
        Build(walkways, c => MetricProjection.ToMetric(c.X, c.Y));

    /// <summary>Builds the graph of lines already in EPSG:4544 metres (for tests and hand-built networks).</summary>
    internal static WalkingNetwork BuildMetric(IEnumerable<(string Id, Geometry Geometry)> walkways) =>
        Build(walkways, c => c.Copy());

    private static WalkingNetwork Build(IEnumerable<(string Id, Geometry Geometry)> walkways, Func<Coordinate, Coordinate> toMetric)
    {
        var lines = new List<(string Id, Coordinate[] Wgs84)>();
        foreach (var (id, geometry) in walkways)
        {
            for (var i = 0; i < geometry.NumGeometries; i++)
            {
                if (geometry.GetGeometryN(i) is LineString { IsEmpty: false } line)
                {
                    lines.Add((id, line.Coordinates));
                }
            }
        }

        // How often each position occurs as a vertex; a position seen twice is shared by two lines (or by one line
        // crossing itself at a vertex) and becomes a node.
        var occurrences = new Dictionary<(double, double), int>();
        foreach (var (_, coordinates) in lines)
        {
            for (var i = 0; i < coordinates.Length; i++)
            {
                if (i > 0 && coordinates[i].Equals2D(coordinates[i - 1]))
                {
                    continue;
                }

                var key = (coordinates[i].X, coordinates[i].Y);
                occurrences[key] = occurrences.GetValueOrDefault(key) + 1;
            }
        }

        var nodeOf = new Dictionary<(double, double), int>();
        var nodes = new List<Coordinate>();
        var edges = new List<NetworkEdge>();
        int NodeAt(Coordinate wgs84, Coordinate metric)
        {
            var key = (wgs84.X, wgs84.Y);
            if (!nodeOf.TryGetValue(key, out var node))
            {
                node = nodes.Count;
                nodeOf[key] = node;
                nodes.Add(metric);
            }

            return node;
        }

        foreach (var (id, wgs84) in lines)
        {
            var metric = new Coordinate[wgs84.Length];
            for (var i = 0; i < wgs84.Length; i++)
            {
                metric[i] = toMetric(wgs84[i]);
            }

            var start = 0;
            for (var i = 1; i < wgs84.Length; i++)
            {
                var isNode = i == wgs84.Length - 1 || occurrences[(wgs84[i].X, wgs84[i].Y)] > 1;
                if (!isNode)
                {
                    continue;
                }

                var piece = Distinct(metric, wgs84, start, i);
                if (piece.Length >= 2)
                {
                    var from = NodeAt(wgs84[start], metric[start]);
                    var to = NodeAt(wgs84[i], metric[i]);
                    edges.Add(new NetworkEdge(edges.Count + 1, from, to, Length(piece), piece, id));
                }

                start = i;
            }
        }

        return new WalkingNetwork([.. nodes], [.. edges]);
    }

    /// <summary>The metric coordinates from <paramref name="start"/> to <paramref name="end"/>, repeated positions dropped.</summary>
    private static Coordinate[] Distinct(Coordinate[] metric, Coordinate[] wgs84, int start, int end)
    {
        var piece = new List<Coordinate>(end - start + 1) { metric[start] };
        for (var i = start + 1; i <= end; i++)
        {
            if (!wgs84[i].Equals2D(wgs84[i - 1]))
            {
                piece.Add(metric[i]);
            }
        }

        return [.. piece];
    }

    internal static double Length(Coordinate[] line)
    {
        var length = 0.0;
        for (var i = 1; i < line.Length; i++)
        {
            length += line[i - 1].Distance(line[i]);
        }

        return length;
    }
}
