using System.Globalization;
using System.Text;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// Walking answers on PostGIS with pgRouting 3.4: sites join the nearest edge of <c>huayang.walk_edges</c> (KNN, ties by
/// edge id) with <c>ST_LineLocatePoint</c>; <c>pgr_withPointsDD</c> from the joined points, restricted to the edges in the
/// roots' bounding box grown by the distance, gives each root's cost to every node, to which the root's connector is
/// added (one call for all roots, <c>equicost := false</c>, so each keeps its own costs). pgRouting drops partial edges:
/// the edges are cut at the distance here from the node costs, by the same code the embedded store uses
/// (<see cref="ServiceAreas"/>), and population cells are measured in SQL from the node costs.
/// </summary>
internal static class PostGisNetwork
{
    private static readonly GeometryFactory Metric = new(new PrecisionModel(), 4544);

    /// <summary>
    /// A lateral join of the point <paramref name="point"/> (an EPSG:4544 SQL expression) to its edge as
    /// <see cref="NetworkJoiner"/> joins: the index's nearest few edges, then the exact nearest with ties to the lower id.
    /// Columns of <c>j</c>: edge, source, target, len (metres), fraction, off (metres along), conn (connector metres),
    /// closest (the join point).
    /// </summary>
    private static string JoinToNearestEdge(string point) => $"""
        LEFT JOIN LATERAL (
            SELECT e.id AS edge, e.source, e.target, e.cost AS len, ST_LineLocatePoint(e.geom, {point}) AS fraction,
                   ST_LineLocatePoint(e.geom, {point}) * e.cost AS off, ST_Distance(e.geom, {point}) AS conn,
                   ST_ClosestPoint(e.geom, {point}) AS closest
            FROM (SELECT w.id, w.source, w.target, w.cost, w.geom FROM huayang.walk_edges w ORDER BY w.geom <-> {point} LIMIT 8) e
            ORDER BY ST_Distance(e.geom, {point}), e.id LIMIT 1
        ) j ON true
        """;

    /// <summary>A join this close to an end of its edge (as a fraction of the edge) is at the vertex.</summary>
    private const double VertexFraction = 1e-12;

    /// <summary>A site of the question, joined (or not) to the network.</summary>
    internal sealed record JoinedRow(
        Site Site, Coordinate Metric, int? EdgeId, double Fraction, double OffsetM, double ConnectorM, Coordinate? Join,
        long Source = 0, long Target = 0);

    private const string SiteColumns =
        "s.id, s.name_zh, s.name_en, s.category, s.status, s.capacity, s.plan_element, ST_X(s.geom), ST_Y(s.geom), ST_X(s.geom_m), ST_Y(s.geom_m)";

