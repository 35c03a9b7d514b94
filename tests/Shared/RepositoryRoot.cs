namespace Huayang.Gis.Tests;

/// <summary>
/// The repository the tests run from: the folder holding Huayang.Gis.sln, found by walking up from the test
/// binaries. One file, linked into every test project by tests/Directory.Build.props.
/// </summary>
internal static class RepositoryRoot
{
    /// <summary>The repository's root folder.</summary>
    public static string Path { get; } = Find();

    /// <summary>The bundled dataset, <c>data/</c>.</summary>
    public static string DataDirectory => System.IO.Path.Combine(Path, "data");

    /// <summary>A folder under <c>artifacts/</c> for what the tests keep (pictures, screenshots), created if missing.</summary>
    public static string Artifacts(string name) =>
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "artifacts", name)).FullName;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Huayang.Gis.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Huayang.Gis.sln above {AppContext.BaseDirectory}");
    }
}
