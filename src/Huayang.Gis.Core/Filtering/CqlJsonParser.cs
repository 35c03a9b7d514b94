using System.Text.Json;
using Huayang.Gis.Core.IO;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// CQL2 JSON: <c>{"op": "and", "args": […]}</c> with the operators of <see cref="CqlTextParser"/> (<c>and</c>,
/// <c>or</c>, <c>not</c>, <c>=</c> … <c>&gt;=</c>, <c>like</c>, <c>between</c>, <c>in</c>, <c>isNull</c>,
/// <c>s_intersects</c> … <c>s_contains</c>, <c>s_dwithin</c>), properties as <c>{"property": "name"}</c>,
/// geometry literals as GeoJSON geometry objects or <c>{"bbox": […]}</c>.
/// </summary>
internal sealed class CqlJsonParser(byte[] utf8, FilterBuilder builder)
{
    private static readonly Dictionary<string, ComparisonOperator> Comparisons = new(StringComparer.Ordinal)
    {
        ["="] = ComparisonOperator.Equal,
        ["<>"] = ComparisonOperator.NotEqual,
        ["<"] = ComparisonOperator.Less,
        ["<="] = ComparisonOperator.LessOrEqual,
        [">"] = ComparisonOperator.Greater,
        [">="] = ComparisonOperator.GreaterOrEqual,
    };

