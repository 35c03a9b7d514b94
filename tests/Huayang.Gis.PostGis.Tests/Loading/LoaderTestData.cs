using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Synthetic;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>The repository's bundled dataset (found by walking up to Huayang.Gis.sln) and loads of datasets.</summary>
internal static class LoaderTestData
{
    private static readonly Lazy<Dataset> Bundled = new(() => DatasetReader.Read(DataDirectory));

    public static string RepositoryRoot => Huayang.Gis.Tests.RepositoryRoot.Path;

    public static string DataDirectory => Path.Combine(RepositoryRoot, "data");

    /// <summary>The bundled dataset, read once (the loader does not change it).</summary>
    public static Dataset BundledDataset => Bundled.Value;

    /// <summary>Loads a dataset directory the way <c>huayang load</c> does.</summary>
    public static Task<LoadResult> LoadAsync(
        NpgsqlDataSource dataSource, string directory, bool replace = false,
        IProgress<LoadProgress>? progress = null, CancellationToken ct = default) =>
        LoadAsync(dataSource, DatasetReader.Read(directory), directory, replace, progress, ct);

    public static Task<LoadResult> LoadAsync(
        NpgsqlDataSource dataSource, Dataset dataset, string directory, bool replace = false,
        IProgress<LoadProgress>? progress = null, CancellationToken ct = default) =>
        PostGisLoader.LoadAsync(
            dataSource, dataset, new LoadOptions(replace, directory, DatasetChecksum.Compute(directory)), progress, ct);

    /// <summary>A generated dataset <paramref name="scale"/> times the bundled one, in a new temporary directory.</summary>
    public static TempDirectory Generated(int scale)
    {
        var directory = new TempDirectory();
        HuayangDatasetGenerator.WriteTo(directory.Path, scale);
        File.Copy(Path.Combine(DataDirectory, Layers.LifeCirclesFile), directory.File(Layers.LifeCirclesFile));
        return directory;
    }

    /// <summary>A copy of the bundled data files in a new temporary directory.</summary>
    public static TempDirectory CopyOfBundled()
    {
        var directory = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(DataDirectory))
        {
            File.Copy(file, directory.File(Path.GetFileName(file)));
        }
        return directory;
    }
}

/// <summary>A fresh temporary directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "huayang-loader-" + Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>A progress sink that runs its action on the reporting thread (System.Progress would post it elsewhere).</summary>
internal sealed class SynchronousProgress(Action<LoadProgress> report) : IProgress<LoadProgress>
{
    public void Report(LoadProgress value) => report(value);
}
