using System.Text.Encodings.Web;
using System.Text.Json;

namespace Huayang.Gis.Core.Model;

/// <summary>One GB 50180-2018 life-circle level: a walking radius and the site categories it requires.</summary>
/// <param name="Id"><c>5min</c>, <c>10min</c> or <c>15min</c>.</param>
/// <param name="RadiusM">Walking distance in metres.</param>
public sealed record LifeCircleLevel(
    string Id, int Minutes, double RadiusM, string NameZh, string NameEn,
    IReadOnlyList<string> RequiredCategories);

/// <summary>The life-circle levels and the categories of sites, read from <c>data/life-circles.json</c>.</summary>
/// <param name="WalkingSpeedMPerMin">The planning walking speed (<c>walking_speed_m_per_min</c>), metres per minute;
/// <see cref="DefaultWalkingSpeedMPerMin"/> when the file does not give one.</param>
public sealed record LifeCircleStandard(
    string Standard, IReadOnlyList<LifeCircleLevel> Levels, IReadOnlyList<SiteCategory> Categories,
    double WalkingSpeedMPerMin = LifeCircleStandard.DefaultWalkingSpeedMPerMin)
{
    /// <summary>The walking speed when <c>life-circles.json</c> gives none: 67 m/min (4 km/h), within the 60–80 m/min planners use.</summary>
    public const double DefaultWalkingSpeedMPerMin = 67;

    /// <summary>
    /// Further service standards of the dataset (<c>standard-*.json</c> beside <c>life-circles.json</c>, in file-name order):
    /// levels with distances and required categories of their own, over the same categories and walking speed.
    /// </summary>
    public IReadOnlyList<ServiceStandard> Supplements { get; init; } = [];

    /// <summary>The level with this id, of the table or of a further standard (<see cref="Supplements"/>), or null.</summary>
    public LifeCircleLevel? Level(string id) =>
        AllLevels.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The table's levels, then those of each further standard.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<LifeCircleLevel> AllLevels => Levels.Concat(Supplements.SelectMany(s => s.Levels));

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The table in the shape of <c>life-circles.json</c> (snake_case), e.g. for storing in a database.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a table written by <see cref="ToJson"/> (or a <c>life-circles.json</c> already validated by the dataset reader).</summary>
    /// <exception cref="JsonException">The text is not such a table.</exception>
    public static LifeCircleStandard FromJson(string json) =>
        JsonSerializer.Deserialize<LifeCircleStandard>(json, JsonOptions)
        ?? throw new JsonException("a life-circle table cannot be null");
}

/// <summary>A category of site with its names in Chinese and English.</summary>
public sealed record SiteCategory(string Id, string NameZh, string NameEn);

/// <summary>A further service standard (for example the international-community services of the plan), read from <c>standard-*.json</c>.</summary>
/// <param name="File">The file it was read from, e.g. <c>standard-international.json</c>.</param>
public sealed record ServiceStandard(string Standard, string File, IReadOnlyList<LifeCircleLevel> Levels);
