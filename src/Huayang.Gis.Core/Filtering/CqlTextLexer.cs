using System.Globalization;
using System.Text;

namespace Huayang.Gis.Core.Filtering;

internal enum TokenKind
{
    Word,
    QuotedWord,
    String,
    Number,
    LeftParen,
    RightParen,
    Comma,
    Operator,
    End,
}

/// <summary>A token of CQL2 text; <see cref="Position"/> counts characters from 1.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0)
{
    /// <summary>True for an unquoted word equal to <paramref name="keyword"/> in any case.</summary>
    public bool Is(string keyword) => Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public string Shown => Kind switch
    {
        TokenKind.End => "the end of the filter",
        TokenKind.String => $"the string '{Text}'",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits CQL2 text into tokens on demand: words (keywords and property names, case kept), "quoted" property
/// names ("" for a quote), 'strings' ('' for an apostrophe), numbers, parentheses, commas and the comparison
/// operators. Geometry literals are read whole by <see cref="ReadWktBody"/>.
/// </summary>
internal sealed class CqlTextLexer(string text)
{
    private int _offset;
    private Token? _peeked;

    public string Text => text;

    public Token Peek() => _peeked ??= Read();

    public Token Next()
    {
        var token = Peek();
        _peeked = null;
        return token;
    }

    /// <summary>
    /// After a geometry keyword was taken by <see cref="Next"/>: the rest of the WKT, from the first parenthesis to
    /// the one that closes it.
    /// </summary>
    public string ReadWktBody(Token keyword)
    {
        if (_peeked is not null)
        {
            throw new InvalidOperationException("a token was peeked after the geometry keyword");
        }
        SkipSpace();
        var start = _offset;
        var depth = 0;
        for (; _offset < text.Length; _offset++)
        {
            var c = text[_offset];
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                _offset++;
                return text[start.._offset];
            }
            else if (depth == 0 && !char.IsAsciiLetter(c) && !char.IsWhiteSpace(c))
            {
                break;
            }
        }
        throw new FilterException(
            depth > 0 ? $"the {keyword.Text.ToUpperInvariant()} literal has an unclosed parenthesis" : $"{keyword.Text.ToUpperInvariant()} needs its coordinates in parentheses",
            keyword.Position);
    }

    private void SkipSpace()
    {
        while (_offset < text.Length && char.IsWhiteSpace(text[_offset]))
        {
            _offset++;
        }
    }

    private Token Read()
    {
        SkipSpace();
        if (_offset >= text.Length)
        {
            return new Token(TokenKind.End, "", text.Length + 1);
        }
        var start = _offset;
        var c = text[_offset];
        switch (c)
        {
            case '(':
                _offset++;
                return new Token(TokenKind.LeftParen, "(", start + 1);
            case ')':
                _offset++;
                return new Token(TokenKind.RightParen, ")", start + 1);
            case ',':
                _offset++;
                return new Token(TokenKind.Comma, ",", start + 1);
            case '\'':
                return new Token(TokenKind.String, Quoted('\''), start + 1);
            case '"':
                return new Token(TokenKind.QuotedWord, Quoted('"'), start + 1);
            case '=' or '+' or '-':
                _offset++;
                return new Token(TokenKind.Operator, c.ToString(), start + 1);
            case '<' or '>':
                _offset++;
                if (_offset < text.Length && (text[_offset] == '=' || (c == '<' && text[_offset] == '>')))
                {
                    _offset++;
                }
                return new Token(TokenKind.Operator, text[start.._offset], start + 1);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _offset + 1 < text.Length && char.IsAsciiDigit(text[_offset + 1])))
        {
            return Number(start);
        }
        if (char.IsLetter(c) || c == '_')
        {
            while (_offset < text.Length && (char.IsLetterOrDigit(text[_offset]) || text[_offset] is '_' or '.' or ':'))
            {
                _offset++;
            }
            return new Token(TokenKind.Word, text[start.._offset], start + 1);
        }
        throw new FilterException($"unexpected character '{char.ConvertFromUtf32(char.ConvertToUtf32(text, start))}'", start + 1);
    }

    private string Quoted(char quote)
    {
        var start = _offset;
        var value = new StringBuilder();
        _offset++;
        while (_offset < text.Length)
        {
            if (text[_offset] == quote)
            {
                if (_offset + 1 < text.Length && text[_offset + 1] == quote)
                {
                    value.Append(quote);
                    _offset += 2;
                    continue;
                }
                _offset++;
                return value.ToString();
            }
            value.Append(text[_offset++]);
        }
        throw new FilterException(quote == '\'' ? "the string is not closed (a ' is missing)" : "the quoted property name is not closed (a \" is missing)", start + 1);
    }

    private Token Number(int start)
    {
        while (_offset < text.Length && (char.IsAsciiDigit(text[_offset]) || text[_offset] == '.'))
        {
            _offset++;
        }
        if (_offset < text.Length && text[_offset] is 'e' or 'E')
        {
            _offset++;
            if (_offset < text.Length && text[_offset] is '+' or '-')
            {
                _offset++;
            }
            while (_offset < text.Length && char.IsAsciiDigit(text[_offset]))
            {
                _offset++;
            }
        }
        var written = text[start.._offset];
        if (!double.TryParse(written, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            throw new FilterException($"'{written}' is not a number", start + 1);
        }
        return new Token(TokenKind.Number, written, start + 1, number);
    }
}
