using Huayang.Gis.Core.Network;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Huayang.Gis.Core.Tests.Network;

/// <summary>
/// Small hand-built networks in EPSG:4544 metres with answers worked out by hand: how the graph is built, where points
/// join, walking distances and service areas.
/// </summary>
public sealed class NetworkKnownAnswerTests
{
    private static readonly WKTReader Wkt = new();

    internal static WalkingNetwork Network(params string[] lines) =>
        WalkingNetwork.BuildMetric(lines.Select((wkt, i) => ($"w{i + 1}", Wkt.Read(wkt))));

    private static double Walk(WalkingNetwork network, (double X, double Y) from, (double X, double Y) to, double limit = 1e6)
    {
        var joiner = new NetworkJoiner(network, 250);
        var source = joiner.Join(new Coordinate(from.X, from.Y)) ?? throw new InvalidOperationException("source off the network");
        var target = joiner.Join(new Coordinate(to.X, to.Y)) ?? throw new InvalidOperationException("target off the network");
        return NetworkDistances.Search(network, [source], limit).ToPosition(target);
    }

    [Fact]
    public void Lines_sharing_a_vertex_meet_there_and_lines_that_merely_cross_do_not()
    {
        // A shares its middle vertex (500 0) with B: four edges meet at one node. C crosses A at (250 0) without a vertex.
        var network = Network(
            "LINESTRING (0 0, 500 0, 1000 0)",
            "LINESTRING (500 -500, 500 0, 500 500)",
            "LINESTRING (250 -100, 250 100)");

        Assert.Equal(7, network.Nodes.Count);
        Assert.Equal(5, network.Edges.Count);
        var centre = Enumerable.Range(0, network.Nodes.Count).Single(n => network.Nodes[n].Equals2D(new Coordinate(500, 0)));
        Assert.Equal(4, network.IncidentEdges(centre).Length);
        // From the top of C to the west end of A: C is not connected to A, so there is no walk, however far.
        Assert.Equal(double.PositiveInfinity, Walk(network, (250, 100), (0, 0)));
        // From B's north end to A's west end: 500 down B, 500 along A.
        Assert.Equal(1000, Walk(network, (500, 500), (0, 0)), 9);
    }

    [Fact]
    public void A_river_with_one_bridge_is_crossed_only_at_the_bridge()
    {
        // Two banks 200 m apart; the only crossing is the bridge at x = 500.
        var network = Network(
            "LINESTRING (0 0, 500 0, 1000 0)",
            "LINESTRING (0 200, 500 200, 1000 200)",
            "LINESTRING (500 0, 500 200)");

        // Site 10 m south of the south bank at x = 100, cell 10 m north of the north bank at x = 100: connector 10,
        // 400 east, 200 over the bridge, 400 west, connector 10. The straight line is 220 m.
        Assert.Equal(1020, Walk(network, (100, -10), (100, 210)), 9);
    }

    [Fact]
    public void A_site_in_the_middle_of_a_long_edge_reaches_both_ways_along_it_and_the_edge_is_cut_at_the_distance()
    {
        var network = Network("LINESTRING (0 0, 2000 0)");
        var joiner = new NetworkJoiner(network);
        var site = joiner.Join(new Coordinate(1000, 20))!.Value;
        Assert.Equal(1000, site.OffsetM, 9);
        Assert.Equal(20, site.ConnectorM, 9);

        var distances = NetworkDistances.Search(network, [site], 300);
        var area = ServiceAreas.Build(distances, [("s1", new Coordinate(1000, 20), site)], null, null);

        // Neither node is within 300 m (1,020 m away), yet 280 m either side of the join are: pgRouting's driving
        // distance would return nothing here.
        Assert.Empty(area.Nodes);
        var line = Assert.Single(area.Lines, l => !l.Connector);
        Assert.True(line.Partial);
        Assert.Equal((720.0, 1280.0), (Math.Round(line.FromM, 9), Math.Round(line.ToM, 9)));
        Assert.Equal((300.0, 300.0), (Math.Round(line.CostAtStartM, 9), Math.Round(line.CostAtEndM, 9)));
        Assert.Equal("LINESTRING (720 0, 1280 0)", line.Metric.AsText());
        var connector = Assert.Single(area.Lines, l => l.Connector);
        Assert.Equal("LINESTRING (1000 20, 1000 0)", connector.Metric.AsText());
        // The area: the reached lines buffered by 50 m.
        Assert.Equal(area.Area.EnvelopeInternal, new Envelope(670, 1330, -50, 70));
    }

