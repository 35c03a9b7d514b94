using System.Globalization;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Filtering;
using Huayang.Gis.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// The query of <c>/collections/{id}/items</c>, read and checked: every problem becomes a 400 that names the
/// parameter and what it accepts.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>limit</c>: an integer ≥ 1, default 100; values above 10,000 are served as 10,000 (the
/// standard lets a server clamp rather than refuse).</item>
/// <item><c>offset</c>: an integer 0..1,000,000,000, default 0.</item>
/// <item><c>bbox</c>: four finite numbers in the axis order of <c>bbox-crs</c> (default CRS84), lower corner
/// first, inside the CRS's range; transformed to CRS84 before the store sees it.</item>
/// <item><c>datetime</c>: an RFC 3339 instant or interval (<c>..</c> or empty for an open end). The layers
/// have no temporal properties, so once accepted it selects nothing out.</item>
/// <item>Any other parameter must be a property of the collection: the features whose property equals the
/// value. Anything else is refused, with the list of what is allowed.</item>
/// <item><c>filter</c>, <c>filter-lang</c>, <c>filter-crs</c>, <c>sortby</c>, <c>properties</c>: see <see cref="ItemsFilter"/>.</item>
/// </list>
/// </remarks>
internal sealed record ItemsParameters(
    Envelope? Bbox, OutputCrs Crs, int Limit, long Offset, IReadOnlyList<KeyValuePair<string, string>> Filters)
{
    public const int DefaultLimit = 100;
    public const long MaxOffset = 1_000_000_000;

    /// <summary>The CQL2 filter, sort keys and chosen properties.</summary>
    public ItemsFilter Query { get; init; } = new(null, null, null);

    /// <summary>The parameters every items request may carry, besides property filters.</summary>
    public static IReadOnlyList<string> Standard { get; } = ["f", "bbox", "bbox-crs", "crs", "limit", "offset", "datetime", .. ItemsFilter.Parameters];

    public static bool TryRead(
        IQueryCollection query, LayerSummary layer, Queryables queryables, out ItemsParameters parameters, out ProblemHttpResult? problem)
    {
        parameters = null!;
        problem = ApiProblems.Unknown(query, [.. Standard, .. layer.PropertyNames]) ?? ApiProblems.Repeated(query);
        if (problem is not null)
        {
            return false;
        }

        var crsText = Single(query, "crs");
        var crs = crsText is null ? OutputCrs.Crs84 : OutputCrs.Find(crsText);
        if (crs is null)
        {
            problem = ApiProblems.BadParameter("crs", crsText, OutputCrs.Allowed);
            return false;
        }
        var bboxCrsText = Single(query, "bbox-crs");
        var bboxCrs = bboxCrsText is null ? OutputCrs.Crs84 : OutputCrs.Find(bboxCrsText);
        if (bboxCrs is null)
        {
            problem = ApiProblems.BadParameter("bbox-crs", bboxCrsText, OutputCrs.Allowed);
            return false;
        }
        if (!TryReadBbox(Single(query, "bbox"), bboxCrs, out var bbox, out problem)
            || !TryReadLimit(Single(query, "limit"), out var limit, out problem)
            || !TryReadOffset(Single(query, "offset"), out var offset, out problem)
            || !TryCheckDatetime(Single(query, "datetime"), out problem)
            || !ItemsFilter.TryRead(query, queryables, layer, out var filter, out problem))
        {
            return false;
        }

        var filters = query
            .Where(p => !Standard.Contains(p.Key, StringComparer.Ordinal))
            .Select(p => KeyValuePair.Create(p.Key, p.Value.ToString()))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
        parameters = new ItemsParameters(bbox, crs, limit, offset, filters) { Query = filter };
        return true;
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static bool TryReadBbox(string? text, OutputCrs crs, out Envelope? bbox, out ProblemHttpResult? problem)
    {
        bbox = null;
        problem = null;
        if (text is null)
        {
            return true;
        }
        var allowed = $"four numbers: lower corner then upper corner, in the axis order of bbox-crs ({crs.Uri}: {crs.AxisNames}), " +
            $"within {Range(crs)}";
        var parts = text.Split(',');
        var numbers = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                problem = ApiProblems.BadParameter("bbox", text, allowed);
                return false;
            }
        }
        if (numbers.Length != 4)
        {
            problem = ApiProblems.BadParameter("bbox", text, allowed);
            return false;
        }
        // Back to x = longitude/easting, y = latitude/northing.
        var (x1, y1) = crs.SecondAxisFirst ? (numbers[1], numbers[0]) : (numbers[0], numbers[1]);
        var (x2, y2) = crs.SecondAxisFirst ? (numbers[3], numbers[2]) : (numbers[2], numbers[3]);
        var box = new Envelope(x1, x2, y1, y2);
        if (x1 > x2 || y1 > y2 || !crs.Domain.Covers(box))
        {
            problem = ApiProblems.BadParameter("bbox", text, allowed);
            return false;
        }
        // Into CRS84, the CRS of the stored geometry, so that the store's spatial index serves the query.
        var lonLat = crs == OutputCrs.Crs84 ? box : CoordinateTransformer.Transform(box, crs.Id, CrsId.Crs84).Intersection(OutputCrs.Crs84.Domain);
        if (lonLat.IsNull || !double.IsFinite(lonLat.Width) || !double.IsFinite(lonLat.Height))
        {
            problem = ApiProblems.BadParameter("bbox", text, allowed);
            return false;
        }
        bbox = lonLat;
        return true;
    }

    private static string Range(OutputCrs crs)
    {
        var d = crs.Domain;
        var (min1, min2) = crs.Order(d.MinX, d.MinY);
        var (max1, max2) = crs.Order(d.MaxX, d.MaxY);
        return string.Create(CultureInfo.InvariantCulture, $"[{min1}, {max1}] × [{min2}, {max2}]");
    }

    private static bool TryReadLimit(string? text, out int limit, out ProblemHttpResult? problem)
    {
        limit = DefaultLimit;
        problem = null;
        if (text is null)
        {
            return true;
        }
        if (!IsDigits(text) || text.All(c => c == '0'))
        {
            problem = ApiProblems.BadParameter("limit", text,
                $"an integer from 1 (default {DefaultLimit}); values above {FeatureQuery.MaxLimit} are served as {FeatureQuery.MaxLimit}");
            return false;
        }
        limit = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < FeatureQuery.MaxLimit
            ? (int)value
            : FeatureQuery.MaxLimit;
        return true;
    }

    private static bool TryReadOffset(string? text, out long offset, out ProblemHttpResult? problem)
    {
        offset = 0;
        problem = null;
        if (text is null)
        {
            return true;
        }
        if (!IsDigits(text) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > MaxOffset)
        {
            problem = ApiProblems.BadParameter("offset", text, string.Create(CultureInfo.InvariantCulture, $"an integer from 0 to {MaxOffset} (default 0)"));
            return false;
        }
        return true;
    }

    private static bool TryCheckDatetime(string? text, out ProblemHttpResult? problem)
    {
        problem = null;
        if (text is null)
        {
            return true;
        }
        var ends = text.Split('/');
        var valid = ends.Length switch
        {
            1 => IsInstant(ends[0]),
            2 => (IsInstant(ends[0]) || IsOpen(ends[0])) && (IsInstant(ends[1]) || IsOpen(ends[1])) && !(IsOpen(ends[0]) && IsOpen(ends[1])),
            _ => false,
        };
        if (!valid)
        {
            problem = ApiProblems.BadParameter("datetime", text,
                "an RFC 3339 date or date-time (2024-05-01, 2024-05-01T08:00:00Z) or an interval start/end with '..' for an open end");
        }
        return valid;

        static bool IsOpen(string end) => end is "" or "..";
        static bool IsInstant(string end) =>
            DateTimeOffset.TryParseExact(end, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);
}
