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

    /// <summary>The level with this id, or null.</summary>
    public LifeCircleLevel? Level(string id) =>
        Levels.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));

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