    [Fact]
    public void A_dead_end_is_walked_in_and_out()
    {
        // A spur of 100 m north from (500 0); the site is at the spur's end, the cell on the main line at x = 0.
        var network = Network("LINESTRING (0 0, 500 0, 1000 0)", "LINESTRING (500 0, 500 100)");

        Assert.Equal(600, Walk(network, (500, 100), (0, 0)), 9);
        Assert.Equal(300, Walk(network, (500, 100), (700, 0)), 9);
    }

    [Fact]
    public void A_point_beyond_the_limit_is_off_the_network_and_one_within_it_joins_the_nearest_edge_not_the_nearest_node()
    {
        var network = Network("LINESTRING (0 0, 2000 0)");
        var joiner = new NetworkJoiner(network, 250);

        Assert.Null(joiner.Join(new Coordinate(1000, 251)));
        var near = joiner.Join(new Coordinate(1000, 249))!.Value;
        Assert.Equal(1000, near.OffsetM, 9);
        Assert.Equal(249, near.ConnectorM, 9);
        Assert.Equal(new Coordinate(1000, 0), near.Join);
    }

    [Fact]
    public void Two_sites_whose_areas_meet_reach_the_whole_edge_between_them()
    {
        var network = Network("LINESTRING (0 0, 1000 0)");
        var joiner = new NetworkJoiner(network);
        var sources = new[] { (200.0, 0.0), (800.0, 0.0) }
            .Select((p, i) => ($"s{i}", new Coordinate(p.Item1, p.Item2), joiner.Join(new Coordinate(p.Item1, p.Item2))!.Value))
            .ToList();

        var distances = NetworkDistances.Search(network, sources.Select(s => s.Item3), 300);
        var area = ServiceAreas.Build(distances, sources, null, null);

        var line = Assert.Single(area.Lines);
        Assert.False(line.Partial);
        Assert.Equal("LINESTRING (0 0, 1000 0)", line.Metric.AsText());
        Assert.Equal([200.0, 200.0], area.Nodes.Select(n => Math.Round(n.CostM, 9)));
        // The point half-way is 300 m from both.
        Assert.Equal(300, distances.ToPosition(joiner.Join(new Coordinate(500, 0))!.Value), 9);
    }

    [Fact]
    public void The_area_never_jumps_a_river_that_no_reached_path_crosses()
    {
        // Paths on both banks of a 15 m river (y 30..45); the bridge is far away at x = 2000, out of reach. The 50 m
        // buffer of the south path reaches over the river onto the north bank (y 45..50), but that sliver holds no
        // reached path.
        var network = Network(
            "LINESTRING (0 0, 1000 0, 2000 0)",
            "LINESTRING (0 60, 1000 60, 2000 60)",
            "LINESTRING (2000 0, 2000 60)");
        var water = Wkt.Read("POLYGON ((-100 30, 2100 30, 2100 45, -100 45, -100 30))");
        var street = Wkt.Read("POLYGON ((-100 -200, 2100 -200, 2100 300, -100 300, -100 -200))");
        var joiner = new NetworkJoiner(network);
        var site = joiner.Join(new Coordinate(500, -5))!.Value;

        var distances = NetworkDistances.Search(network, [site], 400);
        var area = ServiceAreas.Build(distances, [("s", new Coordinate(500, -5), site)], street, water).Area;

        Assert.False(area.IsEmpty);
        Assert.True(area.EnvelopeInternal.MaxY <= 30 + 1e-6, area.AsText());
        Assert.False(area.Intersects(Wkt.Read("POINT (500 48)")));
    }
}
