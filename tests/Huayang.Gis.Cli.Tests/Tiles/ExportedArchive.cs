using System.Diagnostics;
using System.IO.Compression;
using Huayang.Gis.Tests;
using Microsoft.Data.Sqlite;

namespace Huayang.Gis.Cli.Tests.Tiles;

/// <summary>The test classes that read <see cref="ExportedArchive"/>: one export, shared, the classes one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ExportedArchiveCollection : ICollectionFixture<ExportedArchive>
{
    public const string Name = "exported archive";
}

/// <summary>
/// The bundled data exported once, by the real <c>huayang</c> process with stderr redirected, to
/// <c>artifacts/mbtiles/huayang-z10-16.mbtiles</c>, and what the archive holds.
/// </summary>
public sealed class ExportedArchive : IAsyncLifetime
{
    public const int MinZoom = 10;
    public const int MaxZoom = 16;

    public static string Directory { get; } = RepositoryRoot.Artifacts("mbtiles");

    public string Path { get; } = System.IO.Path.Combine(Directory, $"huayang-z{MinZoom}-{MaxZoom}.mbtiles");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    public string Error { get; private set; } = "";

    public async Task InitializeAsync()
    {
        File.Delete(Path);
        (ExitCode, Output, Error) = await RunHuayangAsync(
            "tiles", "export", "--data", RepositoryRoot.DataDirectory, "--zoom", $"{MinZoom}-{MaxZoom}", "--out", Path);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every row of <c>tiles</c>: (z, x, TMS row) → the gunzipped tile.</summary>
    public static Dictionary<(int Z, int X, int Row), byte[]> ReadTiles(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles";
        using var reader = command.ExecuteReader();
        var tiles = new Dictionary<(int, int, int), byte[]>();
        while (reader.Read())
        {
            using var gzip = new GZipStream(reader.GetStream(3), CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gzip.CopyTo(bytes);
            tiles.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)), bytes.ToArray());
        }
        return tiles;
    }

    /// <summary>The <c>metadata</c> table as name → value.</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, value FROM metadata";
        using var reader = command.ExecuteReader();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            metadata.Add(reader.GetString(0), reader.GetString(1));
        }
        return metadata;
    }

    /// <summary>Runs <c>huayang</c> (the built program next to the tests) as a process, stdout and stderr redirected.</summary>
    public static async Task<(int Code, string Output, string Error)> RunHuayangAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "huayang.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ConnectionStrings__PostGis");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