    private static readonly Dictionary<string, SpatialOperator> SpatialFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["s_intersects"] = SpatialOperator.Intersects,
        ["s_equals"] = SpatialOperator.Equals,
        ["s_disjoint"] = SpatialOperator.Disjoint,
        ["s_touches"] = SpatialOperator.Touches,
        ["s_within"] = SpatialOperator.Within,
        ["s_overlaps"] = SpatialOperator.Overlaps,
        ["s_crosses"] = SpatialOperator.Crosses,
        ["s_contains"] = SpatialOperator.Contains,
    };

    public FilterNode Parse() => Node(JsonTree.Parse(utf8), 1);

    private FilterNode Node(JsonTree json, int depth)
    {
        FilterBuilder.Depth(depth, json.Position, json.Path);
        if (json.Kind is JsonTokenType.True or JsonTokenType.False)
        {
            builder.Count(json.Position, json.Path);
            return new ConstantFilter(json.Kind == JsonTokenType.True);
        }
        if (!json.IsObject || json.Member("op") is not { Kind: JsonTokenType.String, Text: { } op } opNode)
        {
            throw new FilterException("expected an operation: an object with \"op\" and \"args\"", json.Position, json.Path);
        }
        builder.Count(json.Position, json.Path);
        var argsNode = json.Member("args");
        if (argsNode is not { IsArray: true })
        {
            throw new FilterException($"the operation '{op}' needs \"args\", an array", json.Position, json.Path);
        }
        var args = argsNode.Items;
        switch (op.ToLowerInvariant())
        {
            case "and" or "or":
                Arity(opNode, op, args, 2, int.MaxValue);
                return new LogicalFilter(op.Equals("and", StringComparison.OrdinalIgnoreCase) ? LogicalOperator.And : LogicalOperator.Or,
                    args.Select(a => Node(a, depth + 1)).ToList());
            case "not":
                Arity(opNode, op, args, 1, 1);
                return new NotFilter(Node(args[0], depth + 1));
            case "isnull":
                Arity(opNode, op, args, 1, 1);
                return new IsNullFilter(Property(args[0]).Name);
            case "like":
                Arity(opNode, op, args, 2, 2);
                return builder.Like((Property(args[0]), args[0].Position, args[0].Path), Literal(args[1], "like"), args[1].Position, args[1].Path);
            case "between":
                Arity(opNode, op, args, 3, 3);
                return builder.Between((Property(args[0]), args[0].Position, args[0].Path), Literal(args[1], "between"), Literal(args[2], "between"),
                    args[1].Position, args[2].Position, args[1].Path, args[2].Path);
            case "in":
                Arity(opNode, op, args, 2, 2);
                if (!args[1].IsArray)
                {
                    throw new FilterException("'in' takes a property and an array of values", args[1].Position, args[1].Path);
                }
                var property = Property(args[0]);
                return builder.In(property, args[1].Items.Select(v => (Literal(v, "in", count: false), v.Position, (string?)v.Path)).ToList(), args[1].Position, args[1].Path);
            case "s_dwithin":
                Arity(opNode, op, args, 3, 3);
                return FilterBuilder.Distance(GeometryArgument(args[0]), GeometryArgument(args[1]), Literal(args[2], "s_dwithin"), args[2].Position, args[2].Path);
        }
        if (Comparisons.TryGetValue(op, out var comparison))
        {
            Arity(opNode, op, args, 2, 2);
            var (left, right) = (args[0], args[1]);
            if (IsProperty(left) && !IsProperty(right))
            {
                return builder.Compare(Property(left), comparison, Literal(right, op), right.Position, right.Path);
            }
            if (IsProperty(right) && !IsProperty(left))
            {
                return builder.Compare(Property(right), CqlTextParser.Flip(comparison), Literal(left, op), left.Position, left.Path);
            }
            if (IsProperty(left))
            {
                return builder.ComparePair(Property(left), comparison, Property(right), right.Position, right.Path);
            }
            return FilterBuilder.CompareLiterals(Literal(left, op), comparison, Literal(right, op), right.Position, right.Path);
        }
        if (SpatialFunctions.TryGetValue(op, out var spatial))
        {
            Arity(opNode, op, args, 2, 2);
            return FilterBuilder.Spatial(spatial, GeometryArgument(args[0]), GeometryArgument(args[1]));
        }
        throw new FilterException(
            $"unknown operation '{op}'; known: and, or, not, =, <>, <, <=, >, >=, like, between, in, isNull, {string.Join(", ", SpatialFunctions.Keys)}, s_dwithin",
            opNode.Position, opNode.Path);
    }

    private static void Arity(JsonTree opNode, string op, List<JsonTree> args, int min, int max)
    {
        if (args.Count < min || args.Count > max)
        {
            var wanted = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw new FilterException($"'{op}' takes {wanted} argument{(min == 1 && max == 1 ? "" : "s")}; got {args.Count}", opNode.Position, opNode.Path);
        }
    }

    private static bool IsProperty(JsonTree json) => json.IsObject && json.Member("property") is not null;

    private QueryableField Property(JsonTree json)
    {
        if (json.Member("property") is { Kind: JsonTokenType.String, Text: { } name } node && json.Members.Count == 1)
        {
            builder.Count(node.Position, node.Path);
            return builder.Property(name, node.Position, node.Path);
        }
        throw new FilterException("expected a property: {\"property\": \"name\"}", json.Position, json.Path);
    }

    private object Literal(JsonTree json, string op, bool count = true)
    {
        if (count)
        {
            builder.Count(json.Position, json.Path);
        }
        if (json.Scalar is { } value)
        {
            return value;
        }
        if (json.IsObject && json.Members.Count == 1 && json.Members[0] is ("date" or "timestamp", { Kind: JsonTokenType.String } instant))
        {
            return InstantLiteral.Parse(instant.Text!, json.Members[0].Name == "date")
                ?? throw new FilterException($"not a {json.Members[0].Name}: '{instant.Text}'", instant.Position, instant.Path);
        }
        if (IsProperty(json))
        {
            throw new FilterException($"'{op}' needs a literal here, not a property", json.Position, json.Path);
        }
        throw new FilterException($"'{op}' needs a string, number or boolean here", json.Position, json.Path);
    }

    /// <summary>An argument of a spatial operation: a geometry literal, or null for the property <c>geometry</c>.</summary>
    private Geometry? GeometryArgument(JsonTree json)
    {
        if (IsProperty(json))
        {
            GeometryProperty(json);
            return null;
        }
        return Geometry(json);
    }

    private void GeometryProperty(JsonTree json)
    {
        var name = json.Member("property")!;
        if (name.Text is null)
        {
            throw new FilterException("expected a property: {\"property\": \"name\"}", json.Position, json.Path);
        }
        builder.Count(name.Position, name.Path);
        builder.GeometryProperty(name.Text, name.Position, name.Path);
    }

    private Geometry Geometry(JsonTree json)
    {
        builder.Count(json.Position, json.Path);
        if (json.IsObject && json.Member("bbox") is { } bbox)
        {
            if (!bbox.IsArray || bbox.Items.Any(i => i.Kind != JsonTokenType.Number))
            {
                throw new FilterException("a bbox literal is an array of four numbers", bbox.Position, bbox.Path);
            }
            return builder.Literal(BoxLiteral.Polygon(bbox.Items.Select(i => i.Number).ToList(), bbox.Position, bbox.Path), json.Position, json.Path);
        }
        if (json.IsObject && json.Member("type") is not null)
        {
            using var document = JsonDocument.Parse(utf8.AsMemory(json.Start, json.End - json.Start));
            var geometry = GeoJsonGeometryReader.TryRead(document.RootElement)
                ?? throw new FilterException("the geometry literal is not a GeoJSON geometry (type and coordinates)", json.Position, json.Path);
            return builder.Literal(geometry, json.Position, json.Path);
        }
        throw new FilterException("expected a geometry literal: a GeoJSON geometry or {\"bbox\": [...]}", json.Position, json.Path);
    }
}
