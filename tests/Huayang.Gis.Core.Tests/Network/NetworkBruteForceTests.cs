using Huayang.Gis.Core.Network;
using NetTopologySuite.Geometries;
using Xunit.Abstractions;

namespace Huayang.Gis.Core.Tests.Network;

/// <summary>
/// The joiner and the Dijkstra search against brute force on random networks: every segment scanned for the nearest
/// join, and all-pairs shortest paths (Floyd–Warshall) over a graph in which every joined point splits its edge.
/// </summary>
public sealed class NetworkBruteForceTests(ITestOutputHelper output)
{
    /// <summary>A random network on a jittered grid: lines follow grid steps (sharing vertices at grid points), and some
    /// diagonal lines cross others without a shared vertex.</summary>
    private static WalkingNetwork RandomNetwork(Random random, int size)
    {
        var grid = new Coordinate[size, size];
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                grid[i, j] = new Coordinate(i * 100 + random.NextDouble() * 30, j * 100 + random.NextDouble() * 30);
            }
        }

        var factory = new GeometryFactory();
        var lines = new List<(string, Geometry)>();
        for (var l = 0; l < size * 2; l++)
        {
            var (i, j) = (random.Next(size), random.Next(size));
            var path = new List<Coordinate> { grid[i, j] };
            for (var step = 0; step < 1 + random.Next(4); step++)
            {
                var (ni, nj) = random.Next(4) switch { 0 => (i + 1, j), 1 => (i - 1, j), 2 => (i, j + 1), _ => (i, j - 1) };
                if (ni < 0 || nj < 0 || ni >= size || nj >= size || path.Contains(grid[ni, nj]))
                {
                    continue;
                }

                (i, j) = (ni, nj);
                path.Add(grid[i, j]);
            }

            if (path.Count >= 2)
            {
                lines.Add(($"w{l}", factory.CreateLineString([.. path])));
            }
        }

        for (var d = 0; d < 2; d++)
        {
            var a = grid[random.Next(size), random.Next(size)];
            lines.Add(($"d{d}", factory.CreateLineString([new Coordinate(a.X + 37, a.Y + 11), new Coordinate(a.X + 163, a.Y + 149)])));
        }

        return WalkingNetwork.BuildMetric(lines);
    }

    private static (double Distance, int Edge, double Offset) BruteJoin(WalkingNetwork network, Coordinate p)
    {
        var best = (Distance: double.PositiveInfinity, Edge: -1, Offset: 0.0);
        for (var e = 0; e < network.Edges.Count; e++)
        {
            var line = network.Edges[e].Metric;
            var walked = 0.0;
            for (var i = 1; i < line.Length; i++)
            {
                var segment = new LineSegment(line[i - 1], line[i]);
                var closest = segment.ClosestPoint(p);
                var distance = closest.Distance(p);
                if (distance < best.Distance - 1e-9)
                {
                    best = (distance, e, walked + line[i - 1].Distance(closest));
                }

                walked += segment.Length;
            }
        }

        return best;
    }

    /// <summary>Walking distances between joined points by Floyd–Warshall over the network with each join as a vertex.</summary>
    private static double[,] AllPairs(WalkingNetwork network, IReadOnlyList<NetworkPosition> points)
    {
        var vertexCount = network.Nodes.Count + points.Count;
        var d = new double[vertexCount, vertexCount];
        for (var a = 0; a < vertexCount; a++)
        {
            for (var b = 0; b < vertexCount; b++)
            {
                d[a, b] = a == b ? 0 : double.PositiveInfinity;
            }
        }

        void Link(int a, int b, double length)
        {
            d[a, b] = Math.Min(d[a, b], length);
            d[b, a] = Math.Min(d[b, a], length);
        }

        for (var e = 0; e < network.Edges.Count; e++)
        {
            var edge = network.Edges[e];
            var stops = new List<(double Offset, int Vertex)> { (0, edge.From), (edge.LengthM, edge.To) };
            stops.AddRange(points.Select((p, i) => (p, i)).Where(x => x.p.Edge == e).Select(x => (x.p.OffsetM, network.Nodes.Count + x.i)));
            stops.Sort();
            for (var s = 1; s < stops.Count; s++)
            {
                Link(stops[s - 1].Vertex, stops[s].Vertex, stops[s].Offset - stops[s - 1].Offset);
            }
        }

        for (var k = 0; k < vertexCount; k++)
        {
            for (var a = 0; a < vertexCount; a++)
            {
                for (var b = 0; b < vertexCount; b++)
                {
                    if (d[a, k] + d[k, b] < d[a, b])
                    {
                        d[a, b] = d[a, k] + d[k, b];
                    }
                }
            }
        }

        return d;
    }

    [Fact]
    public void Joins_and_walking_distances_agree_with_brute_force_on_random_networks()
    {
        var random = new Random(20181201);
        var worst = 0.0;
        var compared = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            var network = RandomNetwork(random, 5 + random.Next(3));
            var joiner = new NetworkJoiner(network, 250);
            var points = new List<(Coordinate Point, NetworkPosition Join)>();
            for (var p = 0; p < 8; p++)
            {
                var point = new Coordinate(random.NextDouble() * 700 - 50, random.NextDouble() * 700 - 50);
                var brute = BruteJoin(network, point);
                var join = joiner.Join(point);
                if (brute.Distance > 250)
                {
                    Assert.Null(join);
                    continue;
                }

                Assert.NotNull(join);
                Assert.Equal(brute.Distance, join.Value.ConnectorM, 6);
                points.Add((point, join.Value));
            }

            var all = AllPairs(network, points.Select(p => p.Join).ToList());
            for (var s = 0; s < points.Count; s++)
            {
                var limit = random.NextDouble() * 1500;
                var distances = NetworkDistances.Search(network, [points[s].Join], limit);
                for (var t = 0; t < points.Count; t++)
                {
                    var expected = points[s].Join.ConnectorM + all[network.Nodes.Count + s, network.Nodes.Count + t] + points[t].Join.ConnectorM;
                    var actual = distances.ToPosition(points[t].Join);
                    if (expected <= limit)
                    {
                        Assert.Equal(expected, actual, 6);
                        worst = Math.Max(worst, Math.Abs(expected - actual));
                        compared++;
                    }
                    else
                    {
                        Assert.True(double.IsPositiveInfinity(actual) || actual > limit - 1e-6, $"{actual} within {limit} but brute force says {expected}");
                    }
                }

                for (var n = 0; n < network.Nodes.Count; n++)
                {
                    var expected = points[s].Join.ConnectorM + all[network.Nodes.Count + s, n];
                    Assert.Equal(expected <= limit ? expected : double.PositiveInfinity, distances.ToNode(n), 6);
                }
            }
        }

        output.WriteLine($"{compared} walking distances within their limit compared; largest difference {worst:E2} m");
        Assert.True(compared > 200, $"only {compared} distances compared");
    }
}
