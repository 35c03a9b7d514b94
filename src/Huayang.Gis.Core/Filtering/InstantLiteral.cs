using System.Globalization;

namespace Huayang.Gis.Core.Filtering;

/// <summary>A CQL2 date (<c>2024-05-01</c>) or time stamp (RFC 3339, <c>2024-05-01T08:00:00Z</c>) literal, as UTC.</summary>
internal static class InstantLiteral
{
    public static DateTimeOffset? Parse(string text, bool date) =>
        DateTimeOffset.TryParseExact(text,
            date ? ["yyyy-MM-dd"] : ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : null;
}
