using NetTopologySuite.Geometries;
using NetTopologySuite.LinearReferencing;
using NetTopologySuite.Operation.OverlayNG;

namespace Huayang.Gis.Synthetic;

/// <summary>A bridge across a river, in local metres, with its names.</summary>
internal sealed record Bridge(LineString Line, string NameZh, string NameEn);

/// <summary>One edge of the walk network in lon/lat: junction to junction.</summary>
/// <param name="Kind"><c>street</c>, <c>path</c> or <c>bridge</c>.</param>
internal sealed record WalkEdge(LineString Line, string Kind, string? NameZh, string? NameEn);

/// <summary>
/// Authors the pedestrian network: a slightly irregular street grid clipped to the outline and
/// kept out of the water, riverside and lakeside paths 15 m from the water's edge, and bridges
/// where roads cross the rivers plus footbridges so that crossings are at most about 800 m apart.
/// Everything is noded once in lon/lat on the 1e-7° grid, so edges meet at exactly shared
/// endpoints; short dead-end stubs are trimmed and only the largest connected part is kept.
/// </summary>
internal sealed class WalkwayNetworkBuilder(
    Polygon outline, IReadOnlyList<(RiverLine River, LineString Line)> rivers, IReadOnlyList<Polygon> lakes,
    Geometry water, IReadOnlyList<(RoadLine Road, LineString Line)> roads, GeometryFactory metric, GeometryFactory wgs84)
{
    private const double GridSpacing = 200;
    private const double StreetSetback = 5;
    private const double PathSetback = 15;
    private const double BridgeOverhang = 30;
    private const double MaxBridgeGap = 800;
    private const double StubLength = 40;

    private static readonly string[] ChineseNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    public IReadOnlyList<Bridge> Bridges { get; private set; } = [];

    public int DroppedEdges { get; private set; }

    public List<WalkEdge> Build(Random random)
    {
        var streets = Grid(random).Intersection(outline).Difference(water.Buffer(StreetSetback));
        var riverBanks = UnionAll(rivers.Select(r => r.Line.Buffer(r.River.HalfWidth + PathSetback))).Boundary;
        var lakeShores = UnionAll(lakes.Select(l => l.Buffer(PathSetback))).Boundary;
        var paths = riverBanks.Union(lakeShores).Intersection(outline);
        Bridges = PlaceBridges();

        var lines = new List<Geometry> { streets, paths };
        lines.AddRange(Bridges.Select(b => b.Line));
        var noded = UnaryUnionNG.Union(lines.Select(l => LocalPlane.ToLonLat(l, wgs84)), wgs84, wgs84.PrecisionModel);
        var edges = SplitAtEndpoints(LineStrings(noded));
        edges = TrimStubs(edges);
        var kept = LargestComponent(edges);
        DroppedEdges = edges.Count - kept.Count;
        return kept.Select(e => Classify(e, paths)).ToList();
    }

    private Geometry Grid(Random random)
    {
        var env = outline.EnvelopeInternal;
        var lines = new List<LineString>();
        for (double x = env.MinX - 100; x <= env.MaxX + 100; x += GridSpacing)
        {
            double x0 = x + Jitter(random, 35);
            var vertices = new List<Coordinate>();
            for (double y = env.MinY - 100; y < env.MaxY + 800; y += 700)
            {
                vertices.Add(new Coordinate(x0 + Jitter(random, 12), y));
            }

            lines.Add(metric.CreateLineString(vertices.ToArray()));
        }

        for (double y = env.MinY - 100; y <= env.MaxY + 100; y += GridSpacing)
        {
            double y0 = y + Jitter(random, 35);
            var vertices = new List<Coordinate>();
            for (double x = env.MinX - 100; x < env.MaxX + 800; x += 700)
            {
                vertices.Add(new Coordinate(x, y0 + Jitter(random, 12)));
            }

            lines.Add(metric.CreateLineString(vertices.ToArray()));
        }

        return metric.CreateMultiLineString(lines.ToArray());
    }

    private static double Jitter(Random random, double amplitude) => (random.NextDouble() * 2 - 1) * amplitude;

    private Geometry UnionAll(IEnumerable<Geometry> geometries) =>
        UnaryUnionNG.Union(geometries.ToList(), metric, metric.PrecisionModel);

    private List<Bridge> PlaceBridges()
    {
        var confluence = metric.CreatePoint(new Coordinate(HuayangGeography.Confluence.X, HuayangGeography.Confluence.Y));
        var bridges = new List<Bridge>();
        foreach (var (river, line) in rivers)
        {
            var inside = LineStrings(line.Intersection(outline)).OrderByDescending(l => l.Length).First();
            var indexed = new LengthIndexedLine(inside);
            var stations = new List<(double At, RoadLine? Road)>();
            foreach (var (road, roadLine) in roads)
            {
                foreach (var crossing in inside.Intersection(roadLine).Coordinates)
                {
                    stations.Add((indexed.Project(crossing), road));
                }
            }

            var known = stations.Select(s => s.At).Append(0).Append(inside.Length).OrderBy(a => a).ToList();
            for (int i = 0; i + 1 < known.Count; i++)
            {
                double gap = known[i + 1] - known[i];
                int extra = (int)Math.Ceiling(gap / MaxBridgeGap) - 1;
                for (int k = 1; k <= extra; k++)
                {
                    stations.Add((known[i] + gap * k / (extra + 1), null));
                }
            }

            int footbridge = 0;
            foreach (var (at, road) in stations.OrderBy(s => s.At))
            {
                var centre = indexed.ExtractPoint(at);
                if (metric.CreatePoint(centre).Distance(confluence) < 250 || at < 80 || at > inside.Length - 80)
                {
                    continue;
                }

                var before = indexed.ExtractPoint(Math.Max(0, at - 10));
                var after = indexed.ExtractPoint(Math.Min(inside.Length, at + 10));
                double dx = after.X - before.X, dy = after.Y - before.Y, norm = Math.Sqrt(dx * dx + dy * dy);
                double half = river.HalfWidth + PathSetback + BridgeOverhang;
                var bridgeLine = metric.CreateLineString(
                [
                    new Coordinate(centre.X - dy / norm * half, centre.Y + dx / norm * half),
                    new Coordinate(centre.X + dy / norm * half, centre.Y - dx / norm * half),
                ]);
                if (road is not null)
                {
                    string bridgeZh = river.NameZh == "锦江" ? "锦江大桥" : river.NameZh + "桥";
                    bridges.Add(new Bridge(bridgeLine, road.NameZh + bridgeZh, $"{road.NameEn} {river.NameEn} Bridge"));
                }
                else
                {
                    footbridge++;
                    bridges.Add(new Bridge(bridgeLine, $"{river.NameZh}{ChineseNumerals[footbridge - 1]}号人行桥",
                        $"{river.NameEn} Footbridge No. {footbridge}"));
                }
            }
        }

        return bridges;
    }

    private static List<LineString> LineStrings(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<LineString>()
            .Where(l => l.NumPoints >= 2 && l.Length > 0).ToList();

    /// <summary>Splits lines at interior vertices where another line ends, so every junction is an endpoint.</summary>
    private List<LineString> SplitAtEndpoints(List<LineString> lines)
    {
        var ends = new HashSet<Coordinate>();
        foreach (var l in lines)
        {
            ends.Add(l.StartPoint.Coordinate);
            ends.Add(l.EndPoint.Coordinate);
        }

        var result = new List<LineString>();
        foreach (var l in lines)
        {
            var current = new List<Coordinate> { l.GetCoordinateN(0) };
            for (int i = 1; i < l.NumPoints; i++)
            {
                var c = l.GetCoordinateN(i);
                current.Add(c);
                if (i < l.NumPoints - 1 && ends.Contains(c))
                {
                    result.Add(wgs84.CreateLineString(current.ToArray()));
                    current = [c];
                }
            }

            result.Add(wgs84.CreateLineString(current.ToArray()));
        }

        return result;
    }

    private double MetricLength(LineString lonLat) => LocalPlane.ToMetric(lonLat, metric).Length;

    private List<LineString> TrimStubs(List<LineString> edges)
    {
        var current = edges;
        while (true)
        {
            var degree = new Dictionary<Coordinate, int>();
            foreach (var e in current)
            {
                degree[e.StartPoint.Coordinate] = degree.GetValueOrDefault(e.StartPoint.Coordinate) + 1;
                degree[e.EndPoint.Coordinate] = degree.GetValueOrDefault(e.EndPoint.Coordinate) + 1;
            }

            var next = current.Where(e =>
                !((degree[e.StartPoint.Coordinate] == 1 || degree[e.EndPoint.Coordinate] == 1) && MetricLength(e) < StubLength))
                .ToList();
            if (next.Count == current.Count)
            {
                return next;
            }

            current = next;
        }
    }

    private static List<LineString> LargestComponent(List<LineString> edges)
    {
        var index = new Dictionary<Coordinate, int>();
        int Node(Coordinate c)
        {
            if (!index.TryGetValue(c, out int i))
            {
                i = index.Count;
                index[c] = i;
            }

            return i;
        }

        var pairs = edges.Select(e => (Node(e.StartPoint.Coordinate), Node(e.EndPoint.Coordinate))).ToList();
        var parent = Enumerable.Range(0, index.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        foreach (var (a, b) in pairs)
        {
            parent[Find(a)] = Find(b);
        }

        var sizes = pairs.GroupBy(p => Find(p.Item1)).ToDictionary(g => g.Key, g => g.Count());
        int largest = sizes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
        return edges.Where((_, i) => Find(pairs[i].Item1) == largest).ToList();
    }

    private WalkEdge Classify(LineString edge, Geometry paths)
    {
        var metricEdge = (LineString)LocalPlane.ToMetric(edge, metric);
        var middle = metric.CreatePoint(new LengthIndexedLine(metricEdge).ExtractPoint(metricEdge.Length / 2));
        foreach (var bridge in Bridges)
        {
            if (bridge.Line.Distance(middle) < 0.5)
            {
                return new WalkEdge(edge, "bridge", bridge.NameZh, bridge.NameEn);
            }
        }

        return paths.Distance(middle) < 0.5
            ? new WalkEdge(edge, "path", null, null)
            : new WalkEdge(edge, "street", null, null);
    }
}
