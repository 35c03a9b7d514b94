using System.Globalization;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Synthetic;

/// <summary>
/// A city made of copies of the generated street, side by side on a grid with a gap between them, for benchmarks that
/// need everything to grow together: communities, residents, population cells, walkways, roads, water, plan and sites
/// are all multiplied by the number of copies (45 copies of the street's 444,000 residents make a city of 20 million).
/// Copy 0 is the street unchanged; copy k (k ≥ 1) has every id and every reference to an id suffixed with <c>-c{k}</c>
/// and its names numbered (<c>正西社区·2</c>, <c>Zhengxi 2</c>). No walkway joins two copies: they are separate
/// networks, as two districts 2 km apart are for a walk of at most 15 minutes.
/// </summary>
internal static class CityTiler
{
    /// <summary>The gap between two copies, in degrees (about 2 km), wider than the longest life-circle radius.</summary>
    private const double GapDegrees = 0.02;

    /// <summary>The fields that hold the id of another feature, rewritten with the copy's suffix.</summary>
    private static readonly string[] ReferenceFields = ["community_id", "plan_element"];

    private static readonly string[] NameFields = ["name_zh", "name_en"];

    public static Dictionary<string, FeatureCollection> Tile(IReadOnlyDictionary<string, FeatureCollection> street, int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        var extent = new Envelope();
        foreach (var layer in street.Values)
        {
            foreach (var feature in layer)
            {
                extent.ExpandToInclude(feature.Geometry.EnvelopeInternal);
            }
        }

        var columns = (int)Math.Ceiling(Math.Sqrt(copies));
        var stepX = Math.Round(extent.Width + GapDegrees, 4);
        var stepY = Math.Round(extent.Height + GapDegrees, 4);
        var city = street.ToDictionary(p => p.Key, p => new FeatureCollection());
        for (var k = 0; k < copies; k++)
        {
            var (dx, dy) = ((k % columns) * stepX, (k / columns) * stepY);
            foreach (var (name, layer) in street)
            {
                foreach (var feature in layer)
                {
                    city[name].Add(k == 0 ? feature : Copy(feature, k, dx, dy));
                }
            }
        }

        return city;
    }

    private static Feature Copy(IFeature feature, int k, double dx, double dy)
    {
        var attributes = new AttributesTable();
        foreach (var name in feature.Attributes.GetNames())
        {
            var value = feature.Attributes[name];
            if (value is string text && (name == "id" || ReferenceFields.Contains(name)))
            {
                value = $"{text}-c{k}";
            }
            else if (value is string label && NameFields.Contains(name))
            {
                value = name == "name_zh" ? $"{label}·{k + 1}" : string.Create(CultureInfo.InvariantCulture, $"{label} {k + 1}");
            }

            attributes.Add(name, value);
        }

        var geometry = feature.Geometry.Copy();
        geometry.Apply(new Shift(dx, dy));
        geometry.GeometryChanged();
        return new Feature(geometry, attributes);
    }

    /// <summary>Moves every coordinate by (dx, dy) degrees, kept on the files' 1e-7° grid.</summary>
    private sealed class Shift(double dx, double dy) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, GeoJsonLayerWriter.Round(seq.GetX(i) + dx));
            seq.SetY(i, GeoJsonLayerWriter.Round(seq.GetY(i) + dy));
        }
    }
}
