using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// CQL2 text (basic CQL2, advanced comparison operators, spatial functions): AND, OR, NOT, parentheses;
/// = &lt;&gt; &lt; &lt;= &gt; &gt;=; [NOT] BETWEEN, [NOT] IN, [NOT] LIKE, [NOT] ILIKE (the pre-CQL2 case-insensitive LIKE GDAL
/// writes; ASCII letters only, as PostgreSQL's ILIKE under <c>COLLATE "C"</c>), IS [NOT] NULL; S_INTERSECTS, S_EQUALS,
/// S_DISJOINT, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS and S_DWITHIN(geometry, literal, metres)
/// with WKT or BBOX(…) literals. Keywords in any case; property names as words or "quoted".
/// </summary>
internal sealed class CqlTextParser
{
    private static readonly Dictionary<string, SpatialOperator> SpatialFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["S_INTERSECTS"] = SpatialOperator.Intersects,
        ["S_EQUALS"] = SpatialOperator.Equals,
        ["S_DISJOINT"] = SpatialOperator.Disjoint,
        ["S_TOUCHES"] = SpatialOperator.Touches,
        ["S_WITHIN"] = SpatialOperator.Within,
        ["S_OVERLAPS"] = SpatialOperator.Overlaps,
        ["S_CROSSES"] = SpatialOperator.Crosses,
        ["S_CONTAINS"] = SpatialOperator.Contains,
    };

    private static readonly HashSet<string> GeometryKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "ILIKE", "IS", "NULL", "TRUE", "FALSE",
    };

    private readonly CqlTextLexer _lexer;
    private readonly FilterBuilder _builder;

    public CqlTextParser(string text, FilterBuilder builder)
    {
        _lexer = new CqlTextLexer(text);
        _builder = builder;
    }

    public FilterNode Parse()
    {
        var node = Or(1);
        var end = _lexer.Next();
        if (end.Kind != TokenKind.End)
        {
            throw new FilterException($"expected AND, OR or the end of the filter, found {end.Shown}", end.Position);
        }
        return node;
    }

    private FilterNode Or(int depth) => Logical(depth, LogicalOperator.Or, "OR", And);

    private FilterNode And(int depth) => Logical(depth, LogicalOperator.And, "AND", Not);

    private FilterNode Logical(int depth, LogicalOperator op, string keyword, Func<int, FilterNode> operand)
    {
        var first = _lexer.Peek();
        var operands = new List<FilterNode> { operand(depth) };
        while (_lexer.Peek().Is(keyword))
        {
            _lexer.Next();
            operands.Add(operand(depth));
        }
        if (operands.Count == 1)
        {
            return operands[0];
        }
        _builder.Count(first.Position);
        return new LogicalFilter(op, operands);
    }

    private FilterNode Not(int depth)
    {
        var token = _lexer.Peek();
        if (!token.Is("NOT"))
        {
            return Primary(depth);
        }
        _lexer.Next();
        FilterBuilder.Depth(depth + 1, token.Position);
        _builder.Count(token.Position);
        return new NotFilter(Not(depth + 1));
    }

    private FilterNode Primary(int depth)
    {
        var token = _lexer.Peek();
        if (token.Kind == TokenKind.LeftParen)
        {
            _lexer.Next();
            FilterBuilder.Depth(depth + 1, token.Position);
            var inner = Or(depth + 1);
            Expect(TokenKind.RightParen, "')'");
            return inner;
        }
        if (token.Kind == TokenKind.Word && (SpatialFunctions.ContainsKey(token.Text) || token.Is("S_DWITHIN")))
        {
            _lexer.Next();
            return Spatial(token);
        }
        return Predicate();
    }

    private FilterNode Predicate()
    {
        var left = Scalar();
        var after = _lexer.Peek();
        if (left.Literal is bool constant && (after.Kind is TokenKind.End or TokenKind.RightParen || after.Is("AND") || after.Is("OR")))
        {
            return new ConstantFilter(constant);
        }
        var token = _lexer.Next();
        if (token.Is("IS"))
        {
            var negated = _lexer.Peek().Is("NOT");
            if (negated)
            {
                _lexer.Next();
            }
            var nullWord = _lexer.Next();
            if (!nullWord.Is("NULL"))
            {
                throw new FilterException($"expected NULL after IS{(negated ? " NOT" : "")}, found {nullWord.Shown}", nullWord.Position);
            }
            var property = PropertyOf(left, "IS NULL");
            _builder.Count(token.Position);
            FilterNode isNull = new IsNullFilter(property.Name);
            return negated ? new NotFilter(isNull) : isNull;
        }
        var not = token.Is("NOT");
        if (not)
        {
            token = _lexer.Next();
            if (!token.Is("LIKE") && !token.Is("ILIKE") && !token.Is("BETWEEN") && !token.Is("IN"))
            {
                throw new FilterException($"expected LIKE, BETWEEN or IN after NOT, found {token.Shown}", token.Position);
            }
        }
        _builder.Count(token.Position);
        FilterNode node;
        if (token.Is("LIKE") || token.Is("ILIKE"))
        {
            var pattern = Scalar();
            var word = token.Text.ToUpperInvariant();
            node = _builder.Like((PropertyOf(left, word), left.Position, null), LiteralOf(pattern, word), pattern.Position, caseInsensitive: token.Is("ILIKE"));
        }
        else if (token.Is("BETWEEN"))
        {
            var low = Scalar();
            var and = _lexer.Next();
            if (!and.Is("AND"))
            {
                throw new FilterException($"expected AND in BETWEEN … AND …, found {and.Shown}", and.Position);
            }
            var high = Scalar();
            node = _builder.Between((PropertyOf(left, "BETWEEN"), left.Position, null), LiteralOf(low, "BETWEEN"), LiteralOf(high, "BETWEEN"), low.Position, high.Position);
        }
        else if (token.Is("IN"))
        {
            var property = PropertyOf(left, "IN");
            Expect(TokenKind.LeftParen, "'(' after IN");
            var values = new List<(object, int, string?)>();
            do
            {
                // IN values count against their own limit (FilterLimits.MaxInValues), not the node limit.
                var value = Scalar(count: false);
                values.Add((LiteralOf(value, "IN"), value.Position, null));
            }
            while (Optional(TokenKind.Comma));
            Expect(TokenKind.RightParen, "')' or ',' in the IN list");
            node = _builder.In(property, values, token.Position);
        }
        else if (token.Kind == TokenKind.Operator && Comparison(token.Text) is { } op)
        {
            var right = Scalar();
            node = (left.Property, right.Property) switch
            {
                ({ }, null) => _builder.Compare(PropertyOf(left, token.Text), op, LiteralOf(right, token.Text), right.Position),
                (null, { }) => _builder.Compare(PropertyOf(right, token.Text), Flip(op), LiteralOf(left, token.Text), left.Position),
                ({ }, { }) => _builder.ComparePair(PropertyOf(left, token.Text), op, PropertyOf(right, token.Text), right.Position),
                _ => FilterBuilder.CompareLiterals(left.Literal!, op, right.Literal!, right.Position),
            };
        }
        else
        {
            throw new FilterException($"expected a comparison (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN or IS NULL, found {token.Shown}", token.Position);
        }
        return not ? new NotFilter(node) : node;
    }

    private FilterNode Spatial(Token function)
    {
        _builder.Count(function.Position);
        Expect(TokenKind.LeftParen, $"'(' after {function.Text.ToUpperInvariant()}");
        var first = GeometryArgument();
        Expect(TokenKind.Comma, "','");
        var second = GeometryArgument();
        FilterNode node;
        if (function.Is("S_DWITHIN"))
        {
            Expect(TokenKind.Comma, "',' and the distance in metres");
            var distance = Scalar();
            node = FilterBuilder.Distance(first.Literal, second.Literal, LiteralOf(distance, "S_DWITHIN"), distance.Position);
        }
        else
        {
            node = FilterBuilder.Spatial(SpatialFunctions[function.Text], first.Literal, second.Literal);
        }
        Expect(TokenKind.RightParen, "')'");
        return node;
    }

    private (Geometry? Literal, int Position) GeometryArgument()
    {
        var token = _lexer.Next();
        if (token.Kind == TokenKind.Word && GeometryKeywords.Contains(token.Text))
        {
            var wkt = token.Text + " " + _lexer.ReadWktBody(token);
            Geometry written;
            try
            {
                written = new WKTReader().Read(wkt);
            }
            catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
            {
                throw new FilterException($"the {token.Text.ToUpperInvariant()} literal is not valid WKT ({e.Message})", token.Position);
            }
            _builder.Count(token.Position);
            return (_builder.Literal(written, token.Position), token.Position);
        }
        if (token.Is("BBOX"))
        {
            Expect(TokenKind.LeftParen, "'(' after BBOX");
            var numbers = new List<double>();
            do
            {
                var value = Scalar();
                numbers.Add(LiteralOf(value, "BBOX") is double number
                    ? number
                    : throw new FilterException("BBOX takes four numbers", value.Position));
            }
            while (Optional(TokenKind.Comma));
            Expect(TokenKind.RightParen, "')'");
            _builder.Count(token.Position);
            return (_builder.Literal(BoxLiteral.Polygon(numbers, token.Position, null), token.Position), token.Position);
        }
        if (token.Kind is TokenKind.Word or TokenKind.QuotedWord && !(token.Kind == TokenKind.Word && Keywords.Contains(token.Text)))
        {
            _builder.GeometryProperty(token.Text, token.Position);
            _builder.Count(token.Position);
            return (null, token.Position);
        }
        throw new FilterException($"expected the property 'geometry' or a geometry literal (POINT(…), POLYGON(…), BBOX(…) …), found {token.Shown}", token.Position);
    }

    /// <summary>A property name or a literal (string, number, TRUE, FALSE) with its position.</summary>
    private (string? Property, object? Literal, int Position) Scalar(bool count = true)
    {
        var token = _lexer.Next();
        if (count)
        {
            _builder.Count(token.Position);
        }
        switch (token.Kind)
        {
            case TokenKind.String:
                return (null, token.Text, token.Position);
            case TokenKind.Number:
                return (null, token.Number, token.Position);
            case TokenKind.Operator when token.Text is "-" or "+" && _lexer.Peek().Kind == TokenKind.Number:
                var number = _lexer.Next().Number;
                return (null, token.Text == "-" ? -number : number, token.Position);
            case TokenKind.QuotedWord:
                return (token.Text, null, token.Position);
            case TokenKind.Word when (token.Is("DATE") || token.Is("TIMESTAMP")) && _lexer.Peek().Kind == TokenKind.LeftParen:
                return (null, Instant(token), token.Position);
            case TokenKind.Word when token.Is("TRUE") || token.Is("FALSE"):
                return (null, token.Is("TRUE"), token.Position);
            case TokenKind.Word when token.Is("NULL"):
                throw new FilterException("NULL is not a value to compare with: write 'property IS NULL'", token.Position);
            case TokenKind.Word when !Keywords.Contains(token.Text):
                return (token.Text, null, token.Position);
        }
        throw new FilterException($"expected a property or a value, found {token.Shown}", token.Position);
    }

    /// <summary><c>DATE('2024-05-01')</c> or <c>TIMESTAMP('2024-05-01T08:00:00Z')</c>, after the word.</summary>
    private DateTimeOffset Instant(Token word)
    {
        Expect(TokenKind.LeftParen, "'('");
        var text = _lexer.Next();
        if (text.Kind != TokenKind.String || InstantLiteral.Parse(text.Text, word.Is("DATE")) is not { } instant)
        {
            throw new FilterException($"{word.Text.ToUpperInvariant()} takes a quoted {(word.Is("DATE") ? "date (2024-05-01)" : "RFC 3339 time stamp (2024-05-01T08:00:00Z)")}", text.Position);
        }
        Expect(TokenKind.RightParen, "')'");
        return instant;
    }

    private QueryableField PropertyOf((string? Property, object? Literal, int Position) scalar, string where) =>
        scalar.Property is { } name
            ? _builder.Property(name, scalar.Position)
            : throw new FilterException($"{where} needs a property on its left; found {FilterBuilder.DescribeValue(scalar.Literal)}", scalar.Position);

    private static object LiteralOf((string? Property, object? Literal, int Position) scalar, string where) =>
        scalar.Literal ?? throw new FilterException($"{where} needs a literal here, not the property '{scalar.Property}'", scalar.Position);

    private static ComparisonOperator? Comparison(string text) => text switch
    {
        "=" => ComparisonOperator.Equal,
        "<>" => ComparisonOperator.NotEqual,
        "<" => ComparisonOperator.Less,
        "<=" => ComparisonOperator.LessOrEqual,
        ">" => ComparisonOperator.Greater,
        ">=" => ComparisonOperator.GreaterOrEqual,
        _ => null,
    };

    /// <summary>The operator with its sides swapped: <c>5 &lt; x</c> is <c>x &gt; 5</c>.</summary>
    internal static ComparisonOperator Flip(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        _ => op,
    };

    private void Expect(TokenKind kind, string what)
    {
        var token = _lexer.Next();
        if (token.Kind != kind)
        {
            throw new FilterException($"expected {what}, found {token.Shown}", token.Position);
        }
    }

    private bool Optional(TokenKind kind)
    {
        if (_lexer.Peek().Kind != kind)
        {
            return false;
        }
        _lexer.Next();
        return true;
    }
}
