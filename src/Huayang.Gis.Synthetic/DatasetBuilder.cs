using System.Globalization;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Precision;

namespace Huayang.Gis.Synthetic;

/// <summary>
/// One run of the generator. Geometry is authored in the local metric plane
/// (<see cref="LocalPlane"/>) and converted to lon/lat at the end of each step.
/// </summary>
internal sealed class DatasetBuilder
{
    private const string Interpretation =
        "authored reading of 一轴二点、一带三片; the 2019 report does not name the places";

    private static readonly (string Category, double Frequency, string Zh, string En)[] EverydayCategories =
    [
        ("kindergarten", 0.8, "幼儿园", "Kindergarten"),
        ("primary_school", 0.45, "小学", "Primary School"),
        ("middle_school", 0.22, "中学", "Middle School"),
        ("health_centre", 0.3, "社区卫生服务站", "Community Health Station"),
        ("elderly_care", 0.35, "社区养老服务中心", "Elderly Care Centre"),
        ("culture", 0.3, "社区文化活动室", "Culture Room"),
        ("sports", 0.35, "全民健身广场", "Fitness Ground"),
        ("park", 0.15, "社区公园", "Pocket Park"),
    ];

    private readonly int scale;
    private readonly int seed;
    private readonly IProgress<string>? progress;
    private readonly GeometryFactory metric = new(new PrecisionModel(), 0);
    private readonly GeometryFactory wgs84 = new(new PrecisionModel(1e7), 4326);

    private readonly Polygon outline;
    private readonly List<(RiverLine River, LineString Line)> rivers;
    private readonly List<Polygon> lakes;
    private readonly List<(RoadLine Road, LineString Line)> roads;
    private readonly Geometry water;
    private readonly IPreparedGeometry nearWater;

    private Polygon[] communities = [];
    private Geometry[] communitiesMetric = [];
    private IPointOnGeometryLocator[] communityLocators = [];
    private int[] populations = [];

    public DatasetBuilder(int scale, int seed, IProgress<string>? progress)
    {
        this.scale = scale;
        this.seed = seed;
        this.progress = progress;
        outline = MetricOutline(metric);
        rivers = HuayangGeography.Rivers.Select(r => (r, metric.CreateLineString(Coordinates(r.Vertices)))).ToList();
        lakes = HuayangGeography.Lakes.Select(l => Polygon(l.Vertices)).ToList();
        roads = HuayangGeography.Roads.Select(r => (r, metric.CreateLineString(Coordinates(r.Vertices)))).ToList();
        water = UnaryUnionNG.Union(
            rivers.Select(r => r.Line.Buffer(r.River.HalfWidth)).Concat(lakes).ToList(), metric, metric.PrecisionModel);
        nearWater = PreparedGeometryFactory.Prepare(water.Buffer(10));
    }

    /// <summary>
    /// The authored outline of the street in lon/lat (x = longitude), coordinates rounded to 1e-7°:
    /// the area the communities tile, 38.5 km².
    /// </summary>
    public static Polygon OutlineLonLat()
    {
        var wgs84 = new GeometryFactory(new PrecisionModel(1e7), 4326);
        return (Polygon)GeometryPrecisionReducer.ReducePointwise(
            LocalPlane.ToLonLat(MetricOutline(new GeometryFactory()), wgs84), wgs84.PrecisionModel);
    }

    public Dictionary<string, FeatureCollection> Build()
    {
        var layers = new Dictionary<string, FeatureCollection>
        {
            [Layers.Communities] = BuildCommunities(),
            [Layers.Water] = BuildWater(),
            [Layers.Roads] = BuildRoads(),
            [Layers.Plan] = BuildPlan(),
        };
        layers[Layers.Population] = BuildPopulation();
        layers[Layers.Walkways] = BuildWalkways();
        layers[Layers.Sites] = BuildSites();
        return layers;
    }

    private static Polygon MetricOutline(GeometryFactory metric)
    {
        var raw = metric.CreatePolygon(Coordinates(HuayangGeography.Outline, close: true));
        double factor = Math.Sqrt(HuayangGeography.TargetAreaM2 / raw.Area);
        var centre = raw.Centroid.Coordinate;
        var scaled = HuayangGeography.Outline
            .Select(v => (centre.X + (v.X - centre.X) * factor, centre.Y + (v.Y - centre.Y) * factor)).ToArray();
        return metric.CreatePolygon(Coordinates(scaled, close: true));
    }

