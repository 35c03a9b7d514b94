using System.Globalization;
using System.Text;
using Huayang.Gis.Core.Filtering;

namespace Huayang.Gis.Core.Tests.Filtering;

/// <summary>Filters that are refused: each problem in plain English at the position of its cause; every limit.</summary>
public sealed class FilterErrorTests
{
    private static readonly Queryables Sites = CqlParserTests.Sites;

    public static TheoryData<string, int, string> TextErrors => new()
    {
        { "category = 'park' AND foo = 1", 23, "unknown property 'foo'; queryables of sites: id, name_zh" },
        { "capacity = '12'", 12, "'capacity' is an integer and cannot be compared with the string '12'" },
        { "name_zh = 12", 11, "'name_zh' is a string and cannot be compared with the number 12" },
        { "name_zh LIKE 5", 14, "a LIKE pattern is a string" },
        { "capacity LIKE '1%'", 1, "LIKE needs a text property; 'capacity' is an integer" },
        { "name_zh BETWEEN 'a' AND 'b'", 1, "BETWEEN needs a number property" },
        { "category = 'park", 12, "the string is not closed" },
        { "(category = 'park'", 19, "expected ')', found the end of the filter" },
        { "category = 'park')", 18, "expected AND, OR or the end of the filter, found ')'" },
        { "category == 'park'", 11, "expected a property or a value, found '='" },
        { "capacity IS 5", 13, "expected NULL after IS" },
        { "capacity = NULL", 12, "NULL is not a value to compare with" },
        { "S_INTERSECTS(name_zh, POINT(1 2))", 14, "'name_zh' is not the geometry" },
        { "S_INTERSECTS(geometry, POINT(1 2)", 34, "expected ')'" },
        { "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))", 24, "the geometry literal is not valid" },
        { "S_INTERSECTS(geometry, POINT(500 2))", 24, "outside http://www.opengis.net/def/crs/OGC/1.3/CRS84" },
        { "S_INTERSECTS(geometry, POINT(1 2 3 4 5))", 24, "not valid WKT" },
        { "S_DWITHIN(geometry, POINT(104 30), 100001)", 36, "the S_DWITHIN distance is at most 100000 metres" },
        { "S_DWITHIN(geometry, POINT(104 30), -1)", 36, "the S_DWITHIN distance is a number of metres ≥ 0" },
        { "name_zh LIKE 'abc\\'", 14, "the LIKE pattern ends with a lone backslash" },
        { "geometry = 'x'", 1, "'geometry' is the geometry" },
        { "TRUE < FALSE", 8, "the boolean TRUE cannot be compared with the boolean FALSE by <" },
        { "status < TRUE", 10, "'status' is a string and cannot be compared with the boolean TRUE" },
        { "name_zh = capacity", 11, "'name_zh' is a string and cannot be compared with 'capacity', which is an integer" },
        { "1 = 'a'", 5, "the number 1 cannot be compared with the string 'a'" },
        { "DATE('2024-13-01') = DATE('2024-01-01')", 6, "DATE takes a quoted date" },
        { "name_zh = DATE('2024-01-01')", 11, "cannot be compared with the instant 2024-01-01T00:00:00.0000000+00:00 (no queryable is temporal)" },
        { "capacity # 1", 10, "unexpected character '#'" },
    };

