using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>
/// A PostgreSQL 15 cluster of one test's own (initdb in a temporary folder, a free loopback port, run as the
/// <c>postgres</c> user), which the test may stop, freeze (SIGSTOP) and start again without disturbing the shared test
/// server. Needs root (to run as <c>postgres</c>) and the Debian packages that <c>tests/run.sh</c> installs; without
/// them the test is skipped with the reason, or fails under <c>CI=true</c>.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private PrivateCluster(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string for the <c>huayang</c> database, which has PostGIS and pgRouting.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=huayang;Timeout=5";

    /// <summary>Creates and starts the cluster with a <c>huayang</c> database (PostGIS, pgRouting).</summary>
    public static async Task<PrivateCluster> StartAsync()
    {
        Require(File.Exists(Path.Combine(PgBin, "postgres")), $"PostgreSQL 15 is not installed ({PgBin}/postgres)");
        Require(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root",
            "a private cluster is started as the postgres user, which needs root");
        var directory = Directory.CreateTempSubdirectory("huayang-private-pg.").FullName;
        await RunAsync("chown", "postgres", directory);
        var port = FreePort();
        var cluster = new PrivateCluster(directory, port);
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(PgBin, "initdb"), "-D", cluster.DataDirectory,
            "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartServerAsync();
        await using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false"))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand("CREATE DATABASE huayang", admin).ExecuteNonQueryAsync();
        }
        await using (var db = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=huayang;Pooling=false"))
        {
            await db.OpenAsync();
            await new NpgsqlCommand("CREATE EXTENSION postgis; CREATE EXTENSION pgrouting", db).ExecuteNonQueryAsync();
        }
        return cluster;
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Starts the (stopped) server and waits until it accepts connections.</summary>
    public Task StartServerAsync() => RunAsync("runuser", "-u", "postgres", "--", Path.Combine(PgBin, "pg_ctl"), "-D", DataDirectory,
        "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");

    /// <summary>Stops the server (fast shutdown: sessions are ended).</summary>
    public Task StopServerAsync() =>
        RunAsync("runuser", "-u", "postgres", "--", Path.Combine(PgBin, "pg_ctl"), "-D", DataDirectory, "-m", "fast", "-w", "stop");

    /// <summary>Freezes (SIGSTOP) or thaws (SIGCONT) every process of the cluster: connections stay open, nothing answers.</summary>
    public async Task SignalAllAsync(string signal)
    {
        var postmaster = int.Parse((await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0]);
        var children = (await RunAsync("pgrep", "-P", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await RunAsync("kill", [$"-{signal}", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture), .. children]);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await SignalAllAsync("CONT");
        }
        catch (InvalidOperationException)
        {
            // Not running.
        }
        catch (IOException)
        {
            // No pid file: not running.
        }
        try
        {
            await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(PgBin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_directory, recursive: true);
    }

    private static void Require(bool condition, string why)
    {
        if (condition)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(why + "; CI=true, so this is a failure");
        }
        Skip.If(true, why);
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }
        return await output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
