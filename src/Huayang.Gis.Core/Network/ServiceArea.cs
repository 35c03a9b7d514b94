using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Buffer;
using NetTopologySuite.Operation.Union;

namespace Huayang.Gis.Core.Network;

/// <summary>A stretch of walkway (or a site's connector) within the distance, with the walking cost at both ends.</summary>
/// <param name="EdgeId">The edge's <see cref="NetworkEdge.Id"/>; 0 for a connector.</param>
/// <param name="WalkwayId">The walkway; for a connector, the id of the site it joins.</param>
/// <param name="FromM">Where the stretch starts, metres along the edge from its From node.</param>
/// <param name="ToM">Where it ends.</param>
/// <param name="Partial">True when only part of the edge is reached: the line was cut at the exact distance.</param>
/// <param name="Metric">The stretch in EPSG:4544 metres.</param>
public sealed record ReachedLine(
    int EdgeId, string WalkwayId, double FromM, double ToM, double CostAtStartM, double CostAtEndM, bool Partial,
    bool Connector, LineString Metric);

/// <summary>A node reached within the distance, with its walking cost.</summary>
public sealed record ReachedNode(int Node, double CostM, Coordinate Metric);

/// <summary>
/// What can be reached on foot from a set of sites within a distance: the reached network as lines (the last edges
/// cut at the exact distance), the cost at each node, and the area: the reached lines buffered by
/// <see cref="ServiceAreas.AreaWidthM"/>, unioned, clipped to the street, with water taken out and only the parts that
/// hold a reached line kept (so it never jumps a river that no reached path crosses). All geometry in EPSG:4544.
/// </summary>
public sealed record ServiceArea(
    double DistanceM, IReadOnlyList<ReachedLine> Lines, IReadOnlyList<ReachedNode> Nodes, Geometry Area);