    [Theory]
    [MemberData(nameof(TextErrors))]
    public void Text_errors_name_the_problem_at_its_position(string filter, int position, string problem)
    {
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse(filter, FilterLanguage.Cql2Text, Sites));
        Assert.Contains(problem, e.Message);
        Assert.Equal(position, e.Position);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"at position {position}"), e.Message);
    }

    public static TheoryData<string, string, string> JsonErrors => new()
    {
        { """{"op":"=","args":[{"property":"foo"},1]}""", "/args/0/property", "unknown property 'foo'" },
        { """{"op":"~","args":[]}""", "/op", "unknown operation '~'" },
        { """{"op":"and","args":[{"op":"isNull","args":[{"property":"capacity"}]}]}""", "/op", "'and' takes at least 2 arguments; got 1" },
        { """{"op":"in","args":[{"property":"category"},"park"]}""", "/args/1", "'in' takes a property and an array" },
        { """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point"}]}""", "/args/1", "not a GeoJSON geometry" },
        { """{"op":"=","args":[{"property":"capacity"},"x"]}""", "/args/1", "cannot be compared with the string 'x'" },
        { """{"args":[]}""", "", "expected an operation" },
    };

    [Theory]
    [MemberData(nameof(JsonErrors))]
    public void Json_errors_name_the_path(string filter, string path, string problem)
    {
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse(filter, FilterLanguage.Cql2Json, Sites));
        Assert.Contains(problem, e.Message);
        Assert.Equal(path, e.Path);
        Assert.InRange(e.Position, 1, filter.Length);
    }

    [Fact]
    public void Broken_json_is_refused_at_its_position()
    {
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse("""{"op":"=","args":[{"property":"id"} "x"]}""", FilterLanguage.Cql2Json, Sites));
        Assert.StartsWith("the filter is not JSON", e.Problem);
        Assert.InRange(e.Position, 30, 40);
    }

    [Fact]
    public void The_marker_shows_where()
    {
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse("status = 'x' AND foo = 1", FilterLanguage.Cql2Text, Sites));
        Assert.Equal("status = 'x' AND ⟨here⟩foo = 1", e.Marked("status = 'x' AND foo = 1"));
    }

    public static TheoryData<string, string> Limits()
    {
        var ors = string.Join(" OR ", Enumerable.Range(0, 100).Select(i => $"capacity = {i}"));
        var deep = new string('(', 40) + "capacity = 1" + new string(')', 40);
        var nots = string.Concat(Enumerable.Repeat("NOT ", 40)) + "capacity = 1";
        var values = "capacity IN (" + string.Join(", ", Enumerable.Range(0, 1001)) + ")";
        var longText = "name_zh = '" + new string('x', 17_000) + "'";
        var pattern = "name_zh LIKE '" + new string('%', 501) + "'";
        var ring = string.Join(", ", Enumerable.Range(0, 2600).Select(i => string.Create(CultureInfo.InvariantCulture, $"{104 + i * 1e-5} 30")));
        var coordinates = $"S_INTERSECTS(geometry, LINESTRING({ring})) OR S_INTERSECTS(geometry, LINESTRING({ring})) OR " +
            $"S_INTERSECTS(geometry, LINESTRING({ring})) OR S_INTERSECTS(geometry, LINESTRING({ring}))";
        var nul = "name_zh = 'a\0'";
        return new()
        {
            { ors, "more than 256 operators" },
            { deep, "nests operators more than 32 deep" },
            { nots, "nests operators more than 32 deep" },
            { values, "IN has more than 1000 values" },
            { longText, "longer than 16384 bytes" },
            { pattern, "the LIKE pattern is longer than 500 characters" },
            { coordinates, "longer than 16384 bytes" },
            { nul, "U+0000" },
        };
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void Limits_are_clear_refusals(string filter, string problem)
    {
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse(filter, FilterLanguage.Cql2Text, Sites));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void In_lists_and_coordinates_have_their_own_limits()
    {
        // 1,000 values are fine (they are not counted as nodes), 1,001 are not.
        var json = new StringBuilder("""{"op":"in","args":[{"property":"capacity"},[""");
        json.AppendJoin(',', Enumerable.Range(0, 1000)).Append("]]}");
        Assert.Equal(1000, ((InFilter)FilterParser.Parse(json.ToString(), FilterLanguage.Cql2Json, Sites)).Values.Count);
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse(json.ToString().Replace("]]}", ",1000]]}", StringComparison.Ordinal), FilterLanguage.Cql2Json, Sites));
        Assert.Contains("IN has more than 1000 values", e.Message);

        var coordinates = string.Join(",", Enumerable.Range(0, 1000).Select(i => string.Create(CultureInfo.InvariantCulture, $"[{i % 180},{i % 2}]")));
        var line = $$"""{"type":"LineString","coordinates":[{{coordinates}}]}""";
        var parsed = FilterParser.Parse($$"""{"op":"s_intersects","args":[{"property":"geometry"},{{line}}]}""", FilterLanguage.Cql2Json, Sites);
        Assert.Equal(1000, ((SpatialFilter)parsed).Literal.NumPoints);

        // Text of 16 KB holds at most about 4,000 positions, so the coordinate limit is checked on the literals themselves.
        var builder = new FilterBuilder(Sites, FilterCrs.Crs84);
        var big = NetTopologySuite.Geometries.GeometryFactory.Default.CreateLineString(
            Enumerable.Range(0, 10_001).Select(i => new NetTopologySuite.Geometries.Coordinate(104 + i * 1e-6, 30)).ToArray());
        var refused = Assert.Throws<FilterException>(() => builder.Literal(big, 7));
        Assert.Contains("more than 10000 coordinates", refused.Message);
        Assert.Equal(7, refused.Position);
    }
}
