using System.CommandLine;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis;
using Huayang.Gis.PostGis.Store;
using Npgsql;

namespace Huayang.Gis.Cli;

/// <summary>What every command shares: the output writers, the <c>--data</c> option and the error handling.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error)
{
    private readonly List<IAsyncDisposable> _owned = [];

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Option<string?> DataOption { get; } = new("--data")
    {
        Description = "Dataset directory or single GeoPackage (.gpkg) (default: the bundled Huayang data).",
        Recursive = true,
    };

    public Option<string?> PgOption { get; } = new("--pg")
    {
        Description = $"PostGIS connection string (default: the environment variable {PostGisDataSource.EnvironmentVariable}).",
        Recursive = true,
    };

    /// <summary><c>--from-crs</c>: the CRS of the dataset's files (never of <c>--lon</c>/<c>--lat</c>); added to each command that reads files.</summary>
    public Option<string?> FromCrsOption { get; } = new("--from-crs")
    {
        Description = "CRS of the dataset's files (default: WGS84 lon/lat, or what a GeoPackage/.prj declares; "
            + "--lon/--lat are always WGS84): EPSG:4326, EPSG:4490, EPSG:4544, EPSG:32648, EPSG:3857, GCJ-02, BD-09.",
    };

    /// <summary>How to read input files: <c>--from-crs</c> parsed, or a usage error listing the supported CRSs.</summary>
    public DatasetReadOptions ReadOptions(ParseResult parse)
    {
        var text = parse.GetValue(FromCrsOption);
        if (text is null)
        {
            return DatasetReadOptions.Default;
        }
        return CrsId.TryParse(text, out var crs)
            ? new DatasetReadOptions { FromCrs = crs }
            : throw new UsageException(
                $"--from-crs: unknown CRS \"{text}\"; supported: {string.Join(", ", CrsId.Supported.Select(c => c.Code))}");
    }

    /// <summary>The PostGIS connection string from <c>--pg</c> or the environment, or null for the embedded store.</summary>
    public string? ConnectionString(ParseResult parse)
    {
        var value = parse.GetValue(PgOption);
        if (value is null)
        {
            value = Environment.GetEnvironmentVariable(PostGisDataSource.EnvironmentVariable);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
        return string.IsNullOrWhiteSpace(value) ? throw new UsageException("--pg: the connection string is empty") : value;
    }

    /// <summary>The bundled dataset, copied next to the program at build time.</summary>
    public static string BundledDataDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    public string DataDirectory(ParseResult parse) => parse.GetValue(DataOption) ?? BundledDataDirectory;

    /// <summary>True for what a dataset is read from: a directory, or a single GeoPackage (<c>.gpkg</c>) file.</summary>
    public static bool IsDataset(string path) =>
        Directory.Exists(path) || (File.Exists(path) && path.EndsWith(".gpkg", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Opens the store, and says on stderr which: <c>--pg</c> (PostGIS), else <c>--data</c> (the embedded store over
    /// that directory, even when <c>ConnectionStrings__PostGis</c> is set), else the environment variable (PostGIS),
    /// else the bundled data. The context disposes it when the command ends.
    /// </summary>
    /// <exception cref="UsageException">Both <c>--pg</c> and <c>--data</c>, a missing data directory, or a malformed connection string.</exception>
    public async Task<ISpatialStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var pg = parse.GetValue(PgOption);
        var data = parse.GetValue(DataOption);
        if (pg is not null && data is not null)
        {
            throw new UsageException("--pg and --data: give one; --pg reads PostGIS, --data the embedded store over a directory");
        }
        var fromEnvironment = pg is null && data is null ? Environment.GetEnvironmentVariable(PostGisDataSource.EnvironmentVariable) : null;
        if (pg is not null || !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var connectionString = pg is not null ? ConnectionString(parse)! : fromEnvironment!;
            PostGisSpatialStore store;
            try
            {
                store = await PostGisSpatialStore.OpenAsync(connectionString, cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{(pg is not null ? "--pg" : PostGisDataSource.EnvironmentVariable)}: {e.Message}");
            }
            _owned.Add(store);
            await Error.WriteLineAsync(
                $"huayang: reading PostGIS at {PostGisDataSource.Redact(connectionString)} ({(pg is not null ? "--pg" : $"from {PostGisDataSource.EnvironmentVariable}")})");
            return store;
        }
        var directory = DataDirectory(parse);
        if (!IsDataset(directory))
        {
            throw new UsageException(File.Exists(directory)
                ? $"--data: \"{directory}\" is a file but not a GeoPackage (.gpkg); give a dataset directory or a .gpkg"
                : $"--data: directory \"{directory}\" does not exist");
        }
        var memory = new InMemorySpatialStore(DatasetReader.Read(directory, ReadOptions(parse)));
        await Error.WriteLineAsync($"huayang: reading the embedded store over {Path.GetFullPath(directory)} ({(data is not null ? "--data" : "the bundled data")})");
        return memory;
    }

    /// <summary>Runs a command body, turning the expected failures into messages and exit codes.</summary>
    public async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (StoreUnavailableException e)
        {
            await Error.WriteLineAsync($"huayang: {e.Message}");
            return HuayangCli.DataProblems;
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            await Error.WriteLineAsync($"huayang: cannot reach PostGIS: {e.Message}");
            return HuayangCli.DataProblems;
        }
        catch (UsageException e)
        {
            await Error.WriteLineAsync($"huayang: {e.Message}");
            return HuayangCli.BadArguments;
        }
        catch (DatasetValidationException e)
        {
            await Error.WriteLineAsync($"huayang: the dataset has {e.Problems.Count} problem(s):");
            foreach (var problem in e.Problems)
            {
                await Error.WriteLineAsync($"  {problem}");
            }
            return HuayangCli.DataProblems;
        }
        finally
        {
            foreach (var owned in _owned)
            {
                await owned.DisposeAsync();
            }
            _owned.Clear();
        }
    }

    /// <summary>A category id known to the dataset's life-circle table (null when none was given), or a usage error
    /// listing the known ones, worded as the HTTP API words it.</summary>
    public static string? CheckCategory(LifeCircleStandard standard, string? category, bool required = false)
    {
        Check(AnalysisParameters.Category(standard, category, required, out var id));
        return id;
    }

    /// <summary>A life-circle level of the dataset, or a usage error listing the known ones.</summary>
    public static LifeCircleLevel CheckLevel(LifeCircleStandard standard, string? level)
    {
        Check(AnalysisParameters.Level(standard, level, out var found));
        return found!;
    }

    /// <summary>Nothing when <paramref name="refusal"/> is null; else the usage error (exit 2) with its message,
    /// the option spelt <c>--radius-m</c>.</summary>
    /// <exception cref="UsageException">The refusal.</exception>
    public static void Check(ParameterRefusal? refusal)
    {
        if (refusal is not null)
        {
            throw new UsageException(refusal.Message(ParameterSpelling.Option));
        }
    }
}

/// <summary>A bad argument: the message names the option and the allowed values. Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
