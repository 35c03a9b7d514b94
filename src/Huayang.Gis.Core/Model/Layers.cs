namespace Huayang.Gis.Core.Model;

/// <summary>The names of the dataset's layers, as files (<c>{name}.geojson</c>), collections and tables.</summary>
public static class Layers
{
    public const string Communities = "communities";
    public const string Plan = "plan";
    public const string Sites = "sites";
    public const string Population = "population";
    public const string Walkways = "walkways";
    public const string Water = "water";
    public const string Roads = "roads";

    /// <summary>Every layer, in drawing order from bottom to top.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Communities, Water, Population, Roads, Walkways, Plan, Sites];

    /// <summary>The file holding the life-circle levels (<c>life-circles.json</c>).</summary>
    public const string LifeCirclesFile = "life-circles.json";
}
