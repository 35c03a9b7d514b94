namespace Huayang.Gis.Server;

/// <summary>
/// Where the server's data comes from: <c>ConnectionStrings:PostGis</c> (environment
/// <c>ConnectionStrings__PostGis</c>) for PostGIS, otherwise the embedded store over <c>Data:Directory</c>
/// (default: the bundled data next to the server). Checked at start: a wrong setting stops start-up
/// with a message that names it.
/// </summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>A dataset directory (or a single GeoPackage) for the embedded store; empty means the bundled data. A
    /// relative path is relative to the directory the server was started from (<c>dotnet run</c> too).</summary>
    public string? Directory { get; set; }

    /// <summary>The bundled dataset, copied next to the server at build time.</summary>
    public static string BundledDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The directory the embedded store reads.</summary>
    public string EffectiveDirectory => string.IsNullOrWhiteSpace(Directory) ? BundledDirectory : Directory;
}
