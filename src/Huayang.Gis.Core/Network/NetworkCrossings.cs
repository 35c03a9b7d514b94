using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Huayang.Gis.Core.Network;

/// <summary>Two walkways that cross (or touch) where neither has a vertex, so the network does not connect them there.</summary>
/// <param name="Position">Where they cross, WGS84 lon/lat.</param>
public sealed record WalkwayCrossing(int FirstIndex, string FirstId, int SecondIndex, string SecondId, Coordinate Position);

/// <summary>
/// Finds the places where walkway lines meet without a shared vertex. The walking network joins lines only at shared
/// vertices, so such a place is a deliberate over- or underpass (a bridge over a path) or a missing vertex; either way
/// the user should know. Segments are indexed in an STR-tree, so the work grows with the crossings, not with every pair.
/// </summary>
public static class NetworkCrossings
{
    private sealed record Segment(int Feature, Coordinate A, Coordinate B);

    /// <summary>The crossings between the features' lines (WGS84), at most <paramref name="limit"/>, in feature order.</summary>
    public static IReadOnlyList<WalkwayCrossing> Find(IReadOnlyList<IFeature> walkways, int limit = 1000)
    {
        var tree = new STRtree<Segment>();
        var segments = new List<Segment>();
        var vertices = new HashSet<(double, double)>[walkways.Count];
        for (var f = 0; f < walkways.Count; f++)
        {
            vertices[f] = [];
            var geometry = walkways[f].Geometry;
            for (var g = 0; g < geometry.NumGeometries; g++)
            {
                if (geometry.GetGeometryN(g) is not LineString line)
                {
                    continue;
                }

                var coordinates = line.Coordinates;
                for (var i = 0; i < coordinates.Length; i++)
                {
                    vertices[f].Add((coordinates[i].X, coordinates[i].Y));
                    if (i > 0 && !coordinates[i].Equals2D(coordinates[i - 1]))
                    {
                        var segment = new Segment(f, coordinates[i - 1], coordinates[i]);
                        segments.Add(segment);
                        tree.Insert(new Envelope(segment.A, segment.B), segment);
                    }
                }
            }
        }

        if (walkways.Count == 0)
        {
            return [];
        }

        tree.Build();
        var found = new SortedDictionary<(int, int, double, double), WalkwayCrossing>();
        var intersector = new NetTopologySuite.Algorithm.RobustLineIntersector();
        foreach (var segment in segments)
        {
            foreach (var other in tree.Query(new Envelope(segment.A, segment.B)))
            {
                if (other.Feature <= segment.Feature)
                {
                    continue;
                }

                intersector.ComputeIntersection(segment.A, segment.B, other.A, other.B);
                for (var i = 0; i < intersector.IntersectionNum; i++)
                {
                    var point = intersector.GetIntersection(i);
                    var key = (point.X, point.Y);
                    // Connected when both lines have a vertex there.
                    if (vertices[segment.Feature].Contains(key) && vertices[other.Feature].Contains(key))
                    {
                        continue;
                    }

                    found.TryAdd((segment.Feature, other.Feature, point.X, point.Y), new WalkwayCrossing(
                        segment.Feature, IdOf(walkways[segment.Feature]), other.Feature, IdOf(walkways[other.Feature]), point.Copy()));
                }
            }
        }

        return found.Values.Take(limit).ToList();
    }

    private static string IdOf(IFeature feature) => feature.Attributes?["id"]?.ToString() ?? "";
}
