using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Filtering;

/// <summary>A <c>BBOX(…)</c> or <c>{"bbox": […]}</c> literal: four numbers, lower corner then upper, in the filter CRS's axis order.</summary>
internal static class BoxLiteral
{
    public static Polygon Polygon(IReadOnlyList<double> numbers, int position, string? path)
    {
        if (numbers.Count != 4)
        {
            throw new FilterException($"a bbox literal has four numbers (lower corner, upper corner); got {numbers.Count}", position, path);
        }
        var (a1, a2, b1, b2) = (numbers[0], numbers[1], numbers[2], numbers[3]);
        if (a1 > b1 || a2 > b2)
        {
            throw new FilterException("a bbox literal's lower corner comes first: each of its first two numbers is at most the matching one of the last two", position, path);
        }
        // Written as the CRS orders its axes; FilterBuilder.Literal swaps where the CRS puts the second axis first.
        return GeometryFactory.Default.CreatePolygon(
        [
            new Coordinate(a1, a2), new Coordinate(b1, a2), new Coordinate(b1, b2), new Coordinate(a1, b2), new Coordinate(a1, a2),
        ]);
    }
}
