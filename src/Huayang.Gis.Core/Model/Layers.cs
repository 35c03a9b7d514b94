namespace Huayang.Gis.Core.Model;

/// <summary>
/// The names of the built-in layers, as files (<c>{name}.geojson</c>), collections and tables. Everything else
/// about a layer is in its <see cref="LayerDefinition"/> (<see cref="LayerRegistry"/>).
/// </summary>
public static class Layers
{
    public const string Communities = "communities";
    public const string Plan = "plan";
    public const string Sites = "sites";
    public const string Population = "population";
    public const string Walkways = "walkways";
    public const string Water = "water";
    public const string Roads = "roads";

    /// <summary>Every built-in layer, in drawing order from bottom to top (<see cref="LayerRegistry.BuiltIn"/>).</summary>
    public static IReadOnlyList<string> All => LayerRegistry.BuiltIn.Names;

    /// <summary>The file holding the life-circle levels (<c>life-circles.json</c>).</summary>
    public const string LifeCirclesFile = "life-circles.json";

    /// <summary>The file in a dataset directory that declares the dataset's own layers (<c>layers.json</c>).</summary>
    public const string DeclarationsFile = "layers.json";
}