/// <summary>Builds <see cref="ServiceArea"/>s from <see cref="NetworkDistances"/>.</summary>
public static class ServiceAreas
{
    /// <summary>How far either side of a reached line the area extends: 50 m, half a GB 50180 block's shortest side (150 m) less a street.</summary>
    public const double AreaWidthM = 50;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4544);

    /// <summary>
    /// The reached lines and nodes of <paramref name="distances"/> within <paramref name="distanceM"/> (default: the
    /// search's own limit; a search without limit serves any distance), with the connectors of the sources given, and the
    /// area clipped to <paramref name="street"/> without <paramref name="water"/> (either may be null: no clipping).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="distanceM"/> is beyond the search's limit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ServiceArea Build(
        NetworkDistances distances, IEnumerable<(string SiteId, Coordinate Metric, NetworkPosition Join)> sources,
        Geometry? street, Geometry? water, CancellationToken cancellationToken = default, double? distanceM = null)
    {
        var limit = distanceM ?? distances.LimitM;
        if (limit > distances.LimitM || double.IsInfinity(limit))
        {
            throw new ArgumentOutOfRangeException(nameof(distanceM), limit, $"a service area within {distances.LimitM} m of search needs a finite distance up to it");
        }

        var network = distances.Network;
        var nodes = new List<ReachedNode>();
        var edges = new SortedSet<int>(distances.SourcesOnEdges.Keys);
        for (var n = 0; n < network.Nodes.Count; n++)
        {
            if (distances.ToNode(n) <= limit)
            {
                nodes.Add(new ReachedNode(n, distances.ToNode(n), network.Nodes[n]));
                foreach (var e in network.IncidentEdges(n))
                {
                    edges.Add(e);
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lines = new List<ReachedLine>();
        foreach (var (siteId, metric, join) in sources)
        {
            if (join.ConnectorM <= limit && join.ConnectorM > 0)
            {
                lines.Add(new ReachedLine(0, siteId, 0, join.ConnectorM, 0, join.ConnectorM, false, true,
                    Factory.CreateLineString([metric.Copy(), join.Join.Copy()])));
            }
        }

        foreach (var e in edges)
        {
            var edge = network.Edges[e];
            foreach (var (from, to) in ReachedIntervals(distances, e, limit))
            {
                var whole = from <= 0 && to >= edge.LengthM;
                lines.Add(new ReachedLine(edge.Id, edge.WalkwayId, from, to, CostAt(distances, e, from), CostAt(distances, e, to),
                    !whole, false, Factory.CreateLineString(Substring(edge.Metric, from, to))));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ServiceArea(limit, lines, nodes, Area(lines, street, water, cancellationToken));
    }

    /// <summary>The walking cost at a point of an edge, from its ends and from sources on it.</summary>
    internal static double CostAt(NetworkDistances distances, int edgeIndex, double offset)
    {
        var edge = distances.Network.Edges[edgeIndex];
        var best = Math.Min(distances.ToNode(edge.From) + offset, distances.ToNode(edge.To) + (edge.LengthM - offset));
        if (distances.SourcesOnEdges.TryGetValue(edgeIndex, out var sources))
        {
            foreach (var (o, c) in sources)
            {
                best = Math.Min(best, c + Math.Abs(o - offset));
            }
        }

        return best;
    }

    /// <summary>The parts of an edge within the limit, as sorted disjoint intervals of metres along it.</summary>
    internal static List<(double From, double To)> ReachedIntervals(NetworkDistances distances, int edgeIndex, double limit)
    {
        var edge = distances.Network.Edges[edgeIndex];
        var length = edge.LengthM;
        var intervals = new List<(double From, double To)>();
        var atFrom = distances.ToNode(edge.From);
        if (atFrom <= limit)
        {
            intervals.Add((0, Math.Min(length, limit - atFrom)));
        }

        var atTo = distances.ToNode(edge.To);
        if (atTo <= limit)
        {
            intervals.Add((Math.Max(0, length - (limit - atTo)), length));
        }

        if (distances.SourcesOnEdges.TryGetValue(edgeIndex, out var sources))
        {
            foreach (var (offset, cost) in sources)
            {
                if (cost <= limit)
                {
                    intervals.Add((Math.Max(0, offset - (limit - cost)), Math.Min(length, offset + (limit - cost))));
                }
            }
        }

        intervals.Sort();
        var merged = new List<(double From, double To)>();
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && interval.From <= merged[^1].To)
            {
                merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, interval.To));
            }
            else
            {
                merged.Add(interval);
            }
        }

        return merged;
    }

    /// <summary>The part of a line from <paramref name="from"/> to <paramref name="to"/> metres along it.</summary>
    internal static Coordinate[] Substring(Coordinate[] line, double from, double to)
    {
        var result = new List<Coordinate>();
        var walked = 0.0;
        for (var i = 1; i < line.Length; i++)
        {
            var a = line[i - 1];
            var b = line[i];
            var length = a.Distance(b);
            var start = walked;
            var end = walked + length;
            if (end >= from && start <= to && length > 0)
            {
                if (result.Count == 0)
                {
                    result.Add(Along(a, b, (Math.Max(from, start) - start) / length));
                }

                if (end <= to)
                {
                    result.Add(b.Copy());
                }
                else
                {
                    result.Add(Along(a, b, (to - start) / length));
                    break;
                }
            }

            walked = end;
        }

        if (result.Count == 1)
        {
            result.Add(result[0].Copy());
        }

        return result.Count == 0 ? [line[0].Copy(), line[0].Copy()] : [.. result];
    }

    private static Coordinate Along(Coordinate a, Coordinate b, double t) =>
        new(a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y));

    private static Geometry Area(List<ReachedLine> lines, Geometry? street, Geometry? water, CancellationToken cancellationToken)
    {
        var reached = lines.Where(l => l.Metric.Length > 0).Select(l => l.Metric).ToArray();
        if (reached.Length == 0)
        {
            return Factory.CreatePolygon();
        }

        var network = Factory.CreateMultiLineString(reached);
        // Each line buffered on its own and the buffers unioned in a cascade: the same polygon as buffering the
        // multi-line at once, in about a third of the time (877 lines: 0.39 s against 1.2 s).
        var parameters = new BufferParameters(4);
        var area = CascadedPolygonUnion.Union(reached.Select(l => BufferOp.Buffer(l, AreaWidthM, parameters)).ToList());
        cancellationToken.ThrowIfCancellationRequested();
        if (street is not null)
        {
            area = area.Intersection(street);
        }

        if (water is not null && !water.IsEmpty)
        {
            area = area.Difference(water);
        }

        cancellationToken.ThrowIfCancellationRequested();
        // A part cut off by water from every reached line is across a river no reached path crosses: drop it.
        var kept = new List<Geometry>();
        for (var i = 0; i < area.NumGeometries; i++)
        {
            if (area.GetGeometryN(i) is Polygon { IsEmpty: false } part && part.Intersects(network))
            {
                kept.Add(part);
            }
        }

        var result = kept.Count == 1 ? kept[0] : Factory.CreateMultiPolygon([.. kept.Cast<Polygon>()]);
        result.SRID = 4544;
        return result;
    }
}
