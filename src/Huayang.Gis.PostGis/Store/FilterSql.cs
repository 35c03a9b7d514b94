using System.Globalization;
using Huayang.Gis.Core.Filtering;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// A checked CQL2 filter (<see cref="FilterNode"/>) as a SQL condition on a layer table, and <c>sortby</c> as its
/// ORDER BY. Every value is a parameter; property names become column names taken from the table's definition
/// (<see cref="LayerTable"/>, the whitelist), never text from the request.
/// </summary>
/// <remarks>
/// Strings compare <c>COLLATE "C"</c> (code point order, as the in-memory evaluator). Spatial relations run on
/// <c>geom</c> (SRID 4326) against the literal as a geometry parameter, so the GiST index serves them; S_DWITHIN
/// first keeps the features whose box meets the literal's box grown by the distance (in degrees, generously), then
/// measures in EPSG:4544 metres as the embedded store does.
/// </remarks>
internal static class FilterSql
{
    /// <summary>The condition for <c>WHERE</c>, adding its parameters to <paramref name="parameters"/> (numbered on from them).</summary>
    public static string Where(FilterNode filter, LayerTable table, List<NpgsqlParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new Writer(table, parameters).Write(filter);
    }

    /// <summary>The ORDER BY list: each key NULLS LAST (texts <c>COLLATE "C"</c>), then <c>id COLLATE "C"</c>.</summary>
    public static string OrderBy(IReadOnlyList<SortTerm>? terms, LayerTable table)
    {
        var keys = new List<string>();
        foreach (var term in terms ?? [])
        {
            var (column, text) = Column(table, term.Property);
            keys.Add($"{column}{(text ? " COLLATE \"C\"" : "")} {(term.Descending ? "DESC" : "ASC")} NULLS LAST");
        }
        keys.Add("id COLLATE \"C\"");
        return string.Join(", ", keys);
    }

    /// <summary>The columns <see cref="OrderBy"/> sorts on besides <c>id</c>, each once, for a page read in a subquery.</summary>
    public static IReadOnlyList<string> SortColumns(IReadOnlyList<SortTerm>? terms, LayerTable table) =>
        [.. (terms ?? []).Select(term => Column(table, term.Property).Column).Where(c => c != "id").Distinct(StringComparer.Ordinal)];

    /// <summary>The column of a queryable and whether it is text; the name comes from the table definition.</summary>
    private static (string Column, bool Text) Column(LayerTable table, string property)
    {
        if (property == Queryables.IdName)
        {
            return ("id", true);
        }
        var column = table.Typed.FirstOrDefault(c => string.Equals(c.Name, property, StringComparison.Ordinal))
            ?? throw new ArgumentException($"'{property}' is not a column of {table.Table}", nameof(property));
        return (column.Name, column.Kind == ColumnKind.Text);
    }

    private sealed class Writer(LayerTable table, List<NpgsqlParameter> parameters)
    {
        public string Write(FilterNode node) => node switch
        {
            LogicalFilter logical => "(" + string.Join(logical.Operator == LogicalOperator.And ? " AND " : " OR ",
                logical.Operands.Select(Write)) + ")",
            NotFilter not => $"(NOT {Write(not.Operand)})",
            ComparisonFilter comparison => Comparison(comparison),
            PropertyComparisonFilter pair => Pair(pair),
            ConstantFilter constant => constant.Value ? "TRUE" : "FALSE",
            BetweenFilter between => $"({Column(table, between.Property).Column} BETWEEN {Add(between.Low)} AND {Add(between.High)})",
            InFilter @in => In(@in),
            LikeFilter like => $"({Column(table, like.Property).Column} COLLATE \"C\" {(like.CaseInsensitive ? "ILIKE" : "LIKE")} {Add(like.Pattern)})",
            IsNullFilter isNull => $"({Column(table, isNull.Property).Column} IS NULL)",
            SpatialFilter spatial => $"{Function(spatial.Operator)}(geom, {Add(spatial.Literal)})",
            DistanceFilter distance => Distance(distance),
            _ => throw new ArgumentException($"unknown filter node {node.GetType().Name}", nameof(node)),
        };

        private string Comparison(ComparisonFilter comparison)
        {
            var (column, text) = Column(table, comparison.Property);
            var op = comparison.Operator switch
            {
                ComparisonOperator.Equal => "=",
                ComparisonOperator.NotEqual => "<>",
                ComparisonOperator.Less => "<",
                ComparisonOperator.LessOrEqual => "<=",
                ComparisonOperator.Greater => ">",
                _ => ">=",
            };
            return $"({column}{(text ? " COLLATE \"C\"" : "")} {op} {Add(comparison.Value)})";
        }

        private string Pair(PropertyComparisonFilter pair)
        {
            var (left, text) = Column(table, pair.Left);
            var right = Column(table, pair.Right).Column;
            var collate = text ? " COLLATE \"C\"" : "";
            return $"({left}{collate} {FilterText.Operator(pair.Operator)} {right}{collate})";
        }

        private string In(InFilter @in)
        {
            var (column, text) = Column(table, @in.Property);
            var list = @in.Values[0] switch
            {
                string => Add(@in.Values.Cast<string>().ToArray()),
                bool => Add(@in.Values.Cast<bool>().ToArray()),
                _ => Add(@in.Values.Cast<double>().ToArray()),
            };
            return $"({column}{(text ? " COLLATE \"C\"" : "")} = ANY({list}))";
        }

        private string Distance(DistanceFilter distance)
        {
            var box = distance.Literal.EnvelopeInternal;
            // Degrees that surely hold the distance: a degree of latitude is at least 110.5 km, of longitude
            // 111.3 km × cos(latitude) at the box's edge farthest from the equator; 5 % more for the projection's scale.
            var dLat = distance.Metres / 110_500 * 1.05 + 1e-7;
            var edge = Math.Min(89.9, Math.Max(Math.Abs(box.MinY), Math.Abs(box.MaxY)) + dLat);
            var dLon = distance.Metres / (111_300 * Math.Cos(edge * Math.PI / 180)) * 1.05 + 1e-7;
            var literal = Add(distance.Literal);
            return $"(geom && ST_MakeEnvelope({Add(box.MinX - dLon)}, {Add(box.MinY - dLat)}, {Add(box.MaxX + dLon)}, {Add(box.MaxY + dLat)}, 4326)" +
                $" AND ST_DWithin(ST_Transform(geom, 4544), ST_Transform({literal}, 4544), {Add(distance.Metres)}))";
        }

        private static string Function(SpatialOperator op) => op switch
        {
            SpatialOperator.Intersects => "ST_Intersects",
            SpatialOperator.Equals => "ST_Equals",
            SpatialOperator.Disjoint => "ST_Disjoint",
            SpatialOperator.Touches => "ST_Touches",
            SpatialOperator.Within => "ST_Within",
            SpatialOperator.Overlaps => "ST_Overlaps",
            SpatialOperator.Crosses => "ST_Crosses",
            _ => "ST_Contains",
        };

        /// <summary>Adds a parameter and returns its placeholder.</summary>
        private string Add(object value)
        {
            parameters.Add(value switch
            {
                string text => new NpgsqlParameter<string> { TypedValue = text },
                double number => new NpgsqlParameter<double> { TypedValue = number },
                bool flag => new NpgsqlParameter<bool> { TypedValue = flag },
                string[] texts => new NpgsqlParameter<string[]> { TypedValue = texts },
                double[] numbers => new NpgsqlParameter<double[]> { TypedValue = numbers },
                bool[] flags => new NpgsqlParameter<bool[]> { TypedValue = flags },
                Geometry geometry => new NpgsqlParameter<Geometry> { TypedValue = WithSrid(geometry) },
                _ => throw new ArgumentException($"no parameter type for {value.GetType().Name}", nameof(value)),
            });
            return "$" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        }

        private static Geometry WithSrid(Geometry geometry)
        {
            var copy = geometry.Copy();
            copy.SRID = 4326;
            return copy;
        }
    }
}
