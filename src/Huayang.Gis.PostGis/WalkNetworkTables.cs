using Huayang.Gis.Core.Network;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Huayang.Gis.PostGis;

/// <summary>
/// Rebuilds <c>huayang.walk_nodes</c> and <c>huayang.walk_edges</c> (migration 0003) from the walkways table as it
/// stands in the load's transaction, with the same <see cref="WalkingNetwork"/> the embedded store builds: node ids are
/// the network's node numbers + 1, edge ids its edge ids.
/// </summary>
internal static class WalkNetworkTables
{
    private static readonly GeometryFactory Metric = new(new PrecisionModel(), 4544);

    /// <returns>The number of edges written.</returns>
    public static async Task<int> RebuildAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var walkways = new List<(string, Geometry)>();
        await using (var read = new NpgsqlCommand("SELECT id, geom FROM huayang.walkways ORDER BY id COLLATE \"C\"", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                walkways.Add((reader.GetString(0), reader.GetFieldValue<Geometry>(1)));
            }
        }

        var network = WalkingNetwork.Build(walkways);
        await connection.ExecuteAsync(transaction, "TRUNCATE huayang.walk_edges, huayang.walk_nodes", ct);
        await using (var nodes = await connection.BeginBinaryImportAsync("COPY huayang.walk_nodes (id, geom) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var n = 0; n < network.Nodes.Count; n++)
            {
                await nodes.StartRowAsync(ct);
                await nodes.WriteAsync(n + 1, NpgsqlDbType.Integer, ct);
                await nodes.WriteAsync<Geometry>(Metric.CreatePoint(network.Nodes[n]), ct);
            }

            await nodes.CompleteAsync(ct);
        }

        await using (var edges = await connection.BeginBinaryImportAsync(
            "COPY huayang.walk_edges (id, source, target, cost, reverse_cost, walkway_id, geom) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var edge in network.Edges)
            {
                await edges.StartRowAsync(ct);
                await edges.WriteAsync(edge.Id, NpgsqlDbType.Integer, ct);
                await edges.WriteAsync(edge.From + 1, NpgsqlDbType.Integer, ct);
                await edges.WriteAsync(edge.To + 1, NpgsqlDbType.Integer, ct);
                await edges.WriteAsync(edge.LengthM, NpgsqlDbType.Double, ct);
                await edges.WriteAsync(edge.LengthM, NpgsqlDbType.Double, ct);
                await edges.WriteAsync(edge.WalkwayId, NpgsqlDbType.Text, ct);
                await edges.WriteAsync<Geometry>(Metric.CreateLineString(edge.Metric), ct);
            }

            await edges.CompleteAsync(ct);
        }

        await connection.ExecuteAsync(transaction, "ANALYZE huayang.walk_edges", ct);
        return network.Edges.Count;
    }
}
