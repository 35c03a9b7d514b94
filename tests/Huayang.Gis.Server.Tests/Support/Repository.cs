namespace Huayang.Gis.Server.Tests.Support;

/// <summary>The repository, found by walking up from the test binaries to the folder holding Huayang.Gis.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The bundled dataset, <c>data/</c>.</summary>
    public static string DataDirectory => Path.Combine(Root, "data");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Huayang.Gis.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Huayang.Gis.sln above {AppContext.BaseDirectory}");
    }
}