    /// <summary>The sites chosen by ids, or else by category (null: all) and status, each with its nearest edge.</summary>
    public static async Task<List<JoinedRow>> JoinSitesAsync(
        NpgsqlConnection connection, IReadOnlyList<string>? ids, string? category, SiteStatusFilter status, CancellationToken ct)
    {
        var sql = $"""
            SELECT {SiteColumns}, j.edge, j.fraction, j.len, j.conn, ST_X(j.closest), ST_Y(j.closest), j.source, j.target
            FROM huayang.sites s
            {JoinToNearestEdge("s.geom_m")}
            WHERE ($1::text[] IS NOT NULL AND s.id = ANY($1))
               OR ($1::text[] IS NULL AND ($2::text IS NULL OR s.category = $2) AND ($3::text IS NULL OR s.status = $3))
            ORDER BY s.id COLLATE "C"
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = ids is null ? DBNull.Value : ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)category ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Text,
            Value = status switch { SiteStatusFilter.Existing => "existing", SiteStatusFilter.Planned => "planned", _ => DBNull.Value },
        });
        var rows = new List<JoinedRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var site = new Site(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                new Point(reader.GetDouble(7), reader.GetDouble(8)) { SRID = 4326 });
            var metric = new Coordinate(reader.GetDouble(9), reader.GetDouble(10));
            if (reader.IsDBNull(11))
            {
                rows.Add(new JoinedRow(site, metric, null, 0, 0, double.PositiveInfinity, null));
                continue;
            }

            var fraction = reader.GetDouble(12);
            rows.Add(new JoinedRow(site, metric, reader.GetInt32(11), fraction, fraction * reader.GetDouble(13), reader.GetDouble(14),
                new Coordinate(reader.GetDouble(15), reader.GetDouble(16)), reader.GetInt32(17), reader.GetInt32(18)));
        }

        return rows;
    }

    /// <summary>
    /// The walking cost from the nearest of <paramref name="roots"/> to every node within <paramref name="distanceM"/>,
    /// by one <c>pgr_withPointsDD</c> call: node id → metres, the root's connector included.
    /// </summary>
    public static async Task<Dictionary<long, double>> NodeCostsAsync(
        NpgsqlConnection connection, IReadOnlyList<JoinedRow> roots, double distanceM, CancellationToken ct)
    {
        var costs = new Dictionary<long, double>();
        var usable = roots.Where(r => r.EdgeId is not null && r.ConnectorM <= distanceM).ToList();
        if (usable.Count == 0)
        {
            return costs;
        }

        var box = new Envelope();
        foreach (var root in usable)
        {
            box.ExpandToInclude(root.Join!);
        }

        box.ExpandBy(distanceM);
        // pgRouting 3.4 reaches nothing from a point at fraction 0 or 1 of its edge (it answers the point alone), so a
        // site joined at an end of its edge starts from that vertex instead; the others start from their points.
        // Root ids: a vertex id (> 0) or minus a point's pid.
        var rootIds = new long[usable.Count];
        var points = new StringBuilder("SELECT pid, edge_id, fraction FROM (VALUES ");
        var pointCount = 0;
        for (var i = 0; i < usable.Count; i++)
        {
            var root = usable[i];
            if (root.Fraction <= VertexFraction || root.Fraction >= 1 - VertexFraction)
            {
                rootIds[i] = root.Fraction <= VertexFraction ? root.Source : root.Target;
                continue;
            }

            pointCount++;
            rootIds[i] = -pointCount;
            points.Append(CultureInfo.InvariantCulture, $"{(pointCount == 1 ? "" : ", ")}({pointCount}, {root.EdgeId}, {root.Fraction:R}::float8)");
        }

        if (pointCount == 0)
        {
            // The points query must name a point; this one is no root.
            points.Append(CultureInfo.InvariantCulture, $"(1, {usable[0].EdgeId}, 0.5::float8)");
        }

        points.Append(") AS p(pid, edge_id, fraction)");
        var connectors = new Dictionary<long, double>();
        for (var i = 0; i < usable.Count; i++)
        {
            connectors[rootIds[i]] = Math.Min(connectors.GetValueOrDefault(rootIds[i], double.PositiveInfinity), usable[i].ConnectorM);
        }

        var edges = string.Create(CultureInfo.InvariantCulture,
            $"SELECT id, source, target, cost, reverse_cost FROM huayang.walk_edges WHERE geom && ST_MakeEnvelope({box.MinX:R}, {box.MinY:R}, {box.MaxX:R}, {box.MaxY:R}, 4544)");
        const string Sql = """
            SELECT start_vid, node, agg_cost
            FROM pgr_withPointsDD($1, $2, $3::bigint[], $4, directed := false, details := false, equicost := false)
            WHERE node > 0
            """;
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = edges });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = points.ToString() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. connectors.Keys] });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = distanceM });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var cost = connectors[reader.GetInt64(0)] + reader.GetDouble(2);
            if (cost <= distanceM)
            {
                var node = reader.GetInt64(1);
                costs[node] = Math.Min(costs.GetValueOrDefault(node, double.PositiveInfinity), cost);
            }
        }

        return costs;
    }

    /// <summary>The edges within <paramref name="distanceM"/> of the roots' joins, as a network with the node costs.</summary>
    public static async Task<(NetworkDistances Distances, List<(string SiteId, Coordinate Metric, NetworkPosition Join)> Sources, Dictionary<long, double> Costs)> DistancesAsync(
        NpgsqlConnection connection, IReadOnlyList<JoinedRow> roots, double distanceM, CancellationToken ct)
    {
        var costs = await NodeCostsAsync(connection, roots, distanceM, ct);
        var usable = roots.Where(r => r.EdgeId is not null && r.ConnectorM <= distanceM).ToList();
        var nodeIndex = new Dictionary<long, int>();
        var nodes = new List<Coordinate>();
        var edges = new List<NetworkEdge>();
        var edgeIndex = new Dictionary<int, int>();
        if (usable.Count > 0)
        {
            // The edges that touch a reached node or carry a root: all a service area can hold.
            const string Sql = """
                SELECT e.id, e.source, e.target, e.cost, e.walkway_id, e.geom, s.geom, t.geom
                FROM huayang.walk_edges e
                JOIN huayang.walk_nodes s ON s.id = e.source
                JOIN huayang.walk_nodes t ON t.id = e.target
                WHERE e.source = ANY($1) OR e.target = ANY($1) OR e.id = ANY($2)
                ORDER BY e.id
                """;
            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. costs.Keys] });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. usable.Select(r => r.EdgeId!.Value).Distinct()] });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                int Node(long id, Point position)
                {
                    if (!nodeIndex.TryGetValue(id, out var index))
                    {
                        index = nodes.Count;
                        nodeIndex[id] = index;
                        nodes.Add(position.Coordinate);
                    }

                    return index;
                }

                var id = reader.GetInt32(0);
                var from = Node(reader.GetInt32(1), reader.GetFieldValue<Point>(6));
                var to = Node(reader.GetInt32(2), reader.GetFieldValue<Point>(7));
                edgeIndex[id] = edges.Count;
                edges.Add(new NetworkEdge(id, from, to, reader.GetDouble(3), reader.GetFieldValue<LineString>(5).Coordinates, reader.GetString(4)));
            }
        }

        var network = WalkingNetwork.FromEdges(nodes, edges);
        var nodeCosts = new double[nodes.Count];
        Array.Fill(nodeCosts, double.PositiveInfinity);
        foreach (var (id, index) in nodeIndex)
        {
            if (costs.TryGetValue(id, out var cost))
            {
                nodeCosts[index] = cost;
            }
        }

        var sources = usable
            .Select(r => (r.Site.Id, r.Metric, new NetworkPosition(edgeIndex[r.EdgeId!.Value], r.OffsetM, r.Join!, r.ConnectorM)))
            .ToList();
        return (NetworkDistances.FromNodeCosts(network, nodeCosts, sources.Select(s => s.Item3), distanceM), sources, costs);
    }

    /// <summary>
    /// Each community's walk from its population-weighted centre (as the buffer coverage places it) to the nearest root,
    /// however far: pgRouting's costs over the whole network, the centre joined like a cell; missing when the centre is
    /// off the network or nothing is reachable.
    /// </summary>
    public static async Task<Dictionary<string, double>> CentreWalksAsync(
        NpgsqlConnection connection, IReadOnlyList<JoinedRow> roots, double offNetworkLimitM, CancellationToken ct)
    {
        var walks = new Dictionary<string, double>(StringComparer.Ordinal);
        var usable = roots.Where(r => r.EdgeId is not null && r.ConnectorM <= offNetworkLimitM).ToList();
        if (usable.Count == 0)
        {
            return walks;
        }

        var costs = await NodeCostsAsync(connection, usable, Unlimited, ct);
        var sql = $"""
            WITH weights AS (
                SELECT community_id, sum(residents)::float8 AS w,
                       sum(residents::float8 * ST_X(point_m)) AS wx, sum(residents::float8 * ST_Y(point_m)) AS wy
                FROM huayang.population GROUP BY community_id
            ),
            centres AS (
                SELECT c.id, CASE WHEN coalesce(w.w, 0) > 0 THEN ST_SetSRID(ST_MakePoint(w.wx / w.w, w.wy / w.w), 4544)
                                  ELSE ST_PointOnSurface(c.geom_m) END AS pt
                FROM huayang.communities c LEFT JOIN weights w ON w.community_id = c.id
            )
            SELECT c.id, j.edge, j.source, j.target, j.len, j.off, j.conn
            FROM centres c
            {JoinToNearestEdge("c.pt")}
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.IsDBNull(1) || reader.GetDouble(6) > offNetworkLimitM)
            {
                continue;
            }

