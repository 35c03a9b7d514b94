using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Tests.Support;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Analysis;

/// <summary>
/// <see cref="BufferCoverageCalculator"/> as WKT in, numbers and WKT out. Communities, sites and cells are written in
/// EPSG:4544 metres relative to a point in Huayang and handed to the calculator in lon/lat, as a dataset holds
/// them. Expected values are worked out by hand: a site's buffer is the regular 128-gon inscribed in the circle
/// (32 segments a quadrant), whose area is 64 r² sin(2π/128); a cell is covered when a site is within the
/// radius, the radius included.
/// </summary>
public sealed class BufferCoverageCalculatorTests
{
    /// <summary>The local origin of the tables: about 104.05°E 30.50°N in EPSG:4544.</summary>
    private const double OriginE = 409_000;
    private const double OriginN = 3_375_000;

    private const string Category = "kindergarten";

    /// <summary>Shares are compared to 1e-9: the round trip through lon/lat moves vertices by well under a micrometre.</summary>
    private const double Share = 1e-9;

    /// <summary>The area of a site's buffer of radius <paramref name="r"/>: the inscribed regular 128-gon.</summary>
    private static double BufferArea(double r) => 64 * r * r * Math.Sin(2 * Math.PI / 128);

    public static TheoryData<string, string, double, string, double> AreaCases => new()
    {
        // community (metres), sites (metres), radius, why, expected covered area share of the community.
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", "MULTIPOINT((500 500))", 400, "a buffer wholly inside", BufferArea(400) / 1e6 },
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", "MULTIPOINT((500 500))", 800, "a buffer covering the square (inradius 799.76 > 707.1)", 1 },
        // The 128-gon is symmetric about the vertical through its centre: half of it lies in the square.
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", "MULTIPOINT((0 500))", 300, "a site on the community's edge", BufferArea(300) / 2 / 1e6 },
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", "MULTIPOINT((-301 500))", 300, "a buffer ending 1 m short of the community", 0 },
        // Two buffers 400 m apart with r = 150 (x 150..450 and 550..850): disjoint, both inside.
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", "MULTIPOINT((300 500), (700 500))", 150, "two disjoint buffers", 2 * BufferArea(150) / 1e6 },
        // Two sites at one place: the union is one buffer.
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", "MULTIPOINT((500 500), (500 500))", 400, "two sites at one place", BufferArea(400) / 1e6 },
        // A hole of 500 × 500 in the middle: a buffer of 200 m inside the hole covers none of the land; one of 400 m
        // covers all of the hole (its corners are 353.6 m from the centre, under the inradius 399.88), so the land
        // covered is the buffer less the hole.
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0), (250 250, 250 750, 750 750, 750 250, 250 250))", "MULTIPOINT((500 500))", 200, "a buffer inside a hole", 0 },
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0), (250 250, 250 750, 750 750, 750 250, 250 250))", "MULTIPOINT((500 500))", 400, "a buffer around a hole", (BufferArea(400) - 250_000) / 750_000 },
        // A multi-polygon community of two equal squares, one of them covered.
        { "MULTIPOLYGON(((0 0, 100 0, 100 100, 0 100, 0 0)), ((1000 0, 1100 0, 1100 100, 1000 100, 1000 0)))", "MULTIPOINT((50 50))", 100, "one of two parts covered", 0.5 },
        { "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", "MULTIPOINT EMPTY", 400, "no site", 0 },
    };

    [Theory]
    [MemberData(nameof(AreaCases))]
    public void Covered_area_share(string community, string sites, double radius, string why, double expected)
    {
        var report = Compute([(community, 0)], Sites(sites), [], radius);

        var row = Assert.Single(report.Communities);
        Assert.True(Math.Abs(expected - row.CoveredAreaShare) <= Share, $"{why}: expected {expected:R}, got {row.CoveredAreaShare:R}");
        Assert.Equal(expected, report.Total.CoveredAreaShare, Share);
    }

    [Theory]
    // Two communities, the first covered by a site at its centre, the second 900 m away: the uncovered part is exactly the second.
    [InlineData("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", "POLYGON((1000 0, 1100 0, 1100 100, 1000 100, 1000 0))", "MULTIPOINT((50 50))", 100,
        "POLYGON((1000 0, 1100 0, 1100 100, 1000 100, 1000 0))")]
    // Both covered: nothing is uncovered.
    [InlineData("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", "POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))", "MULTIPOINT((50 50), (150 50))", 100,
        "POLYGON EMPTY")]
    // No site: the uncovered part is the street, the two neighbours merged along their shared edge.
    [InlineData("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", "POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))", "MULTIPOINT EMPTY", 100,
        "POLYGON((0 0, 100 0, 200 0, 200 100, 100 100, 0 100, 0 0))")]
    public void Uncovered_area(string first, string second, string sites, double radius, string expected)
    {
        var report = Compute([(first, 0), (second, 0)], Sites(sites), [], radius);

        Assert.Equal(4326, report.Uncovered.SRID);
        var uncovered = Local(MetricProjection.ToMetric(report.Uncovered));
        if (GeometryAssert.Read(expected).IsEmpty)
        {
            Assert.True(uncovered.IsEmpty, GeometryAssert.Show(uncovered));
        }
        else
        {
            // Two trips through lon/lat move the vertices by up to 2e-8 m: 1e-4 m² on these 100 m squares.
            GeometryAssert.SameShape(GeometryAssert.Read(expected), uncovered, 1e-4);
        }
    }

    [Fact]
    public void A_site_on_the_community_edge_leaves_the_square_less_half_a_buffer_uncovered()
    {
        var report = Compute([("POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", 0)], Sites("MULTIPOINT((0 500))"), [], 300);

        var uncovered = Local(MetricProjection.ToMetric(report.Uncovered));
        Assert.Equal(1e6 - BufferArea(300) / 2, uncovered.Area, 1e-3);
        Assert.True(uncovered.Covers(GeometryAssert.Read("POINT(301 500)")));
        Assert.False(uncovered.Intersects(GeometryAssert.Read("POINT(299 500)")));
    }

    [Theory]
    // Cells of one resident each in a 2 km square; one site at (1000 1000); radius 300. A cell is covered when it is
    // within 300 m: the site's own place, 299.99 m east, 299.99 m south, (1212.13 1212.13) at 299.992 m; not
    // 301 m east, (1213 1213) at 301.23 m, (0 0) at 1414.21 m. (Cells exactly on the circle: the next test.)
    [InlineData("MULTIPOINT((1000 1000), (1299.99 1000), (1000 700.01), (1301 1000), (1212.13 1212.13), (1213 1213), (0 0))", 300, 4)]
    // A radius of 1415 m reaches every cell.
    [InlineData("MULTIPOINT((1000 1000), (1299.99 1000), (1000 700.01), (1301 1000), (1212.13 1212.13), (1213 1213), (0 0))", 1415, 7)]
    // No cells.
    [InlineData("MULTIPOINT EMPTY", 300, 0)]
    public void Covered_population(string cells, double radius, int expected)
    {
        var population = Points(cells).Select(p => (p, 1)).ToList();
        var report = Compute([("POLYGON((0 0, 2000 0, 2000 2000, 0 2000, 0 0))", population.Count)], Sites("MULTIPOINT((1000 1000))"), population, radius);

        var row = Assert.Single(report.Communities);
        Assert.Equal(expected, row.CoveredPopulation);
        Assert.Equal(expected, report.Total.CoveredPopulation);
        Assert.Equal(population.Count == 0 ? 0 : (double)expected / population.Count, row.CoveredShare, 1e-12);
    }

    [Fact]
    public void A_cell_exactly_on_the_buffer_edge_is_covered_and_one_a_hair_outside_is_not()
    {
        // Random pairs in lon/lat; the radius is set to their distance in EPSG:4544 as the contract defines it,
        // so each cell lies exactly on its site's circle, wherever it falls in the calculator's grid of buckets.
        var random = new Random(9);
        for (var i = 0; i < 200; i++)
        {
            var site = new Coordinate(104.0 + random.NextDouble() * 0.1, 30.45 + random.NextDouble() * 0.1);
            var angle = random.NextDouble() * 2 * Math.PI;
            var metres = 50 + random.NextDouble() * 2000;
            var cell = new Coordinate(site.X + Math.Cos(angle) * metres / 96_000, site.Y + Math.Sin(angle) * metres / 111_000);
            var radius = MetricProjection.ToMetric(site.X, site.Y).Distance(MetricProjection.ToMetric(cell.X, cell.Y));

            var sites = new[] { Wgs84Point(site) };
            var cells = new[] { (Wgs84Point(cell), 1) };
            var on = CoveredPopulation(sites, cells, radius);
            var inside = CoveredPopulation(sites, cells, radius * (1 + 1e-12));
            var outside = CoveredPopulation(sites, cells, radius * (1 - 1e-12));
            Assert.True(on == 1 && inside == 1 && outside == 0,
                $"pair {i}: r = {radius:R} m, covered on the edge {on}, just inside {inside}, just outside {outside}");
        }
    }

    [Fact]
    public void Nearest_site_is_measured_from_the_population_weighted_centre()
    {
        // Cells of 1 and 2 residents at (0 0) and (300 0): the weighted centre is (200 0); the site at (200 500) is 500 m away.
        var cells = new[] { (Point("POINT(0 0)"), 1), (Point("POINT(300 0)"), 2) };
        var report = Compute([("POLYGON((-100 -100, 400 -100, 400 100, -100 100, -100 -100))", 3)], Sites("MULTIPOINT((200 500))"), cells, 100);

        Assert.Equal(500, Assert.Single(report.Communities).NearestSiteM!.Value, 1e-6);
    }

    [Fact]
    public void Without_residents_the_nearest_site_is_measured_from_the_interior_point()
    {
        // The interior point of an axis-aligned rectangle is its centre (500 500); the site is 1,000 m north of it.
        var report = Compute([("POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", 0)], Sites("MULTIPOINT((500 1500))"), [], 100);

        var row = Assert.Single(report.Communities);
        Assert.Equal(1000, row.NearestSiteM!.Value, 1e-6);
        Assert.Equal(0, row.CoveredShare);
    }

    [Fact]
    public void Sites_of_another_category_or_status_do_not_count()
    {
        var square = "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";
        var sites = new[]
        {
            MakeSite("planned", Point("POINT(500 500)"), "planned"),
            MakeSite("clinic", Point("POINT(500 500)"), "existing", "clinic"),
        };

        var existing = Compute([(square, 0)], sites, [], 400, SiteStatusFilter.Existing);
        var all = Compute([(square, 0)], sites, [], 400, SiteStatusFilter.All);

        Assert.Equal(0, existing.SiteCount);
        Assert.Equal(0, Assert.Single(existing.Communities).CoveredAreaShare);
        Assert.Null(Assert.Single(existing.Communities).NearestSiteM);
        Assert.Equal(1, all.SiteCount);
        Assert.Equal(BufferArea(400) / 1e6, Assert.Single(all.Communities).CoveredAreaShare, Share);
    }

    [Fact]
    public void Neighbouring_communities_share_a_total_weighted_by_area_and_residents()
    {
        // Site at the west square's centre, r = 400: its buffer (x 100..900) lies in the west square, so the west
        // share is A / 1e6, the east one 0 and the street's A / 2e6; of the residents, the west cell's 10 of 40.
        var report = Compute(
            [("POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", 10), ("POLYGON((1000 0, 2000 0, 2000 1000, 1000 1000, 1000 0))", 30)],
            Sites("MULTIPOINT((500 500))"),
            [(Point("POINT(500 500)"), 10), (Point("POINT(1500 500)"), 30)],
            400);

        Assert.Equal(["c0", "c1"], report.Communities.Select(c => c.CommunityId));
        Assert.Equal(BufferArea(400) / 1e6, report.Communities[0].CoveredAreaShare, Share);
        Assert.Equal(0, report.Communities[1].CoveredAreaShare);
        Assert.Equal(BufferArea(400) / 2e6, report.Total.CoveredAreaShare, Share);
        Assert.Equal((40, 10, 0.25), (report.Total.Population, report.Total.CoveredPopulation, report.Total.CoveredShare));
    }

    [Fact]
    public void No_communities_is_an_empty_report()
    {
        var report = Compute([], Sites("MULTIPOINT((0 0))"), [], 400);

        Assert.Empty(report.Communities);
        Assert.Equal(new CoverageTotal(0, 0, 0, 0), report.Total);
        Assert.True(report.Uncovered.IsEmpty);
        Assert.Equal(1, report.SiteCount);
    }

    private static int CoveredPopulation(Point[] sites, (Point, int)[] cells, double radius)
    {
        var dataset = Build(
            [new Community("c0", "社区", "Community", cells.Sum(c => c.Item2), 1, Box(sites.Concat(cells.Select(c => c.Item1))))],
            sites.Select((p, i) => MakeSite($"s{i}", p, "existing")).ToList(),
            cells.Select((c, i) => new PopulationCell($"p{i}", "c0", c.Item2, c.Item1)).ToList(),
            radius);
        return new BufferCoverageCalculator(dataset).Compute(new CoverageRequest(Category, dataset.LifeCircles.Levels[0])).Total.CoveredPopulation;
    }

    /// <summary>A lon/lat rectangle around the points, as the community that holds them.</summary>
    private static Geometry Box(IEnumerable<Point> points)
    {
        var envelope = new Envelope();
        foreach (var p in points)
        {
            envelope.ExpandToInclude(p.Coordinate);
        }
        envelope.ExpandBy(0.001);
        var box = GeometryFactory.Default.ToGeometry(envelope);
        box.SRID = 4326;
        return box;
    }

    private static CoverageReport Compute(
        IReadOnlyList<(string Wkt, int Population)> communities, IReadOnlyList<Site> sites, IReadOnlyList<(Point Point, int Residents)> cells,
        double radius, SiteStatusFilter status = SiteStatusFilter.All)
    {
        var dataset = Build(
            communities.Select((c, i) => new Community($"c{i}", $"社区{i}", $"Community {i}", c.Population, 1, ToWgs84(GeometryAssert.Read(c.Wkt)))).ToList(),
            sites,
            // Each cell belongs to the first community that holds it.
            cells.Select((c, i) => new PopulationCell(
                $"p{i}",
                $"c{Enumerable.Range(0, communities.Count).First(k => ToWgs84(GeometryAssert.Read(communities[k].Wkt)).Covers(c.Point))}",
                c.Residents, c.Point)).ToList(),
            radius);
        return new BufferCoverageCalculator(dataset).Compute(new CoverageRequest(Category, dataset.LifeCircles.Levels[0], status));
    }

    private static Dataset Build(IReadOnlyList<Community> communities, IReadOnlyList<Site> sites, IReadOnlyList<PopulationCell> cells, double radius)
    {
        var level = new LifeCircleLevel("5min", 5, radius, "五分钟", "5 minutes", [Category]);
        var standard = new LifeCircleStandard("test", [level], [new SiteCategory(Category, "幼儿园", "Kindergarten"), new SiteCategory("clinic", "诊所", "Clinic")]);
        return new Dataset("wkt-tables", LayerRegistry.BuiltIn, new Dictionary<string, IReadOnlyList<IFeature>>(), communities, sites, cells, [], standard);
    }

    private static Site[] Sites(string multipoint) =>
        Points(multipoint).Select((p, i) => MakeSite($"s{i}", p, "existing")).ToArray();

    private static Site MakeSite(string id, Point lonLat, string status, string category = Category) =>
        new(id, id, id, category, status, null, null, lonLat);

    /// <summary>The points of a MULTIPOINT in local metres, in lon/lat.</summary>
    private static Point[] Points(string multipoint)
    {
        var geometry = GeometryAssert.Read(multipoint);
        return Enumerable.Range(0, geometry.NumGeometries).Select(i => (Point)ToWgs84(geometry.GetGeometryN(i))).ToArray();
    }

    private static Point Point(string wkt) => (Point)ToWgs84(GeometryAssert.Read(wkt));

    private static Point Wgs84Point(Coordinate lonLat) => new(lonLat) { SRID = 4326 };

    /// <summary>Local metres of the tables to lon/lat (SRID 4326).</summary>
    private static Geometry ToWgs84(Geometry local)
    {
        var metric = local.Copy();
        metric.Apply(new Shift(OriginE, OriginN));
        metric.GeometryChanged();
        return MetricProjection.ToWgs84(metric);
    }

    /// <summary>EPSG:4544 metres to the local metres of the tables.</summary>
    private static Geometry Local(Geometry metric)
    {
        var local = metric.Copy();
        local.Apply(new Shift(-OriginE, -OriginN));
        local.GeometryChanged();
        local.SRID = 0;
        return local;
    }

    private sealed class Shift(double dx, double dy) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, seq.GetX(i) + dx);
                seq.SetY(i, seq.GetY(i) + dy);
            }
        }
    }
}
