using Huayang.Gis.Core.Filtering;
using Huayang.Gis.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// The Part 3 and sorting parameters of <c>/collections/{id}/items</c>, read and checked against the collection's
/// queryables: <c>filter</c> (CQL2), <c>filter-lang</c> (<c>cql2-text</c>, the default; <c>cql2-json</c>; and
/// <c>cql-text</c>, the name GDAL 3.6 sends), <c>filter-crs</c>, <c>sortby</c> and <c>properties</c>.
/// </summary>
/// <remarks>
/// A filter that does not parse, names an unknown property or exceeds a limit is a 400 whose detail names the problem
/// and its position and shows the filter with <c>⟨here⟩</c> at that position; <c>position</c> (and for CQL2 JSON
/// <c>path</c>) are members of the problem too. <c>properties</c> chooses the returned properties (comma-separated;
/// empty for none); <c>id</c> is always kept, as the feature's id.
/// </remarks>
internal sealed record ItemsFilter(FilterNode? Filter, IReadOnlyList<SortTerm>? SortBy, IReadOnlyList<string>? Properties)
{
    /// <summary>The parameters this reads.</summary>
    public static IReadOnlyList<string> Parameters { get; } = ["filter", "filter-lang", "filter-crs", "sortby", "properties"];

    public static bool TryRead(IQueryCollection query, Queryables queryables, LayerSummary summary, out ItemsFilter read, out ProblemHttpResult? problem)
    {
        read = new ItemsFilter(null, null, null);
        problem = null;
        var languageText = Single(query, "filter-lang");
        var language = languageText is null ? FilterLanguage.Cql2Text : FilterParser.Language(languageText);
        if (language is null)
        {
            problem = ApiProblems.BadParameter("filter-lang", languageText, string.Join(", ", FilterParser.LanguageNames));
            return false;
        }
        var crsText = Single(query, "filter-crs");
        var crs = crsText is null ? FilterCrs.Crs84 : FilterCrs.Find(crsText);
        if (crs is null)
        {
            problem = ApiProblems.BadParameter("filter-crs", crsText, FilterCrs.Allowed);
            return false;
        }
        FilterNode? filter = null;
        if (Single(query, "filter") is { } text)
        {
            try
            {
                filter = FilterParser.Parse(text, language.Value, queryables, crs);
            }
            catch (FilterException e)
            {
                problem = Refusal("filter", text, e, languageText ?? "cql2-text");
                return false;
            }
        }
        IReadOnlyList<SortTerm>? sortBy = null;
        if (Single(query, "sortby") is { } sortText)
        {
            try
            {
                sortBy = SortTerm.Parse(sortText, queryables);
            }
            catch (FilterException e)
            {
                problem = Refusal("sortby", sortText, e, null);
                return false;
            }
        }
        IReadOnlyList<string>? properties = null;
        if (Single(query, "properties") is { } propertiesText)
        {
            var names = propertiesText.Length == 0 ? [] : propertiesText.Split(',').Select(n => n.Trim()).ToList();
            var unknown = names.FirstOrDefault(n => !summary.PropertyNames.Contains(n, StringComparer.Ordinal));
            if (unknown is not null)
            {
                problem = ApiProblems.BadParameter("properties", propertiesText,
                    $"property names of {summary.Layer} separated by commas (empty for none; id is always kept): {string.Join(", ", summary.PropertyNames)}",
                    $"'{unknown}' is not one of them.");
                return false;
            }
            properties = names.Distinct(StringComparer.Ordinal).ToList();
        }
        read = new ItemsFilter(filter, sortBy, properties);
        return true;
    }

    /// <summary>The features with only the chosen properties (and <c>id</c>), in their order; all of them when none were chosen.</summary>
    public IReadOnlyList<IFeature> Select(IReadOnlyList<IFeature> features)
    {
        if (Properties is null)
        {
            return features;
        }
        return features.Select(f =>
        {
            var attributes = new AttributesTable();
            foreach (var name in f.Attributes.GetNames())
            {
                if (name == "id" || Properties.Contains(name, StringComparer.Ordinal))
                {
                    attributes.Add(name, f.Attributes[name]);
                }
            }
            return (IFeature)new Feature(f.Geometry, attributes);
        }).ToList();
    }

    /// <summary>The summary with only the properties shown (for the HTML table's columns).</summary>
    public LayerSummary Shown(LayerSummary summary) =>
        Properties is null ? summary : summary with { PropertyNames = summary.PropertyNames.Where(n => n == "id" || Properties.Contains(n, StringComparer.Ordinal)).ToList() };

    private static ProblemHttpResult Refusal(string parameter, string text, FilterException e, string? language)
    {
        var extensions = new Dictionary<string, object?> { ["parameter"] = parameter, ["position"] = e.Position };
        if (e.Path is not null)
        {
            extensions["path"] = e.Path;
        }
        if (language is not null)
        {
            extensions["filter-lang"] = language;
        }
        return TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: $"Bad value for parameter '{parameter}'",
            detail: $"'{parameter}': {e.Message}. {(parameter == "filter" ? "The filter" : "It")} with ⟨here⟩ at that position: {e.Marked(text)}",
            extensions: extensions);
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;
}
