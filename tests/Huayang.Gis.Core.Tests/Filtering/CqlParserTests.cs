using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Filtering;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Filtering;

/// <summary>CQL2 text and CQL2 JSON read into the same filter; the canonical text reads back to itself.</summary>
public sealed class CqlParserTests
{
    internal static readonly Queryables Sites = Queryables.For(BuiltInLayers.Sites);

    public static TheoryData<string, string, string> Pairs => new()
    {
        { "category = 'kindergarten'", """{"op":"=","args":[{"property":"category"},"kindergarten"]}""", "(\"category\" = 'kindergarten')" },
        { "capacity >= 100 AND status <> 'planned'",
            """{"op":"and","args":[{"op":">=","args":[{"property":"capacity"},100]},{"op":"<>","args":[{"property":"status"},"planned"]}]}""",
            "((\"capacity\" >= 100) AND (\"status\" <> 'planned'))" },
        { "100 < capacity", """{"op":"<","args":[100,{"property":"capacity"}]}""", "(\"capacity\" > 100)" },
        { "name_zh LIKE '%学校'", """{"op":"like","args":[{"property":"name_zh"},"%学校"]}""", "(\"name_zh\" LIKE '%学校')" },
        { "name_en NOT LIKE 'A\\_%'", """{"op":"not","args":[{"op":"like","args":[{"property":"name_en"},"A\\_%"]}]}""", "(NOT (\"name_en\" LIKE 'A\\_%'))" },
        { "capacity BETWEEN 10 AND 2e3", """{"op":"between","args":[{"property":"capacity"},10,2000]}""", "(\"capacity\" BETWEEN 10 AND 2000)" },
        { "capacity NOT BETWEEN -1 AND .5", """{"op":"not","args":[{"op":"between","args":[{"property":"capacity"},-1,0.5]}]}""", "(NOT (\"capacity\" BETWEEN -1 AND 0.5))" },
        { "category IN ('park', 'kindergarten')", """{"op":"in","args":[{"property":"category"},["park","kindergarten"]]}""", "(\"category\" IN ('park', 'kindergarten'))" },
        { "category not in ('park')", """{"op":"not","args":[{"op":"in","args":[{"property":"category"},["park"]]}]}""", "(NOT (\"category\" IN ('park')))" },
        { "capacity IS NULL", """{"op":"isNull","args":[{"property":"capacity"}]}""", "(\"capacity\" IS NULL)" },
        { "capacity is not null", """{"op":"not","args":[{"op":"isNull","args":[{"property":"capacity"}]}]}""", "(NOT (\"capacity\" IS NULL))" },
        { "\"name_zh\" = '天府''国际'", """{"op":"=","args":[{"property":"name_zh"},"天府'国际"]}""", "(\"name_zh\" = '天府''国际')" },
        { "S_INTERSECTS(geometry, POINT(104.05 30.49))", """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[104.05,30.49]}]}""",
            "S_INTERSECTS(\"geometry\", POINT (104.05 30.49))" },
        { "S_WITHIN(geometry, BBOX(104.0, 30.4, 104.1, 30.5))", """{"op":"s_within","args":[{"property":"geometry"},{"bbox":[104.0,30.4,104.1,30.5]}]}""",
            "S_WITHIN(\"geometry\", POLYGON ((104 30.4, 104.1 30.4, 104.1 30.5, 104 30.5, 104 30.4)))" },
        { "S_CONTAINS(POLYGON((104 30.4, 104.1 30.4, 104.1 30.5, 104 30.4)), geometry)",
            """{"op":"s_within","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[104,30.4],[104.1,30.4],[104.1,30.5],[104,30.4]]]}]}""",
            "S_WITHIN(\"geometry\", POLYGON ((104 30.4, 104.1 30.4, 104.1 30.5, 104 30.4)))" },
        { "S_DWITHIN(geometry, POINT(104.05 30.49), 500)", """{"op":"s_dwithin","args":[{"property":"geometry"},{"type":"Point","coordinates":[104.05,30.49]},500]}""",
            "S_DWITHIN(\"geometry\", POINT (104.05 30.49), 500)" },
        { "NOT (status = 'existing' OR TRUE)", """{"op":"not","args":[{"op":"or","args":[{"op":"=","args":[{"property":"status"},"existing"]},true]}]}""",
            "(NOT ((\"status\" = 'existing') OR TRUE))" },
        { "name_zh = name_en", """{"op":"=","args":[{"property":"name_zh"},{"property":"name_en"}]}""", "(\"name_zh\" = \"name_en\")" },
        { "S_INTERSECTS(POINT(104 30), BBOX(103, 29, 105, 31))",
            """{"op":"s_intersects","args":[{"type":"Point","coordinates":[104,30]},{"bbox":[103,29,105,31]}]}""", "TRUE" },
        { "S_TOUCHES(geometry, geometry) OR S_DISJOINT(geometry, \"geometry\")",
            """{"op":"or","args":[{"op":"s_touches","args":[{"property":"geometry"},{"property":"geometry"}]},{"op":"s_disjoint","args":[{"property":"geometry"},{"property":"geometry"}]}]}""",
            "(FALSE OR FALSE)" },
        { "S_DWITHIN(POINT(104.05 30.49), POINT(104.05 30.491), 100)",
            """{"op":"s_dwithin","args":[{"type":"Point","coordinates":[104.05,30.49]},{"type":"Point","coordinates":[104.05,30.491]},100]}""", "FALSE" },
        { "DATE('2024-05-01') < TIMESTAMP('2024-05-01T08:00:00Z')",
            """{"op":"<","args":[{"date":"2024-05-01"},{"timestamp":"2024-05-01T08:00:00Z"}]}""", "TRUE" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Text_and_json_give_the_same_filter(string text, string json, string canonical)
    {
        var fromText = FilterParser.Parse(text, FilterLanguage.Cql2Text, Sites);
        var fromJson = FilterParser.Parse(json, FilterLanguage.Cql2Json, Sites);
        Assert.Equal(canonical, fromText.CanonicalText);
        Assert.Equal(canonical, fromJson.CanonicalText);
        Assert.Equal(canonical, FilterParser.Parse(canonical, FilterLanguage.Cql2Text, Sites).CanonicalText);
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_precedence_is_not_and_or()
    {
        var filter = FilterParser.Parse("status = 'planned' or not capacity > 5 and category = 'park'", FilterLanguage.Cql2Text, Sites);
        Assert.Equal("((\"status\" = 'planned') OR ((NOT (\"capacity\" > 5)) AND (\"category\" = 'park')))", filter.CanonicalText);
    }

    public static TheoryData<string, string, string> FilterCrsLiterals => new()
    {
        // The same point in each CRS, in that CRS's axis order.
        { "CRS84", "POINT(104.05 30.49)", "POINT (104.05 30.49)" },
        { "http://www.opengis.net/def/crs/EPSG/0/4326", "POINT(30.49 104.05)", "POINT (104.05 30.49)" },
        { "EPSG:4490", "POINT(30.49 104.05)", "POINT (104.05 30.49)" },
    };

    [Theory]
    [MemberData(nameof(FilterCrsLiterals))]
    public void Filter_crs_literals_come_out_in_crs84(string crs, string literal, string expected)
    {
        var filter = (SpatialFilter)FilterParser.Parse($"S_INTERSECTS(geometry, {literal})", FilterLanguage.Cql2Text, Sites, FilterCrs.Find(crs));
        Assert.Equal(expected, filter.Literal.AsText());
        Assert.Equal(4326, filter.Literal.SRID);
    }

    [Fact]
    public void Projected_filter_crs_literals_are_unprojected_in_their_axis_order()
    {
        var metric = MetricProjection.ToMetric(104.05, 30.49);
        var mercator = CoordinateTransformer.Transform(104.05, 30.49, CrsId.Crs84, CrsId.WebMercator);
        var fromGk = (SpatialFilter)FilterParser.Parse(
            FormattableString.Invariant($"S_INTERSECTS(geometry, POINT({metric.Y} {metric.X}))"), FilterLanguage.Cql2Text, Sites, FilterCrs.Find("EPSG:4544"));
        var fromMercator = (SpatialFilter)FilterParser.Parse(
            FormattableString.Invariant($"S_INTERSECTS(geometry, POINT({mercator.X} {mercator.Y}))"), FilterLanguage.Cql2Text, Sites, FilterCrs.Find("EPSG:3857"));
        foreach (var point in new[] { (Point)fromGk.Literal, (Point)fromMercator.Literal })
        {
            Assert.Equal(104.05, point.X, 1e-9);
            Assert.Equal(30.49, point.Y, 1e-9);
        }
    }

    [Fact]
    public void Json_positions_count_characters_not_bytes()
    {
        var json = """{"op":"and","args":[{"op":"=","args":[{"property":"name_zh"},"华阳"]},{"op":"=","args":[{"property":"nope"},1]}]}""";
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse(json, FilterLanguage.Cql2Json, Sites));
        Assert.Equal("/args/1/args/0/property", e.Path);
        Assert.Equal(json.IndexOf("\"nope\"", StringComparison.Ordinal) + 1, e.Position);
        Assert.StartsWith("unknown property 'nope'", e.Problem);
    }
}