            var (edge, off, len, conn) = (reader.GetInt32(1), reader.GetDouble(5), reader.GetDouble(4), reader.GetDouble(6));
            var best = Math.Min(
                costs.GetValueOrDefault(reader.GetInt32(2), double.PositiveInfinity) + off,
                costs.GetValueOrDefault(reader.GetInt32(3), double.PositiveInfinity) + (len - off));
            foreach (var root in usable.Where(r => r.EdgeId == edge))
            {
                best = Math.Min(best, root.ConnectorM + Math.Abs(root.OffsetM - off));
            }

            if (double.IsFinite(best))
            {
                walks[reader.GetString(0)] = best + conn;
            }
        }

        return walks;
    }

    /// <summary>A distance beyond any walk in a street or a city, for searches of the whole network.</summary>
    private const double Unlimited = 1e9;

    /// <summary>The street (union of the communities) and the water, in EPSG:4544, for clipping areas.</summary>
    public static async Task<(Geometry Street, Geometry Water)> ClippingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        const string Sql = """
            SELECT (SELECT ST_Union(geom_m) FROM huayang.communities),
                   (SELECT ST_Union(ST_Transform(geom, 4544)) FROM huayang.water)
            """;
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var street = reader.IsDBNull(0) ? Metric.CreatePolygon() : reader.GetFieldValue<Geometry>(0);
        var water = reader.IsDBNull(1) ? Metric.CreatePolygon() : reader.GetFieldValue<Geometry>(1);
        return (street, water);
    }

    /// <summary>Each population cell's walk from the nearest root, or its off-network state, measured in SQL from the node costs.</summary>
    public static async Task<List<(string Id, string CommunityId, int Residents, bool OnNetwork, double? WalkM, Point Position)>> CellWalksAsync(
        NpgsqlConnection connection, IReadOnlyList<JoinedRow> roots, IReadOnlyDictionary<long, double> costs, double offNetworkLimitM,
        CancellationToken ct)
    {
        var usable = roots.Where(r => r.EdgeId is not null && r.ConnectorM <= offNetworkLimitM).ToList();
        var sql = $"""
            WITH dd AS (SELECT * FROM unnest($1::bigint[], $2::float8[]) AS d(node, cost)),
            sp AS (SELECT * FROM unnest($3::int[], $4::float8[], $5::float8[]) AS s(edge, off, conn)),
            cells AS (
                SELECT p.id, p.community_id, p.residents, ST_X(ST_Transform(p.point_m, 4326)) AS lon, ST_Y(ST_Transform(p.point_m, 4326)) AS lat,
                       j.edge, j.source, j.target, j.len, j.off, j.conn
                FROM huayang.population p
                {JoinToNearestEdge("p.point_m")}
            )
            SELECT c.id, c.community_id, c.residents, c.lon, c.lat, c.conn IS NOT NULL AND c.conn <= $6,
                   CASE WHEN c.conn IS NULL OR c.conn > $6 THEN NULL
                        ELSE c.conn + least(ds.cost + c.off, dt.cost + (c.len - c.off),
                                            (SELECT min(sp.conn + abs(sp.off - c.off)) FROM sp WHERE sp.edge = c.edge)) END
            FROM cells c
            LEFT JOIN dd ds ON ds.node = c.source
            LEFT JOIN dd dt ON dt.node = c.target
            ORDER BY c.id COLLATE "C"
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. costs.Keys] });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = [.. costs.Keys.Select(k => costs[k])] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. usable.Select(r => r.EdgeId!.Value)] });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = [.. usable.Select(r => r.OffsetM)] });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = [.. usable.Select(r => r.ConnectorM)] });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = offNetworkLimitM });
        var cells = new List<(string, string, int, bool, double?, Point)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            cells.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                new Point(reader.GetDouble(3), reader.GetDouble(4)) { SRID = 4326 }));
        }

        return cells;
    }
}
