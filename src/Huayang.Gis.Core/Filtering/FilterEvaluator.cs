using Huayang.Gis.Core.Crs;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// Evaluates a filter over one feature in memory, with the answers the PostGIS store's SQL gives: three-valued
/// logic (null: unknown), strings compared by code point (<c>COLLATE "C"</c>), numbers as doubles, spatial
/// relations by NetTopologySuite on CRS84 geometry, S_DWITHIN in EPSG:4544 metres.
/// </summary>
/// <remarks>
/// A property that is absent, null or of another type than its queryable (which a validated dataset never has) is
/// null. One evaluator per filter keeps the metric copies of its literals; it is thread-safe.
/// </remarks>
public sealed class FilterEvaluator
{
    private readonly FilterNode _filter;
    private readonly Dictionary<DistanceFilter, Geometry> _metricLiterals = new(ReferenceEqualityComparer.Instance);

    public FilterEvaluator(FilterNode filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        _filter = filter;
        Collect(filter);
    }

    /// <summary>True only when the filter is true for the feature (false and unknown leave it out).</summary>
    public bool Matches(IFeature feature) => Evaluate(feature) == true;

    /// <summary>The filter's value for the feature: true, false, or null for unknown.</summary>
    public bool? Evaluate(IFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return Evaluate(_filter, feature);
    }

    private void Collect(FilterNode node)
    {
        switch (node)
        {
            case LogicalFilter logical:
                foreach (var operand in logical.Operands)
                {
                    Collect(operand);
                }
                break;
            case NotFilter not:
                Collect(not.Operand);
                break;
            case DistanceFilter distance:
                _metricLiterals[distance] = MetricProjection.ToMetric(distance.Literal);
                break;
        }
    }

    private bool? Evaluate(FilterNode node, IFeature feature) => node switch
    {
        LogicalFilter { Operator: LogicalOperator.And } and => All(and.Operands, feature),
        LogicalFilter or => Any(or.Operands, feature),
        NotFilter not => !Evaluate(not.Operand, feature),
        ComparisonFilter comparison => Compare(comparison, Value(feature, comparison.Property)),
        PropertyComparisonFilter pair => Test(pair.Operator, Order(Value(feature, pair.Left), Value(feature, pair.Right))),
        ConstantFilter constant => constant.Value,
        BetweenFilter between => Number(Value(feature, between.Property)) is { } x ? x >= between.Low && x <= between.High : null,
        InFilter @in => In(@in, Value(feature, @in.Property)),
        LikeFilter like => Value(feature, like.Property) is string text ? LikePattern.Matches(text, like.Pattern, like.CaseInsensitive) : null,
        IsNullFilter isNull => Value(feature, isNull.Property) is null,
        SpatialFilter spatial => Relate(spatial, feature.Geometry),
        DistanceFilter distance => Within(distance, feature.Geometry),
        _ => throw new ArgumentException($"unknown filter node {node.GetType().Name}", nameof(node)),
    };

    private bool? All(IReadOnlyList<FilterNode> operands, IFeature feature)
    {
        bool? result = true;
        foreach (var operand in operands)
        {
            var value = Evaluate(operand, feature);
            if (value == false)
            {
                return false;
            }
            result = value is null ? null : result;
        }
        return result;
    }

    private bool? Any(IReadOnlyList<FilterNode> operands, IFeature feature)
    {
        bool? result = false;
        foreach (var operand in operands)
        {
            var value = Evaluate(operand, feature);
            if (value == true)
            {
                return true;
            }
            result = value is null ? null : result;
        }
        return result;
    }

    /// <summary>The value a property has for the filter: a string, a double, a bool, or null.</summary>
    private static object? Value(IFeature feature, string property)
    {
        var attributes = feature.Attributes;
        if (attributes is null || !attributes.Exists(property))
        {
            return null;
        }
        return attributes[property] switch
        {
            string text => text,
            bool flag => flag,
            long whole => (double)whole,
            int whole => (double)whole,
            double number when double.IsFinite(number) => number,
            _ => null,
        };
    }

    private static double? Number(object? value) => value as double?;

    /// <summary>The order of two values of one type: code points for strings; null when either is null or the types differ.</summary>
    internal static int? Order(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => LikePattern.CompareCodePoints(a, b),
        (double a, double b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        _ => null,
    };

    private static bool? Compare(ComparisonFilter comparison, object? value) => Test(comparison.Operator, Order(value, comparison.Value));

    /// <summary>What an operator says of an order (negative, zero, positive); unknown for an unknown order.</summary>
    internal static bool? Test(ComparisonOperator op, int? order)
    {
        if (order is not { } known)
        {
            return null;
        }
        return op switch
        {
            ComparisonOperator.Equal => known == 0,
            ComparisonOperator.NotEqual => known != 0,
            ComparisonOperator.Less => known < 0,
            ComparisonOperator.LessOrEqual => known <= 0,
            ComparisonOperator.Greater => known > 0,
            _ => known >= 0,
        };
    }

    private static bool? In(InFilter @in, object? value)
    {
        if (value is null)
        {
            return null;
        }
        return @in.Values.Any(v => Order(value, v) == 0);
    }

    private static bool Relate(SpatialFilter spatial, Geometry geometry) => Relate(spatial.Operator, geometry, spatial.Literal);

    /// <summary>The DE-9IM relation of <paramref name="geometry"/> to <paramref name="other"/>.</summary>
    internal static bool Relate(SpatialOperator op, Geometry geometry, Geometry other) => op switch
    {
        SpatialOperator.Intersects => geometry.Intersects(other),
        SpatialOperator.Equals => geometry.EqualsTopologically(other),
        SpatialOperator.Disjoint => geometry.Disjoint(other),
        SpatialOperator.Touches => geometry.Touches(other),
        SpatialOperator.Within => geometry.Within(other),
        SpatialOperator.Overlaps => geometry.Overlaps(other),
        SpatialOperator.Crosses => geometry.Crosses(other),
        _ => geometry.Contains(other),
    };

    private bool Within(DistanceFilter distance, Geometry geometry) =>
        MetricProjection.ToMetric(geometry).IsWithinDistance(_metricLiterals[distance], distance.Metres);
}
