namespace Huayang.Gis.Server.Tests.Tiles;

/// <summary>The repository's bundled data directory, found by walking up to Huayang.Gis.sln.</summary>
internal static class RepositoryData
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Huayang.Gis.sln")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }
        throw new InvalidOperationException($"no Huayang.Gis.sln above {AppContext.BaseDirectory}");
    }
}
