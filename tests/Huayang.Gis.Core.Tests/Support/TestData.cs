using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Core.Tests.Support;

/// <summary>The repository's bundled dataset, found by walking up to the folder holding Huayang.Gis.sln.</summary>
internal static class TestData
{
    private static readonly Lazy<InMemorySpatialStore> Bundled = new(() => InMemorySpatialStore.Open(DataDirectory));

    public static string RepositoryRoot => Huayang.Gis.Tests.RepositoryRoot.Path;

    public static string DataDirectory => Path.Combine(RepositoryRoot, "data");

    /// <summary>The bundled data in an in-memory store, shared by the tests (it is immutable).</summary>
    public static InMemorySpatialStore Store => Bundled.Value;
}
