using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>The repository's bundled dataset, found by walking up to the folder holding Huayang.Gis.sln.</summary>
internal static class RepositoryData
{
    private static readonly Lazy<InMemorySpatialStore> Bundled = new(() => InMemorySpatialStore.Open(DataDirectory));

    public static string RepositoryRoot => Huayang.Gis.Tests.RepositoryRoot.Path;

    /// <summary>The repository's <c>data/</c>.</summary>
    public static string DataDirectory => Path.Combine(RepositoryRoot, "data");

    /// <summary>The bundled data in an in-memory store: the reference answers the server must give (it is immutable).</summary>
    public static InMemorySpatialStore Store => Bundled.Value;
}
