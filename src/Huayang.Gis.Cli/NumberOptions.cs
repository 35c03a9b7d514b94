using System.CommandLine;
using System.CommandLine.Parsing;
using Huayang.Gis.Core.Analysis;

namespace Huayang.Gis.Cli;

/// <summary>
/// Numeric options read with <see cref="ParameterText"/> (invariant culture, no thousands separators, no
/// hexadecimal, finite only) instead of System.CommandLine's own parsing, which reads <c>0,8</c> as 8. A
/// refused value is a parse error naming the option, the value and what is allowed, so the command exits 2.
/// </summary>
internal static class NumberOptions
{
    /// <summary>A number option; <paramref name="allowed"/> describes the range [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<double> Double(string name, string description, string allowed, double min, double max, double? defaultValue = null)
    {
        var option = new Option<double>(name) { Description = description, Required = defaultValue is null };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }
        option.CustomParser = result => Parse(result, name, allowed, defaultValue ?? double.NaN,
            text => ParameterText.TryDouble(text, min, max, out var number) ? number : null);
        return option;
    }

    /// <summary>An integer option; <paramref name="allowed"/> describes the range [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Int(string name, string description, string allowed, int min, int max, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.CustomParser = result => Parse(result, name, allowed, defaultValue,
            text => ParameterText.TryInt(text, min, max, out var number) ? number : null);
        return option;
    }

    private static T Parse<T>(ArgumentResult result, string name, string allowed, T fallback, Func<string, T?> read)
        where T : struct
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }
        var text = result.Tokens[^1].Value;
        if (read(text) is { } value)
        {
            return value;
        }
        result.AddError(ParameterText.Refusal(name, text, allowed));
        return fallback;
    }
}
