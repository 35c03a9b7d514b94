using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.IO.Formats;

/// <summary>Compares two datasets feature by feature: ids, attributes and geometries within a tolerance in degrees.</summary>
internal static class DatasetAssert
{
    /// <param name="attributes">Which attributes of an expected feature to compare, by layer and name.</param>
    public static void Same(Dataset expected, Dataset actual, double tolerance, Func<string, string, bool> attributes)
    {
        Assert.Equal(expected.Layers.Keys.Order(), actual.Layers.Keys.Order());
        foreach (var (layer, features) in expected.Layers)
        {
            var other = actual.Layers[layer];
            Assert.True(features.Count == other.Count, $"{layer}: {features.Count} features expected, {other.Count} read");
            for (var i = 0; i < features.Count; i++)
            {
                SameFeature(layer, i, features[i], other[i], tolerance, attributes);
            }
        }

        Assert.Equal(expected.Sites.Select(s => (s.Id, s.Category, s.Status, s.Capacity, s.PlanElementId)),
            actual.Sites.Select(s => (s.Id, s.Category, s.Status, s.Capacity, s.PlanElementId)));
        Assert.Equal(expected.Communities.Select(c => (c.Id, c.NameZh, c.Population, c.Households)),
            actual.Communities.Select(c => (c.Id, c.NameZh, c.Population, c.Households)));
        Assert.Equal(expected.Population.Select(p => (p.Id, p.CommunityId, p.Residents)),
            actual.Population.Select(p => (p.Id, p.CommunityId, p.Residents)));
        Assert.All(actual.Layers.Values.SelectMany(f => f), f => Assert.Equal(4326, f.Geometry.SRID));
    }

    private static void SameFeature(
        string layer, int index, IFeature expected, IFeature actual, double tolerance, Func<string, string, bool> attributes)
    {
        var where = $"{layer} #{index} ({expected.Attributes["id"]})";
        Assert.True(Equals(expected.Attributes["id"], actual.Attributes["id"]),
            $"{where}: id read as {actual.Attributes["id"]}");
        foreach (var name in expected.Attributes.GetNames().Where(n => attributes(layer, n)))
        {
            Assert.True(actual.Attributes.Exists(name), $"{where}: no attribute {name}");
            var (want, got) = (expected.Attributes[name], actual.Attributes[name]);
            Assert.True(Equals(want, got) || (want is double d && got is double e && Math.Abs(d - e) < 1e-9),
                $"{where}: {name} is {Show(got)}, expected {Show(want)}");
        }

        SameGeometry(where, expected.Geometry, actual.Geometry, tolerance);
    }

    public static void SameGeometry(string where, Geometry expected, Geometry actual, double tolerance)
    {
        Assert.True(expected.GeometryType == actual.GeometryType,
            $"{where}: {actual.GeometryType} read, {expected.GeometryType} expected");
        var a = expected.Copy();
        var b = actual.Copy();
        a.Normalize();
        b.Normalize();
        var ca = a.Coordinates;
        var cb = b.Coordinates;
        Assert.True(ca.Length == cb.Length, $"{where}: {cb.Length} coordinates read, {ca.Length} expected");
        var worst = ca.Zip(cb, (p, q) => Math.Max(Math.Abs(p.X - q.X), Math.Abs(p.Y - q.Y))).Max();
        Assert.True(worst <= tolerance, $"{where}: a coordinate is {worst:R} degrees off (tolerance {tolerance:R})");
    }

    private static string Show(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";
}