    private static Coordinate[] Coordinates((double X, double Y)[] vertices, bool close = false)
    {
        var list = vertices.Select(v => new Coordinate(v.X, v.Y)).ToList();
        if (close)
        {
            list.Add(list[0].Copy());
        }

        return list.ToArray();
    }

    private Polygon Polygon((double X, double Y)[] vertices) => metric.CreatePolygon(Coordinates(vertices, close: true));

    private void Report(string message) => progress?.Report(message);

    private Point LonLatPoint(Coordinate metricCoordinate) => wgs84.CreatePoint(LonLatRounded(metricCoordinate));

    /// <summary>Lon/lat of a local coordinate, rounded to the 1e-7° grid the files are written on.</summary>
    private static Coordinate LonLatRounded(Coordinate metricCoordinate)
    {
        var c = LocalPlane.ToLonLat(metricCoordinate);
        return new Coordinate(GeoJsonLayerWriter.Round(c.X), GeoJsonLayerWriter.Round(c.Y));
    }

    private Geometry LonLatReduced(Geometry metricGeometry)
    {
        var reduced = GeometryPrecisionReducer.Reduce(LocalPlane.ToLonLat(metricGeometry, wgs84), wgs84.PrecisionModel);
        return reduced.IsValid ? reduced : throw new InvalidOperationException("A generated geometry is not valid.");
    }

