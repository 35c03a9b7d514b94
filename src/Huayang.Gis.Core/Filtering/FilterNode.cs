using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// A parsed and checked filter (OGC API – Features Part 3, CQL2): every property it names is a queryable of the
/// layer and every literal has the property's type. Geometry literals are in CRS84 (longitude, latitude degrees,
/// SRID 4326) whatever <c>filter-crs</c> the request used.
/// </summary>
/// <remarks>
/// Evaluation is SQL's three-valued logic: a comparison with a null or absent value is unknown, NOT unknown is
/// unknown, and a feature is selected only when the whole filter is true (<see cref="FilterEvaluator"/>; the
/// PostGIS store translates the same tree to SQL). Two filters with the same <see cref="CanonicalText"/> select
/// the same features.
/// </remarks>
public abstract record FilterNode
{
    /// <summary>One text for the filter, the same for equal filters however they were written (cache keys).</summary>
    public string CanonicalText => FilterText.Of(this);
}

/// <summary>AND or OR.</summary>
public enum LogicalOperator
{
    And,
    Or,
}

/// <summary>Two or more filters joined by AND or OR.</summary>
public sealed record LogicalFilter(LogicalOperator Operator, IReadOnlyList<FilterNode> Operands) : FilterNode;

/// <summary>NOT: true when the operand is false, unknown when it is unknown.</summary>
public sealed record NotFilter(FilterNode Operand) : FilterNode;

/// <summary>A comparison operator of CQL2.</summary>
public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// A property compared with a literal: a <see cref="string"/> (ordered by Unicode code point, as PostgreSQL's
/// <c>COLLATE "C"</c>), a <see cref="double"/> or a <see cref="bool"/> (only = and &lt;&gt;).
/// </summary>
public sealed record ComparisonFilter(string Property, ComparisonOperator Operator, object Value) : FilterNode;

/// <summary>Two properties of one type compared with each other.</summary>
public sealed record PropertyComparisonFilter(string Left, ComparisonOperator Operator, string Right) : FilterNode;

/// <summary>TRUE or FALSE: a boolean literal as a predicate, or a comparison of two literals worked out when parsed.</summary>
public sealed record ConstantFilter(bool Value) : FilterNode;

/// <summary><c>property BETWEEN low AND high</c>, both ends included; numeric properties only.</summary>
public sealed record BetweenFilter(string Property, double Low, double High) : FilterNode;

/// <summary><c>property IN (…)</c>: equal to one of the values (all of the property's type).</summary>
public sealed record InFilter(string Property, IReadOnlyList<object> Values) : FilterNode;

/// <summary>
/// <c>property LIKE pattern</c> on a text property: <c>%</c> any run of characters, <c>_</c> one character,
/// a backslash makes the next character literal. Characters are Unicode code points; case-sensitive, or with
/// <see cref="CaseInsensitive"/> (ILIKE) ASCII letters match either case (as PostgreSQL's ILIKE under <c>COLLATE "C"</c>).
/// </summary>
public sealed record LikeFilter(string Property, string Pattern, bool CaseInsensitive = false) : FilterNode;

/// <summary><c>property IS NULL</c>: the value is null or absent.</summary>
public sealed record IsNullFilter(string Property) : FilterNode;

/// <summary>The spatial relations of CQL2, between a feature's geometry (first) and a literal (second).</summary>
public enum SpatialOperator
{
    Intersects,
    Equals,
    Disjoint,
    Touches,
    Within,
    Overlaps,
    Crosses,
    Contains,
}

/// <summary>
/// <c>S_…(geometry, literal)</c>: the DE-9IM relation between the feature's geometry and <see cref="Literal"/>
/// (CRS84, SRID 4326, valid).
/// </summary>
public sealed record SpatialFilter(SpatialOperator Operator, Geometry Literal) : FilterNode;

/// <summary>
/// <c>S_DWITHIN(geometry, literal, metres)</c>: the feature's geometry lies within <see cref="Metres"/> of
/// <see cref="Literal"/> (CRS84), the distance measured in EPSG:4544 (CGCS2000 Gauss-Krüger, metres).
/// </summary>
public sealed record DistanceFilter(Geometry Literal, double Metres) : FilterNode;
