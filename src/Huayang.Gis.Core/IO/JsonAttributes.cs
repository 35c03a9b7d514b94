using System.Text.Json;
using NetTopologySuite.Features;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Feature attributes from a JSON object, with the CLR types the dataset readers give them: <see cref="string"/>,
/// <see cref="long"/> for integers that fit, <see cref="double"/> for other numbers, <see cref="bool"/>, null,
/// <c>object?[]</c> for arrays and a nested <see cref="AttributesTable"/> for objects. Public so that a store that
/// keeps attributes as JSON (PostGIS <c>jsonb</c>) answers with the same values as the embedded store.
/// </summary>
public static class JsonAttributes
{
    /// <summary>The members of the JSON object <paramref name="value"/> as attributes; the last of repeated names wins.</summary>
    public static AttributesTable ToTable(JsonElement value) => JsonValues.ToTable(value);
}