    private static Polygon LargestPolygon(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>()
            .OrderByDescending(p => p.Area).First();

    private static LineString LongestLine(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<LineString>()
            .OrderByDescending(l => l.Length).First();

    private static Feature Feature(Geometry geometry, params (string Name, object? Value)[] attributes)
    {
        var table = new AttributesTable();
        foreach (var (name, value) in attributes)
        {
            table.Add(name, value);
        }

        return new Feature(geometry, table);
    }

    private FeatureCollection BuildCommunities()
    {
        var seeds = HuayangGeography.Communities;
        communities = CommunityTiler.Tile(
            outline, rivers.Select(r => r.Line).ToList(), seeds.Select(s => new Coordinate(s.X, s.Y)).ToList(), metric, wgs84);
        communitiesMetric = communities.Select(c => LocalPlane.ToMetric(c, metric)).ToArray();
        communityLocators = communities.Select(c => (IPointOnGeometryLocator)new IndexedPointInAreaLocator(c)).ToArray();

        var landWeights = communitiesMetric.Select((c, i) => c.Difference(water).Area / 1e6 * seeds[i].Density).ToArray();
        populations = Apportionment.LargestRemainder(HuayangGeography.TotalPopulation / 10, landWeights)
            .Select(p => p * 10).ToArray();

        var random = new Random(seed);
        var features = new FeatureCollection();
        for (int i = 0; i < seeds.Length; i++)
        {
            double perHousehold = 2.3 + 0.5 * random.NextDouble();
            features.Add(Feature(communities[i],
                ("id", seeds[i].Id), ("name_zh", seeds[i].NameZh), ("name_en", seeds[i].NameEn),
                ("population", populations[i]), ("households", (int)Math.Round(populations[i] / perHousehold)),
                ("name_source", seeds[i].RealName ? "real" : "invented")));
        }

        Report(string.Create(CultureInfo.InvariantCulture,
            $"communities: {features.Count}, {outline.Area / 1e6:F2} km², {populations.Sum()} residents"));
        return features;
    }

    private FeatureCollection BuildWater()
    {
        var features = new FeatureCollection();
        foreach (var (river, line) in rivers)
        {
            features.Add(Feature(LonLatReduced(line.Buffer(river.HalfWidth)),
                ("id", river.Id), ("name_zh", river.NameZh), ("name_en", river.NameEn), ("kind", "river")));
        }

        for (int i = 0; i < lakes.Count; i++)
        {
            var lake = HuayangGeography.Lakes[i];
            features.Add(Feature(LonLatReduced(lakes[i]),
                ("id", lake.Id), ("name_zh", lake.NameZh), ("name_en", lake.NameEn), ("kind", "lake")));
        }

        Report($"water: {features.Count} polygons");
        return features;
    }

    private FeatureCollection BuildRoads()
    {
        var clip = outline.Buffer(300);
        var features = new FeatureCollection();
        foreach (var (road, line) in roads)
        {
            features.Add(Feature(LonLatReduced(LongestLine(line.Intersection(clip))),
                ("id", road.Id), ("name_zh", road.NameZh), ("name_en", road.NameEn), ("class", road.Class)));
        }

        Report($"roads: {features.Count} lines");
        return features;
    }

    private FeatureCollection BuildPlan()
    {
        var features = new FeatureCollection();
        var axis = LongestLine(roads.Single(r => r.Road.Id == "tianfu-avenue").Line.Intersection(outline));
        features.Add(PlanFeature(LonLatReduced(axis), "axis-tianfu", "axis", "天府大道发展轴", "Tianfu Avenue Axis",
            "international services, talent and education along the main north–south avenue"));
        features.Add(PlanFeature(LonLatPoint(new Coordinate(HuayangGeography.LuhuPoint.X, HuayangGeography.LuhuPoint.Y)),
            "point-luhu", "point", "麓湖国际社区", "Luhu International Community",
            "lakeside international community: international schools and life services"));
        features.Add(PlanFeature(
            LonLatPoint(new Coordinate(HuayangGeography.OldTownCentre.X, HuayangGeography.OldTownCentre.Y)),
            "point-old-town", "point", "华阳古城（正西街）", "Huayang Old Town (Zhengxi Street)",
            "historic town: culture, community foundations and resident participation"));

        var riverside = UnaryUnionNG.Union(
            rivers.Where(r => r.River.Id is "fu-river" or "jinjiang").Select(r => r.Line.Buffer(HuayangGeography.BeltHalfWidth))
                .ToList(), metric, metric.PrecisionModel);
        features.Add(PlanFeature(LonLatReduced(LargestPolygon(riverside.Intersection(outline))), "belt-jinjiang", "belt",
            "锦江滨水生态带", "Jinjiang Riverside Belt",
            "riverside greenway, parks and sport along the Fu River and the Jinjiang"));

        foreach (var zone in HuayangGeography.Zones)
        {
            features.Add(PlanFeature(LonLatReduced(LargestPolygon(Polygon(zone.Vertices).Intersection(outline))),
                zone.Id, "zone", zone.NameZh, zone.NameEn, zone.Theme));
        }

        Report($"plan: {features.Count} elements");
        return features;
    }

    private static Feature PlanFeature(Geometry geometry, string id, string kind, string zh, string en, string theme) =>
        Feature(geometry, ("id", id), ("kind", kind), ("name_zh", zh), ("name_en", en), ("theme", theme),
            ("interpretation", Interpretation));

    /// <summary>The index of the community whose interior holds <paramref name="lonLat"/>, or -1.</summary>
    private int CommunityOf(Point lonLat) => CommunityOf(lonLat.Coordinate);

    /// <inheritdoc cref="CommunityOf(Point)"/>
    private int CommunityOf(Coordinate lonLat)
    {
        for (int i = 0; i < communities.Length; i++)
        {
            if (communities[i].EnvelopeInternal.Contains(lonLat)
                && communityLocators[i].Locate(lonLat) == Location.Interior)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Relative residential density at a point (local metres), before noise.</summary>
    private double Density(Coordinate p, IPreparedGeometry park, IPreparedGeometry riverside, IPreparedGeometry lakeside)
    {
        var (ox, oy) = HuayangGeography.OldTownCentre;
        double oldTown = Math.Exp(-((p.X - ox) * (p.X - ox) + (p.Y - oy) * (p.Y - oy)) / (2 * 600.0 * 600.0));
        double dx = p.X - HuayangGeography.TianfuAvenueX;
        double avenue = Math.Exp(-dx * dx / (2 * 400.0 * 400.0));
        double w = (1 + 2.0 * oldTown) * (1 + 1.0 * avenue);
        var point = metric.CreatePoint(p);
        if (park.Contains(point))
        {
            w *= 0.05;
        }
        else if (riverside.Contains(point))
        {
            w *= 0.3;
        }

        if (lakeside.Contains(point))
        {
            w *= 0.4;
        }

        return w;
    }

    /// <summary>
    /// One point per grid cell on land, cell side 100 m / √scale, each holding at least one resident
    /// and every community's cells summing exactly to its population. A community with more cells
    /// than residents (a fine grid, scale above about 50) cannot give each cell a resident: its grid
    /// is thinned to as many cells as it has residents, drawn without replacement with probability
    /// following the cell weights, so each kept cell holds one resident and the density pattern
    /// survives in where the cells are. Below that the cells are never thinned, so smaller scales
    /// (and the bundled scale 1) are unchanged.
    /// </summary>
    private FeatureCollection BuildPopulation()
    {
        var random = new Random(seed + 1);
        double cell = 100.0 / Math.Sqrt(scale);
        var park = PreparedGeometryFactory.Prepare(Polygon(HuayangGeography.SouthLakePark));
        var riverside = PreparedGeometryFactory.Prepare(UnaryUnionNG.Union(
            rivers.Select(r => r.Line.Buffer(r.River.HalfWidth + 120)).ToList(), metric, metric.PrecisionModel));
        var lakeside = PreparedGeometryFactory.Prepare(lakes[0].Buffer(200));

        // Lon/lat kept as plain numbers (already on the 1e-7° grid) so that a fine grid stays cheap;
        // points are made only for the cells written.
        var cells = new List<(double Lon, double Lat, int Community, double Weight)>();
        var cellsOf = Enumerable.Range(0, communities.Length).Select(_ => new List<int>()).ToArray();
        var env = outline.EnvelopeInternal;
        for (double y = env.MinY + cell / 2; y < env.MaxY; y += cell)
        {
            for (double x = env.MinX + cell / 2; x < env.MaxX; x += cell)
            {
                var centre = new Coordinate(x, y);
                if (nearWater.Contains(metric.CreatePoint(centre)))
                {
                    continue;
                }

                var lonLat = LonLatRounded(centre);
                int community = CommunityOf(lonLat);
                if (community < 0)
                {
                    continue;
                }

                double noise = Math.Exp(0.4 * Gaussian(random));
                cellsOf[community].Add(cells.Count);
                cells.Add((lonLat.X, lonLat.Y, community, Density(centre, park, riverside, lakeside) * noise));
            }
        }

        Report(string.Create(CultureInfo.InvariantCulture,
            $"population: {cells.Count} grid cells of {cell:F1} m on land, apportioning residents"));

        var thinning = new Random(seed + 5);
        var residents = new int[cells.Count];
        int thinned = 0;
        for (int c = 0; c < communities.Length; c++)
        {
            var mine = cellsOf[c];
            if (mine.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Community {HuayangGeography.Communities[c].Id} has no population cells.");
            }

            if (mine.Count > populations[c])
            {
                var kept = Apportionment.WeightedSample(populations[c], mine.Select(i => cells[i].Weight).ToList(), thinning);
                mine = kept.Select(k => mine[k]).ToList();
                thinned++;
            }

            var shares = Apportionment.LargestRemainder(populations[c] - mine.Count, mine.Select(i => cells[i].Weight).ToList());
            for (int k = 0; k < mine.Count; k++)
            {
                residents[mine[k]] = 1 + shares[k];
            }
        }

        var features = new FeatureCollection();
        int total = 0;
        for (int i = 0; i < cells.Count; i++)
        {
            if (residents[i] == 0)
            {
                continue;
            }

            total += residents[i];
            features.Add(Feature(wgs84.CreatePoint(new Coordinate(cells[i].Lon, cells[i].Lat)),
                ("id", "pop-" + (features.Count + 1).ToString("D6", CultureInfo.InvariantCulture)),
                ("community_id", HuayangGeography.Communities[cells[i].Community].Id),
                ("residents", residents[i])));
        }

        string thinnedNote = thinned == 0 ? "" : $", {thinned} communities thinned to one resident per cell";
        Report(string.Create(CultureInfo.InvariantCulture,
            $"population: {features.Count} cells of {cell:F1} m, {total} residents{thinnedNote}"));
        return features;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private FeatureCollection BuildWalkways()
    {
        var builder = new WalkwayNetworkBuilder(outline, rivers, lakes, water, roads, metric, wgs84);
        var edges = builder.Build(new Random(seed + 2));
        var features = new FeatureCollection();
        for (int i = 0; i < edges.Count; i++)
        {
            features.Add(Feature(edges[i].Line,
                ("id", "walk-" + (i + 1).ToString("D5", CultureInfo.InvariantCulture)), ("kind", edges[i].Kind),
                ("name_zh", edges[i].NameZh), ("name_en", edges[i].NameEn)));
        }

        Report(string.Create(CultureInfo.InvariantCulture,
            $"walkways: {features.Count} edges, {builder.Bridges.Count} bridges, {builder.DroppedEdges} edges off the main network dropped"));
        return features;
    }

    private FeatureCollection BuildSites()
    {
        var features = new FeatureCollection();
        foreach (var site in HuayangGeography.NamedSites)
        {
            var point = LonLatPoint(new Coordinate(site.X, site.Y));
            int community = CommunityOf(point);
            if (community < 0 || nearWater.Contains(metric.CreatePoint(new Coordinate(site.X, site.Y))))
            {
                throw new InvalidOperationException($"Site {site.Id} is outside the communities or in the water.");
            }

            features.Add(SiteFeature(point, site.Id, site.NameZh, site.NameEn, site.Category, site.Status, site.Capacity,
                site.PlanElement, community));
        }

        var draws = new Random(seed + 3);
        var places = new Random(seed + 4);
        var park = Polygon(HuayangGeography.SouthLakePark);
        var avoid = UnaryUnionNG.Union([water.Buffer(30), park], metric, metric.PrecisionModel);
        for (int c = 0; c < communities.Length; c++)
        {
            var seedRow = HuayangGeography.Communities[c];
            var land = communitiesMetric[c].Buffer(-40).Difference(avoid);
            var area = PreparedGeometryFactory.Prepare(land);
            string baseZh = seedRow.NameZh.EndsWith("社区", StringComparison.Ordinal) ? seedRow.NameZh[..^2] : seedRow.NameZh;
            string baseEn = seedRow.NameEn.Replace(" Community", "", StringComparison.Ordinal);
            var numbering = new Dictionary<string, int>();
            foreach (var (category, status, nameZh, nameEn, capacity) in EverydaySites(seedRow, draws))
            {
                for (int r = 0; r < scale; r++)
                {
                    int number = numbering[category] = numbering.GetValueOrDefault(category) + 1;
                    var point = PlaceIn(area, land.EnvelopeInternal, places, c);
                    features.Add(SiteFeature(point, $"site-{seedRow.Id}-{category}-{number}",
                        baseZh + nameZh + (number > 1 ? $"（{number}）" : ""),
                        baseEn + " " + nameEn + (number > 1 ? $" ({number})" : ""),
                        category, status, capacity, null, c));
                }
            }
        }

        int planned = features.Count(f => (string)f.Attributes["status"] == "planned");
        Report($"sites: {features.Count} points, {planned} planned");
        return features;
    }

    /// <summary>The everyday facilities a community has or plans, drawn by its service level.</summary>
    private static List<(string Category, string Status, string Zh, string En, int? Capacity)> EverydaySites(
        CommunitySeed community, Random random)
    {
        double level = community.Service switch { 'A' => 1.6, 'B' => 1.0, _ => 0.35 };
        double plannedShare = community.Service switch { 'A' => 0.1, 'B' => 0.18, _ => 0.4 };
        var sites = new List<(string, string, string, string, int?)>
        {
            ("community_service", "existing", "社区党群服务中心", "Community Service Centre", null),
        };
        foreach (var (category, frequency, zh, en) in EverydayCategories)
        {
            double expected = frequency * level;
            int count = (int)Math.Floor(expected) + (random.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);
            if (count == 0 && community.Service == 'C' && category is "kindergarten" or "primary_school"
                && random.NextDouble() < 0.75)
            {
                sites.Add((category, "planned", zh, en, Capacity(category, random)));
                continue;
            }

            for (int k = 0; k < count; k++)
            {
                string status = random.NextDouble() < plannedShare ? "planned" : "existing";
                sites.Add((category, status, zh, en, Capacity(category, random)));
            }
        }

        return sites;
    }

    private static int? Capacity(string category, Random random) => category switch
    {
        "kindergarten" => 180 + 30 * random.Next(0, 7),
        "primary_school" => 1080 + 270 * random.Next(0, 5),
        "middle_school" => 1200 + 300 * random.Next(0, 5),
        "elderly_care" => 40 + 20 * random.Next(0, 7),
        _ => null,
    };

    private Point PlaceIn(IPreparedGeometry area, Envelope envelope, Random random, int community)
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            var candidate = new Coordinate(
                envelope.MinX + random.NextDouble() * envelope.Width, envelope.MinY + random.NextDouble() * envelope.Height);
            if (!area.Contains(metric.CreatePoint(candidate)))
            {
                continue;
            }

            var point = LonLatPoint(candidate);
            if (CommunityOf(point) == community)
            {
                return point;
            }
        }

        throw new InvalidOperationException($"No room for a site in community {HuayangGeography.Communities[community].Id}.");
    }

    private Feature SiteFeature(
        Point point, string id, string zh, string en, string category, string status, int? capacity, string? planElement,
        int community) =>
        Feature(point, ("id", id), ("name_zh", zh), ("name_en", en), ("category", category), ("status", status),
            ("capacity", capacity), ("plan_element", planElement),
            ("community_id", HuayangGeography.Communities[community].Id));
}
