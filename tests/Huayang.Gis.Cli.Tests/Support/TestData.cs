using Huayang.Gis.Core.Store;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Cli.Tests.Support;

/// <summary>The repository's bundled dataset, and the folder the command tests write pictures into.</summary>
internal static class TestData
{
    private static readonly Lazy<InMemorySpatialStore> Bundled = new(() => InMemorySpatialStore.Open(DataDirectory));

    public static string DataDirectory => RepositoryRoot.DataDirectory;

    /// <summary>The bundled data in an in-memory store, the reference the command's answers are checked against.</summary>
    public static InMemorySpatialStore Store => Bundled.Value;

    /// <summary><c>artifacts/rendered</c>, where the rendering tests also leave their pictures.</summary>
    public static string RenderedDirectory { get; } = RepositoryRoot.Artifacts("rendered");
}
