using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>The repository's bundled dataset, found by walking up to the folder holding Huayang.Gis.sln.</summary>
internal static class RepositoryData
{
    private static readonly Lazy<InMemorySpatialStore> Bundled = new(() => InMemorySpatialStore.Open(DataDirectory));

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The repository's <c>data/</c>.</summary>
    public static string DataDirectory => Path.Combine(RepositoryRoot, "data");

    /// <summary>The bundled data in an in-memory store: the reference answers the server must give (it is immutable).</summary>
    public static InMemorySpatialStore Store => Bundled.Value;

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
