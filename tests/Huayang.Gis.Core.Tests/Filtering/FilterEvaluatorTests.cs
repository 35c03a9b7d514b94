using Huayang.Gis.Core.Filtering;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Filtering;

/// <summary>LIKE by code points, SQL's three-valued logic, and the sort order.</summary>
public sealed class FilterEvaluatorTests
{
    private static readonly Queryables Sites = CqlParserTests.Sites;

    public static TheoryData<string, string, bool> Likes => new()
    {
        { "华阳街道", "华阳%", true },
        { "华阳街道", "%街道", true },
        { "华阳街道", "华_街道", true },
        { "华阳街道", "华__道", true },
        { "华阳街道", "华_道", false },
        { "华阳街道", "%阳街%", true },
        { "华阳街道", "华阳", false },
        { "", "%", true },
        { "", "_", false },
        { "a", "", false },
        { "", "", true },
        { "50%", "50\\%", true },
        { "500", "50\\%", false },
        { "a_b", "a\\_b", true },
        { "axb", "a\\_b", false },
        { "a\\b", "a\\\\b", true },
        { "abc", "\\a\\b\\c", true },
        { "ABC", "abc", false },
        { "😀x", "_x", true },
        { "😀x", "__x", false },
        { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%ac", false },
        { "mississippi", "%iss%ipp%", true },
        { "mississippi", "%%%%s%%%%", true },
        { "mississippi", "%%%%z%%%%", false },
    };

    [Theory]
    [MemberData(nameof(Likes))]
    public void Like_matches_whole_texts_by_code_point(string text, string pattern, bool matches) =>
        Assert.Equal(matches, LikePattern.Matches(text, pattern));

    [Theory]
    [InlineData("Tianfu International School", "%SCHOOL", true)]
    [InlineData("Tianfu International School", "tianfu%", true)]
    [InlineData("ÉCOLE", "école", false)]
    [InlineData("华阳 Park", "华阳 p_rk", true)]
    [InlineData("a_B", "A\\_b", true)]
    public void Ilike_folds_ascii_letters_only(string text, string pattern, bool matches)
    {
        Assert.Equal(matches, LikePattern.Matches(text, pattern, asciiCaseInsensitive: true));
        var filter = FilterParser.Parse($"name_en ILIKE '{pattern}'", FilterLanguage.Cql2Text, Sites);
        Assert.Equal($"(\"name_en\" ILIKE '{pattern}')", filter.CanonicalText);
        Assert.Equal(matches, new FilterEvaluator(filter).Matches(new Feature(new Point(0, 0), new AttributesTable { { "id", "x" }, { "name_en", text } })));
    }

    [Fact]
    public void Like_with_many_runs_over_a_long_text_is_not_exponential()
    {
        // Backtracking would take about C(2000, 250) steps; the table takes 2000 × 500.
        var text = new string('a', 2000);
        var pattern = string.Concat(Enumerable.Repeat("%a", 249)) + "%b";
        Assert.False(LikePattern.Matches(text, pattern));
        Assert.True(LikePattern.Matches(text + "b", pattern));
    }

    [Fact]
    public void Code_point_order_is_utf8_byte_order_not_utf16()
    {
        // U+FF5E (BMP, after the surrogates in UTF-16) sorts before U+1F600 by code point, after it by UTF-16 unit.
        Assert.True(LikePattern.CompareCodePoints("\uFF5E", "😀") < 0);
        Assert.True(string.CompareOrdinal("\uFF5E", "😀") > 0);
        Assert.True(LikePattern.CompareCodePoints("华", "华阳") < 0);
        Assert.Equal(0, LikePattern.CompareCodePoints("阳", "阳"));
    }

    private static readonly IFeature WithCapacity = Site("a", capacity: 100L);
    private static readonly IFeature WithoutCapacity = Site("b", capacity: null);

    public static TheoryData<string, bool?, bool?> Logic => new()
    {
        { "capacity = 100", true, null },
        { "capacity <> 100", false, null },
        { "NOT capacity = 100", false, null },
        { "capacity IS NULL", false, true },
        { "capacity IS NOT NULL", true, false },
        { "capacity = 100 OR status = 'existing'", true, true },
        { "capacity = 100 OR status = 'planned'", true, null },
        { "capacity = 100 AND status = 'planned'", false, false },
        { "capacity = 100 AND status = 'existing'", true, null },
        { "NOT (capacity = 5 AND status = 'existing')", true, null },
        { "capacity IN (1, 100)", true, null },
        { "capacity NOT IN (1, 2)", true, null },
        { "capacity BETWEEN 100 AND 100", true, null },
        { "capacity NOT BETWEEN 1 AND 50", true, null },
        { "plan_element LIKE '%'", null, null },
        { "TRUE", true, true },
        { "NOT FALSE AND capacity > 99.5", true, null },
        { "capacity = capacity", true, null },
        { "name_zh < name_en", false, false },
    };

    [Theory]
    [MemberData(nameof(Logic))]
    public void Logic_is_three_valued(string filter, bool? withCapacity, bool? withoutCapacity)
    {
        var evaluator = new FilterEvaluator(FilterParser.Parse(filter, FilterLanguage.Cql2Text, Sites));
        Assert.Equal(withCapacity, evaluator.Evaluate(WithCapacity));
        Assert.Equal(withoutCapacity, evaluator.Evaluate(WithoutCapacity));
        Assert.Equal(withCapacity == true, evaluator.Matches(WithCapacity));
    }

    [Fact]
    public void Spatial_relations_and_distance_in_metres()
    {
        var point = Site("p", capacity: null);
        bool Test(string filter) => new FilterEvaluator(FilterParser.Parse(filter, FilterLanguage.Cql2Text, Sites)).Matches(point);
        Assert.True(Test("S_INTERSECTS(geometry, BBOX(104.04, 30.48, 104.06, 30.50))"));
        Assert.True(Test("S_WITHIN(geometry, BBOX(104.04, 30.48, 104.06, 30.50))"));
        Assert.False(Test("S_CONTAINS(geometry, BBOX(104.04, 30.48, 104.06, 30.50))"));
        Assert.True(Test("S_DISJOINT(geometry, POINT(104 30))"));
        Assert.True(Test("S_EQUALS(geometry, POINT(104.05 30.49))"));
        Assert.True(Test("S_TOUCHES(geometry, LINESTRING(104.05 30.49, 104.06 30.49))"));
        Assert.False(Test("S_CROSSES(geometry, LINESTRING(104.04 30.49, 104.06 30.49))"));
        Assert.False(Test("S_OVERLAPS(geometry, POINT(104.05 30.49))"));
        // 0.001° of latitude is about 110.9 m here.
        Assert.True(Test("S_DWITHIN(geometry, POINT(104.05 30.491), 112)"));
        Assert.False(Test("S_DWITHIN(geometry, POINT(104.05 30.491), 109)"));
    }

    [Fact]
    public void Sorting_puts_nulls_last_either_way_then_orders_by_id()
    {
        IFeature[] features = [Site("c", 5L), Site("a", null), Site("b", 5L), Site("d", 7L), Site("e", null)];
        string Order(string sortby) => string.Join(",", features.Order(SortTerm.Comparer(SortTerm.Parse(sortby, Sites))).Select(f => f.Attributes["id"]));
        Assert.Equal("b,c,d,a,e", Order("capacity"));
        Assert.Equal("d,b,c,a,e", Order("-capacity"));
        Assert.Equal("d,b,c,a,e", Order("-capacity,+id"));
        Assert.Equal("e,d,c,b,a", Order("-id"));
    }

    [Theory]
    [InlineData("capacity,nope", 10, "unknown property 'nope'")]
    [InlineData("geometry", 1, "cannot be sorted by their geometry")]
    [InlineData("id,-id", 4, "sortby names 'id' twice")]
    [InlineData("id,,x", 4, "empty key")]
    public void Sortby_refuses_what_it_cannot_sort_by(string sortby, int position, string problem)
    {
        var e = Assert.Throws<FilterException>(() => SortTerm.Parse(sortby, Sites));
        Assert.Contains(problem, e.Message);
        Assert.Equal(position, e.Position);
    }

    private static Feature Site(string id, long? capacity) => new(
        new Point(104.05, 30.49) { SRID = 4326 },
        new AttributesTable
        {
            { "id", id }, { "name_zh", "华阳" + id }, { "name_en", "Huayang " + id }, { "category", "park" },
            { "status", "existing" }, { "capacity", capacity }, { "plan_element", null },
        });
}
