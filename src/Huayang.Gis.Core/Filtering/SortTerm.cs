using NetTopologySuite.Features;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// One key of <c>sortby</c>: a queryable property (not the geometry), ascending or descending. Features are ordered
/// by the keys in turn, nulls last in either direction, strings by code point (<c>COLLATE "C"</c>), then by id.
/// </summary>
public sealed record SortTerm(string Property, bool Descending)
{
    /// <summary>
    /// Reads <c>name_zh,-capacity,+status</c>: comma-separated property names, each optionally prefixed by
    /// <c>+</c> (ascending, the default) or <c>-</c> (descending).
    /// </summary>
    /// <exception cref="FilterException">An empty key, an unknown or repeated property, or the geometry.</exception>
    public static IReadOnlyList<SortTerm> Parse(string text, Queryables queryables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(queryables);
        var terms = new List<SortTerm>();
        var position = 1;
        foreach (var part in text.Split(','))
        {
            var key = part.Trim();
            var at = position + (part.Length - part.TrimStart().Length);
            var descending = key.StartsWith('-');
            var name = key.StartsWith('-') || key.StartsWith('+') ? key[1..] : key;
            var field = queryables.Find(name);
            if (name.Length == 0)
            {
                throw new FilterException("sortby has an empty key; write property names separated by commas, '-' for descending", at);
            }
            if (field is null)
            {
                throw new FilterException($"unknown property '{name}'; queryables of {queryables.Layer}: {queryables.Names}", at);
            }
            if (field.Type == QueryableType.Geometry)
            {
                throw new FilterException("features cannot be sorted by their geometry", at);
            }
            if (terms.Any(t => t.Property == name))
            {
                throw new FilterException($"sortby names '{name}' twice", at);
            }
            terms.Add(new SortTerm(name, descending));
            position += part.Length + 1;
        }
        return terms;
    }

    /// <summary>The order of features by the terms, nulls last, then by id (code points).</summary>
    public static IComparer<IFeature> Comparer(IReadOnlyList<SortTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return Comparer<IFeature>.Create((a, b) =>
        {
            foreach (var term in terms)
            {
                var (x, y) = (SortValue(a, term.Property), SortValue(b, term.Property));
                if (x is null || y is null)
                {
                    if (x is null != y is null)
                    {
                        return x is null ? 1 : -1;
                    }
                    continue;
                }
                var order = FilterEvaluator.Order(x, y) ?? 0;
                if (order != 0)
                {
                    return term.Descending ? -order : order;
                }
            }
            return LikePattern.CompareCodePoints(a.Attributes["id"]?.ToString(), b.Attributes["id"]?.ToString());
        });
    }

    private static object? SortValue(IFeature feature, string property) =>
        feature.Attributes is { } attributes && attributes.Exists(property)
            ? attributes[property] switch
            {
                string text => text,
                bool flag => flag,
                long whole => (double)whole,
                int whole => (double)whole,
                double number when double.IsFinite(number) => number,
                _ => null,
            }
            : null;
}
