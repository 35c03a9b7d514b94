using System.Text;

namespace Huayang.Gis.Core.Filtering;

/// <summary>The languages of <c>filter-lang</c>.</summary>
public enum FilterLanguage
{
    /// <summary><c>cql2-text</c> (and <c>cql-text</c>, the name GDAL 3.6 sends for the CQL text it writes).</summary>
    Cql2Text,

    /// <summary><c>cql2-json</c>.</summary>
    Cql2Json,
}

/// <summary>Reads a filter in either language and checks it against a layer's queryables.</summary>
public static class FilterParser
{
    /// <summary>What <c>filter-lang</c> accepts.</summary>
    public static IReadOnlyList<string> LanguageNames { get; } = ["cql2-text", "cql2-json", "cql-text"];

    /// <summary>The language of a <c>filter-lang</c> value (exact, lower case), or null.</summary>
    public static FilterLanguage? Language(string? name) => name switch
    {
        "cql2-text" or "cql-text" => FilterLanguage.Cql2Text,
        "cql2-json" => FilterLanguage.Cql2Json,
        _ => null,
    };

    /// <summary>
    /// The checked filter, its geometry literals turned from <paramref name="crs"/> (default CRS84) into CRS84.
    /// </summary>
    /// <exception cref="FilterException">It does not parse, names a property that is not a queryable, mixes types or
    /// exceeds a <see cref="FilterLimits"/> limit.</exception>
    public static FilterNode Parse(string text, FilterLanguage language, Queryables queryables, FilterCrs? crs = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(queryables);
        FilterBuilder.CheckText(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FilterException("the filter is empty", 1);
        }
        var builder = new FilterBuilder(queryables, crs ?? FilterCrs.Crs84);
        return language == FilterLanguage.Cql2Json
            ? new CqlJsonParser(Encoding.UTF8.GetBytes(text), builder).Parse()
            : new CqlTextParser(text, builder).Parse();
    }
}
