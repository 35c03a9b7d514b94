using System.Globalization;
using System.Text;
using NetTopologySuite.IO;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// The canonical CQL2 text of a filter: every operation in parentheses, property names quoted, numbers in
/// round-trip form, geometry as CRS84 WKT. Equal filters have equal texts (used in cache keys), and the text
/// parses back to the same filter (in CRS84).
/// </summary>
public static class FilterText
{
    public static string Of(FilterNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    private static void Write(StringBuilder text, FilterNode node)
    {
        switch (node)
        {
            case LogicalFilter logical:
                text.Append('(');
                for (var i = 0; i < logical.Operands.Count; i++)
                {
                    text.Append(i == 0 ? "" : logical.Operator == LogicalOperator.And ? " AND " : " OR ");
                    Write(text, logical.Operands[i]);
                }
                text.Append(')');
                break;
            case NotFilter not:
                text.Append("(NOT ");
                Write(text, not.Operand);
                text.Append(')');
                break;
            case ComparisonFilter comparison:
                text.Append('(').Append(Name(comparison.Property)).Append(' ').Append(Operator(comparison.Operator)).Append(' ')
                    .Append(Literal(comparison.Value)).Append(')');
                break;
            case PropertyComparisonFilter pair:
                text.Append('(').Append(Name(pair.Left)).Append(' ').Append(Operator(pair.Operator)).Append(' ').Append(Name(pair.Right)).Append(')');
                break;
            case ConstantFilter constant:
                text.Append(constant.Value ? "TRUE" : "FALSE");
                break;
            case BetweenFilter between:
                text.Append('(').Append(Name(between.Property)).Append(" BETWEEN ").Append(Literal(between.Low))
                    .Append(" AND ").Append(Literal(between.High)).Append(')');
                break;
            case InFilter @in:
                text.Append('(').Append(Name(@in.Property)).Append(" IN (").AppendJoin(", ", @in.Values.Select(Literal)).Append("))");
                break;
            case LikeFilter like:
                text.Append('(').Append(Name(like.Property)).Append(like.CaseInsensitive ? " ILIKE " : " LIKE ").Append(Literal(like.Pattern)).Append(')');
                break;
            case IsNullFilter isNull:
                text.Append('(').Append(Name(isNull.Property)).Append(" IS NULL)");
                break;
            case SpatialFilter spatial:
                text.Append("S_").Append(spatial.Operator.ToString().ToUpperInvariant()).Append("(\"geometry\", ")
                    .Append(Wkt(spatial.Literal)).Append(')');
                break;
            case DistanceFilter distance:
                text.Append("S_DWITHIN(\"geometry\", ").Append(Wkt(distance.Literal)).Append(", ")
                    .Append(Literal(distance.Metres)).Append(')');
                break;
            default:
                throw new ArgumentException($"unknown filter node {node.GetType().Name}", nameof(node));
        }
    }

    /// <summary>The CQL2 text of a comparison operator.</summary>
    public static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    private static string Name(string property) => "\"" + property.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(object value) => value switch
    {
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "TRUE" : "FALSE",
        _ => throw new ArgumentException($"not a literal: {value}", nameof(value)),
    };

    private static string Wkt(NetTopologySuite.Geometries.Geometry geometry) =>
        new WKTWriter { MaxCoordinatesPerLine = int.MaxValue }.Write(geometry);
}
