using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Huayang.Gis.Tests.Support;

/// <summary>
/// Geometry comparisons for WKT-in, WKT-out theory tables, as NetTopologySuite's own tests write them: the expected
/// value is WKT (or null for "nothing"), the actual one is compared vertex by vertex within a tolerance after both
/// are normalized (ring start, ring orientation and the order of parts do not count), and a failure shows both as
/// WKT. Shared by the Core and Rendering tests.
/// </summary>
internal static class GeometryAssert
{
    private static readonly WKTReader Reader = new();

    /// <summary>A geometry from WKT; throws on bad WKT so that a typo in a table is not a passing test.</summary>
    public static Geometry Read(string wkt) => Reader.Read(wkt);

    /// <summary>
    /// <paramref name="actual"/> is <paramref name="expectedWkt"/>: same type and structure, every vertex within
    /// <paramref name="tolerance"/> of the expected one after normalizing both. An expected <c>null</c> means
    /// "no geometry"; an expected EMPTY requires an empty geometry of that type.
    /// </summary>
    public static void Equal(string? expectedWkt, Geometry? actual, double tolerance)
    {
        if (expectedWkt is null)
        {
            Assert.True(actual is null, $"expected no geometry, got {Show(actual)}");
            return;
        }
        Assert.True(actual is not null, $"expected {expectedWkt}, got no geometry");
        Equal(Read(expectedWkt), actual!, tolerance);
    }

    /// <summary>As <see cref="Equal(string?, Geometry?, double)"/> with the expected value as a geometry.</summary>
    public static void Equal(Geometry expected, Geometry actual, double tolerance)
    {
        var want = expected.Copy();
        var got = actual.Copy();
        want.Normalize();
        got.Normalize();
        if (!want.EqualsExact(got, tolerance))
        {
            Assert.Fail($"geometries differ (tolerance {tolerance.ToString("R", CultureInfo.InvariantCulture)})\n"
                + $"expected: {Show(want)}\n"
                + $"actual:   {Show(got)}");
        }
    }

    /// <summary>
    /// <paramref name="actual"/> covers the same point set as <paramref name="expected"/>: the area (or length) of
    /// their symmetric difference is at most <paramref name="tolerance"/>. For results whose vertices are not
    /// predictable (noding, Voronoi), where the expected value is the shape.
    /// </summary>
    public static void SameShape(Geometry expected, Geometry actual, double tolerance)
    {
        var difference = expected.SymmetricDifference(actual);
        var size = expected.Dimension == Dimension.Surface ? difference.Area : difference.Length;
        Assert.True(size <= tolerance,
            $"shapes differ by {size.ToString("R", CultureInfo.InvariantCulture)} (tolerance {tolerance.ToString("R", CultureInfo.InvariantCulture)})\n"
            + $"expected: {Show(expected)}\n"
            + $"actual:   {Show(actual)}");
    }

    /// <summary>
    /// Vertex-by-vertex equality within a tolerance, in the given order and orientation
    /// (<see cref="Geometry.EqualsExact(Geometry, double)"/>), for <c>Assert.Equal(expected, actual, comparer)</c>,
    /// which shows both geometries as WKT when they differ.
    /// </summary>
    public static IEqualityComparer<Geometry> ExactWithin(double tolerance) => new ExactComparer(tolerance);

    private sealed class ExactComparer(double tolerance) : IEqualityComparer<Geometry>
    {
        public bool Equals(Geometry? x, Geometry? y) => x is null || y is null ? x is null && y is null : x.EqualsExact(y, tolerance);

        /// <summary>Equal geometries may differ within the tolerance: one bucket (the comparer is for assertions, not for sets).</summary>
        public int GetHashCode(Geometry obj) => 0;
    }

    /// <summary>WKT with the shortest round-trip numbers, or "null".</summary>
    public static string Show(Geometry? geometry) => geometry is null ? "null" : new WKTWriter { MaxCoordinatesPerLine = int.MaxValue }.Write(geometry);
}
