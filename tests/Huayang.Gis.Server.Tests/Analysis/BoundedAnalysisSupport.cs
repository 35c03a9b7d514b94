using Huayang.Gis.Core.Model;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Synthetic;
using Huayang.Gis.Tests;
using Npgsql;

namespace Huayang.Gis.Server.Tests.Analysis;

/// <summary>
/// Generated datasets large enough that one coverage answer takes seconds, written once into temporary
/// directories for a test class: scale 200 for the embedded store (about 6,000 kindergartens over 680,000
/// population cells; every kindergarten at 1,000 m takes 2–5 s of CPU), scale 50 for PostGIS (the same
/// question takes about 5 s there).
/// </summary>
public sealed class SlowCoverageData : IDisposable
{
    public SlowCoverageData()
    {
        Write(InMemory, 200);
        Write(PostGis, 50);
    }

    /// <summary>The dataset for the embedded store (scale 200).</summary>
    public string InMemory { get; } = NewDirectory();

    /// <summary>The dataset to load into PostGIS (scale 50).</summary>
    public string PostGis { get; } = NewDirectory();

    public void Dispose()
    {
        Directory.Delete(InMemory, recursive: true);
        Directory.Delete(PostGis, recursive: true);
    }

    private static string NewDirectory() =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "huayang-slow-coverage-" + Guid.NewGuid().ToString("N"));

    private static void Write(string directory, int scale)
    {
        Directory.CreateDirectory(directory);
        HuayangDatasetGenerator.WriteTo(directory, scale);
        File.Copy(System.IO.Path.Combine(RepositoryData.DataDirectory, Layers.LifeCirclesFile),
            System.IO.Path.Combine(directory, Layers.LifeCirclesFile));
    }
}

/// <summary>Waiting for the server's CPU time (from /proc, which a busy machine does not inflate) to settle.</summary>
internal static class ProcessCpu
{
    public static TimeSpan Of(ServerProcess server) => TimeSpan.FromSeconds(server.CpuSeconds);

    /// <summary>
    /// Waits until the server uses less than <paramref name="idle"/> of CPU over a whole second, and returns
    /// the CPU time it used from the call until then; fails when that does not happen within <paramref name="bound"/>.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilIdleAsync(ServerProcess server, TimeSpan idle, TimeSpan bound)
    {
        var start = Of(server);
        var deadline = DateTime.UtcNow + bound;
        var previous = start;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = Of(server);
            if (now - previous < idle)
            {
                return now - start;
            }
            previous = now;
        }
        Assert.Fail($"the server kept using CPU for {bound.TotalSeconds} s ({(Of(server) - start).TotalSeconds:0.00} s of CPU)");
        return TimeSpan.Zero;
    }
}

/// <summary>
/// A fresh database for one test, copied from the template database named by <c>HUAYANG_TEST_PG</c> (PostGIS
/// installed); dropped on dispose. Without the variable the test is skipped, or fails when <c>CI=true</c>.
/// </summary>
internal sealed class AnalysisDatabase : IAsyncDisposable
{
    private const string EnvironmentVariable = "HUAYANG_TEST_PG";
    private readonly string _admin;

    private AnalysisDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<AnalysisDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            const string why = $"no PostGIS configured: set {EnvironmentVariable} (tests/run.sh starts a throwaway cluster and sets it)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(why + "; CI=true, so this is a failure");
            }
            Skip.If(true, why);
        }
        var template = new NpgsqlConnectionStringBuilder(server).Database ?? "postgres";
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var admin = new NpgsqlConnection(Admin(server!));
        await admin.OpenAsync();
        // Identifiers cannot be parameters: both are checked to be plain lower-case identifiers.
        await using var create = new NpgsqlCommand($"CREATE DATABASE {Plain(name)} TEMPLATE {Plain(template)}", admin);
        await create.ExecuteNonQueryAsync();
        return new AnalysisDatabase(server!, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin(_admin));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Plain(Name)} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Admin(string server) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;

    private static string Plain(string identifier) =>
        System.Text.RegularExpressions.Regex.IsMatch(identifier, "^[a-z_][a-z0-9_]*$")
            ? identifier
            : throw new ArgumentException($"database name \"{identifier}\" is not a plain lower-case identifier", nameof(identifier));
}
