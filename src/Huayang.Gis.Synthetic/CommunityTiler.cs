using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;
using NetTopologySuite.Triangulate;

namespace Huayang.Gis.Synthetic;

/// <summary>
/// Tiles an outline into one polygon per seed with no gaps and no overlaps. River centre lines
/// split the outline into regions; inside each region the seeds of that region share it as a
/// Voronoi diagram, so rivers become community boundaries. All linework is noded once, in lon/lat
/// on the 1e-7° grid, and polygonized: neighbouring polygons share exactly the same vertices.
/// </summary>
internal static class CommunityTiler
{
    /// <summary>One lon/lat polygon per seed (same order), vertices on the grid of <paramref name="wgs84"/>'s precision model.</summary>
    public static Polygon[] Tile(
        Polygon outline, IReadOnlyList<LineString> rivers, IReadOnlyList<Coordinate> seeds,
        GeometryFactory metric, GeometryFactory wgs84)
    {
        var regions = SplitByRivers(outline, rivers, metric);
        var regionOfSeed = seeds.Select(s => IndexOfContaining(regions, metric.CreatePoint(s))).ToArray();

        var linework = new List<Geometry> { outline.Boundary };
        linework.AddRange(rivers.Select(r => r.Intersection(outline)));
        for (int r = 0; r < regions.Count; r++)
        {
            var regionSeeds = Enumerable.Range(0, seeds.Count).Where(i => regionOfSeed[i] == r).Select(i => seeds[i]).ToList();
            if (regionSeeds.Count < 2)
            {
                continue;
            }

            var builder = new VoronoiDiagramBuilder();
            builder.SetSites(regionSeeds);
            var clip = new Envelope(outline.EnvelopeInternal);
            clip.ExpandBy(2000);
            builder.ClipEnvelope = clip;
            var diagram = builder.GetDiagram(metric);
            for (int c = 0; c < diagram.NumGeometries; c++)
            {
                linework.Add(diagram.GetGeometryN(c).Boundary.Intersection(regions[r]));
            }
        }

        var lonLatLines = linework.Select(g => LocalPlane.ToLonLat(g, wgs84));
        var noded = UnaryUnionNG.Union(lonLatLines, wgs84, wgs84.PrecisionModel);
        var polygonizer = new Polygonizer();
        polygonizer.Add(noded);
        var faces = polygonizer.GetPolygons().Cast<Polygon>().ToList();

        var outlineLonLat = LocalPlane.ToLonLat(outline, wgs84);
        var owner = new int[faces.Count];
        for (int f = 0; f < faces.Count; f++)
        {
            var inside = (Point)LocalPlane.ToMetric(faces[f].InteriorPoint, metric);
            if (!outline.Contains(inside))
            {
                owner[f] = -1;
                continue;
            }

            int region = IndexOfContaining(regions, inside);
            owner[f] = Nearest(seeds, inside.Coordinate, i => regionOfSeed[i] == region)
                ?? Nearest(seeds, inside.Coordinate, _ => true)!.Value;
        }

        var polygons = Merge(faces, owner, seeds.Count, wgs84);
        for (int pass = 0; pass < 5 && polygons.Any(p => p.NumGeometries > 1); pass++)
        {
            ReassignDetachedParts(faces, owner, polygons, seeds, wgs84);
            polygons = Merge(faces, owner, seeds.Count, wgs84);
        }

        var result = new Polygon[seeds.Count];
        for (int i = 0; i < seeds.Count; i++)
        {
            if (polygons[i] is not Polygon polygon || polygon.NumInteriorRings > 0 || !polygon.IsValid)
            {
                throw new InvalidOperationException($"Community {i} did not come out as one valid polygon without holes.");
            }

            result[i] = polygon;
        }

        if (Math.Abs(result.Sum(p => p.Area) - outlineLonLat.Area) > outlineLonLat.Area * 1e-4)
        {
            throw new InvalidOperationException("The communities do not tile the outline.");
        }

        return result;
    }

    private static List<Polygon> SplitByRivers(Polygon outline, IReadOnlyList<LineString> rivers, GeometryFactory metric)
    {
        var lines = new List<Geometry> { outline.Boundary };
        lines.AddRange(rivers.Select(r => r.Intersection(outline)));
        var polygonizer = new Polygonizer();
        polygonizer.Add(UnaryUnionNG.Union(lines, metric, metric.PrecisionModel));
        return polygonizer.GetPolygons().Cast<Polygon>().Where(p => outline.Contains(p.InteriorPoint)).ToList();
    }

    private static int IndexOfContaining(IReadOnlyList<Polygon> polygons, Point point)
    {
        for (int i = 0; i < polygons.Count; i++)
        {
            if (polygons[i].Contains(point))
            {
                return i;
            }
        }

        int best = 0;
        for (int i = 1; i < polygons.Count; i++)
        {
            if (polygons[i].Distance(point) < polygons[best].Distance(point))
            {
                best = i;
            }
        }

        return best;
    }

    private static int? Nearest(IReadOnlyList<Coordinate> seeds, Coordinate c, Func<int, bool> allowed)
    {
        int? best = null;
        for (int i = 0; i < seeds.Count; i++)
        {
            if (allowed(i) && (best is null || seeds[i].Distance(c) < seeds[best.Value].Distance(c)))
            {
                best = i;
            }
        }

        return best;
    }

    private static Geometry[] Merge(List<Polygon> faces, int[] owner, int count, GeometryFactory wgs84)
    {
        var merged = new Geometry[count];
        for (int i = 0; i < count; i++)
        {
            var mine = faces.Where((_, f) => owner[f] == i).Cast<Geometry>().ToList();
            if (mine.Count == 0)
            {
                throw new InvalidOperationException($"Community {i} received no land.");
            }

            merged[i] = UnaryUnionNG.Union(mine, wgs84, wgs84.PrecisionModel);
        }

        return merged;
    }

    /// <summary>
    /// A Voronoi cell clipped to a concave region can fall apart; each part without the seed goes
    /// to the neighbour it shares the longest boundary with.
    /// </summary>
    private static void ReassignDetachedParts(
        List<Polygon> faces, int[] owner, Geometry[] polygons, IReadOnlyList<Coordinate> seeds, GeometryFactory wgs84)
    {
        for (int i = 0; i < polygons.Length; i++)
        {
            if (polygons[i].NumGeometries < 2)
            {
                continue;
            }

            var seed = wgs84.CreatePoint(LocalPlane.ToLonLat(seeds[i]));
            int keep = Enumerable.Range(0, polygons[i].NumGeometries)
                .OrderByDescending(q => polygons[i].GetGeometryN(q).Distance(seed) == 0)
                .ThenByDescending(q => polygons[i].GetGeometryN(q).Area)
                .First();
            for (int p = 0; p < polygons[i].NumGeometries; p++)
            {
                if (p == keep)
                {
                    continue;
                }

                var part = polygons[i].GetGeometryN(p);
                int target = -1;
                double longest = 0;
                for (int j = 0; j < polygons.Length; j++)
                {
                    if (j == i)
                    {
                        continue;
                    }

                    double shared = part.Boundary.Intersection(polygons[j].Boundary).Length;
                    if (shared > longest)
                    {
                        longest = shared;
                        target = j;
                    }
                }

                if (target < 0)
                {
                    continue;
                }

                for (int f = 0; f < faces.Count; f++)
                {
                    if (owner[f] == i && part.Contains(faces[f].InteriorPoint))
                    {
                        owner[f] = target;
                    }
                }
            }
        }
    }
}
