using System.Globalization;
using System.Text;
using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// Builds checked filter nodes for both parsers: resolves property names against the queryables, checks each
/// literal's type against its property, turns geometry literals into CRS84 and keeps the limits. Every refusal is
/// a <see cref="FilterException"/> at the position (and JSON path) the parser gives.
/// </summary>
internal sealed class FilterBuilder(Queryables queryables, FilterCrs crs)
{
    private int _nodes;
    private int _coordinates;

    public Queryables Queryables => queryables;

    /// <summary>Counts one node of the filter.</summary>
    public void Count(int position, string? path = null)
    {
        if (++_nodes > FilterLimits.MaxNodes)
        {
            throw new FilterException(
                $"the filter has more than {FilterLimits.MaxNodes} operators, properties and values; split the question", position, path);
        }
    }

    /// <summary>Refuses nesting deeper than <see cref="FilterLimits.MaxDepth"/>.</summary>
    public static void Depth(int depth, int position, string? path = null)
    {
        if (depth > FilterLimits.MaxDepth)
        {
            throw new FilterException($"the filter nests operators more than {FilterLimits.MaxDepth} deep", position, path);
        }
    }

    /// <summary>The text must be at most 16 KB and hold no U+0000.</summary>
    public static void CheckText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > FilterLimits.MaxTextBytes)
        {
            throw new FilterException($"the filter is longer than {FilterLimits.MaxTextBytes} bytes (UTF-8)", FilterLimits.MaxTextBytes);
        }
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            throw new FilterException("the filter holds the character U+0000", nul + 1);
        }
    }

    /// <summary>A queryable property (not geometry) by name.</summary>
    public QueryableField Property(string name, int position, string? path = null)
    {
        if (queryables.Find(name) is not { } field)
        {
            throw new FilterException($"unknown property '{name}'; queryables of {queryables.Layer}: {queryables.Names}", position, path);
        }
        if (field.Type == QueryableType.Geometry)
        {
            throw new FilterException(
                $"'{name}' is the geometry: use it in a spatial function (S_INTERSECTS, S_WITHIN, S_DWITHIN …), not in a comparison",
                position, path);
        }
        return field;
    }

    /// <summary>The geometry queryable by name: only <c>geometry</c>.</summary>
    public void GeometryProperty(string name, int position, string? path = null)
    {
        if (!string.Equals(name, Queryables.GeometryName, StringComparison.Ordinal))
        {
            throw new FilterException(
                $"a spatial function compares the property 'geometry' with a geometry literal; '{name}' is not the geometry", position, path);
        }
    }

    public FilterNode Compare(QueryableField property, ComparisonOperator op, object value, int position, string? path = null)
    {
        CheckType(property, value, position, path);
        if (property.Type == QueryableType.Boolean && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            throw new FilterException($"'{property.Name}' is a boolean: compare it with = or <> only", position, path);
        }
        return new ComparisonFilter(property.Name, op, value);
    }

    /// <summary>Two properties compared: they must have one type (integer and number count as one).</summary>
    public FilterNode ComparePair(QueryableField left, ComparisonOperator op, QueryableField right, int position, string? path = null)
    {
        if (left.IsNumeric ? !right.IsNumeric : left.Type != right.Type)
        {
            throw new FilterException($"'{left.Name}' is {Describe(left)} and cannot be compared with '{right.Name}', which is {Describe(right)}", position, path);
        }
        if (left.Type == QueryableType.Boolean && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            throw new FilterException($"'{left.Name}' is a boolean: compare it with = or <> only", position, path);
        }
        return new PropertyComparisonFilter(left.Name, op, right.Name);
    }

    /// <summary>Two literals compared, worked out now: they must have one type.</summary>
    public static FilterNode CompareLiterals(object left, ComparisonOperator op, object right, int position, string? path = null)
    {
        if (FilterEvaluator.Order(left, right) is not { } order || (left is bool && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual)))
        {
            throw new FilterException($"{DescribeValue(left)} cannot be compared with {DescribeValue(right)} by {FilterText.Operator(op)}", position, path);
        }
        return new ConstantFilter(FilterEvaluator.Test(op, order) == true);
    }

    public FilterNode Between(
        (QueryableField Field, int Position, string? Path) property, object low, object high, int position, int highPosition, string? path = null, string? highPath = null)
    {
        if (!property.Field.IsNumeric)
        {
            throw new FilterException($"BETWEEN needs a number property; '{property.Field.Name}' is {Describe(property.Field)}", property.Position, property.Path);
        }
        CheckType(property.Field, low, position, path);
        CheckType(property.Field, high, highPosition, highPath);
        return new BetweenFilter(property.Field.Name, (double)low, (double)high);
    }

    public FilterNode In(QueryableField property, IReadOnlyList<(object Value, int Position, string? Path)> values, int position, string? path = null)
    {
        if (values.Count == 0)
        {
            throw new FilterException("IN needs at least one value", position, path);
        }
        if (values.Count > FilterLimits.MaxInValues)
        {
            throw new FilterException($"IN has more than {FilterLimits.MaxInValues} values", values[FilterLimits.MaxInValues].Position, path);
        }
        foreach (var (value, at, where) in values)
        {
            CheckType(property, value, at, where);
        }
        return new InFilter(property.Name, values.Select(v => v.Value).ToList());
    }

    public FilterNode Like((QueryableField Field, int Position, string? Path) name, object pattern, int position, string? path = null, bool caseInsensitive = false)
    {
        var property = name.Field;
        if (property.Type != QueryableType.String)
        {
            throw new FilterException($"LIKE needs a text property; '{property.Name}' is {Describe(property)}", name.Position, name.Path);
        }
        if (pattern is not string text)
        {
            throw new FilterException($"a LIKE pattern is a string; got {DescribeValue(pattern)}", position, path);
        }
        if (text.Length > FilterLimits.MaxLikePattern)
        {
            throw new FilterException($"the LIKE pattern is longer than {FilterLimits.MaxLikePattern} characters", position, path);
        }
        if (!LikePattern.IsWellFormed(text))
        {
            throw new FilterException(@"the LIKE pattern ends with a lone backslash (\ makes the next character literal; write \\ for a backslash)", position, path);
        }
        return new LikeFilter(property.Name, text, caseInsensitive);
    }

    /// <summary>A geometry literal read in the filter CRS (x, y as written): counted, checked and turned into CRS84.</summary>
    public Geometry Literal(Geometry written, int position, string? path = null)
    {
        _coordinates += written.NumPoints;
        if (_coordinates > FilterLimits.MaxCoordinates)
        {
            throw new FilterException($"the geometry literals have more than {FilterLimits.MaxCoordinates} coordinates", position, path);
        }
        if (written.IsEmpty)
        {
            throw new FilterException("the geometry literal is empty", position, path);
        }
        var lonLat = crs.ToCrs84(written)
            ?? throw new FilterException(
                $"the geometry literal has a position outside {crs.Id.Uri} (axis order {(crs.SecondAxisFirst ? "second axis first" : "x, y")}); is filter-crs right?",
                position, path);
        if (!lonLat.IsValid)
        {
            throw new FilterException($"the geometry literal is not valid ({new NetTopologySuite.Operation.Valid.IsValidOp(lonLat).ValidationError?.Message})", position, path);
        }
        return lonLat;
    }

    /// <summary>
    /// A spatial relation between two arguments, each a literal or (null) the feature's geometry: the geometry first
    /// (S_WITHIN(literal, geometry) is S_CONTAINS(geometry, literal)); two literals, or the geometry with itself, are
    /// worked out now.
    /// </summary>
    public static FilterNode Spatial(SpatialOperator op, Geometry? first, Geometry? second) => (first, second) switch
    {
        (null, null) => new ConstantFilter(op is SpatialOperator.Intersects or SpatialOperator.Equals or SpatialOperator.Within or SpatialOperator.Contains),
        ({ } a, { } b) => new ConstantFilter(FilterEvaluator.Relate(op, a, b)),
        (null, { } literal) => new SpatialFilter(op, literal),
        ({ } literal, null) => new SpatialFilter(op switch
        {
            SpatialOperator.Within => SpatialOperator.Contains,
            SpatialOperator.Contains => SpatialOperator.Within,
            _ => op,
        }, literal),
    };

    /// <summary>S_DWITHIN between two arguments (null: the feature's geometry); two literals, or the geometry with itself, are worked out now.</summary>
    public static FilterNode Distance(Geometry? first, Geometry? second, object metres, int position, string? path = null)
    {
        if (metres is not double distance || distance < 0)
        {
            throw new FilterException($"the S_DWITHIN distance is a number of metres ≥ 0; got {DescribeValue(metres)}", position, path);
        }
        if (distance > FilterLimits.MaxDistanceMetres)
        {
            throw new FilterException(
                string.Create(CultureInfo.InvariantCulture, $"the S_DWITHIN distance is at most {FilterLimits.MaxDistanceMetres} metres (100 km)"), position, path);
        }
        return (first, second) switch
        {
            (null, null) => new ConstantFilter(true),
            ({ } a, { } b) => new ConstantFilter(MetricProjection.ToMetric(a).IsWithinDistance(MetricProjection.ToMetric(b), distance)),
            _ => new DistanceFilter((first ?? second)!, distance),
        };
    }

    private static void CheckType(QueryableField property, object value, int position, string? path)
    {
        var fits = property.Type switch
        {
            QueryableType.String => value is string,
            QueryableType.Boolean => value is bool,
            _ => value is double,
        };
        if (!fits)
        {
            throw new FilterException($"'{property.Name}' is {Describe(property)} and cannot be compared with {DescribeValue(value)}", position, path);
        }
    }

    private static string Describe(QueryableField property) => property.Type switch
    {
        QueryableType.String => "a string",
        QueryableType.Integer => "an integer",
        QueryableType.Number => "a number",
        QueryableType.Boolean => "a boolean",
        _ => "the geometry",
    };

    /// <summary>A literal as a message shows it: <c>the string 'abc'</c>, <c>the number 12</c>.</summary>
    public static string DescribeValue(object? value) => value switch
    {
        string text => $"the string '{text}'",
        double number => string.Create(CultureInfo.InvariantCulture, $"the number {number}"),
        bool flag => flag ? "the boolean TRUE" : "the boolean FALSE",
        Geometry => "a geometry",
        DateTimeOffset instant => $"the instant {instant.ToString("O", CultureInfo.InvariantCulture)} (no queryable is temporal)",
        null => "NULL",
        _ => "a value",
    };
}
