using System.Diagnostics;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Npgsql;

namespace Huayang.Gis.Server.Tests.ScaleOut;

/// <summary>
/// Scaling out for real: a PostgreSQL primary of its own (initdb), the repository's data loaded by <c>huayang load</c>,
/// a streaming hot standby made from it by <c>pg_basebackup -R</c>, two server processes that write to the primary and
/// read from the standby, and Debian's nginx in front of both as the load balancer. Needs root (PostgreSQL runs as the
/// postgres user), PostgreSQL 15 with PostGIS and pgRouting, and nginx: without them it skips locally and fails in CI.
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private const string Nginx = "/usr/sbin/nginx";

    private readonly List<ServerProcess> _servers = [];
    private string? _directory;
    private bool _primaryUp;
    private bool _standbyUp;
    private Process? _nginx;

    public static string AliceKey { get; } = EditKeys.NewKey();

    public string? SkipReason { get; private set; }

    public string PrimaryConnection { get; private set; } = "";

    public string StandbyConnection { get; private set; } = "";

    /// <summary>nginx's address: the load balancer in front of both servers.</summary>
    public Uri Balancer { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<ServerProcess> Servers => _servers;

    public async Task InitializeAsync()
    {
        var missing = new[] { $"{PgBin}/initdb", $"{PgBin}/pg_basebackup", Nginx, "/usr/share/postgresql/15/extension/pgrouting.control" }
            .Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0 || Environment.UserName != "root")
        {
            SkipReason = missing.Count > 0
                ? $"missing {string.Join(", ", missing)} (Debian: postgresql-15-postgis-3, postgresql-15-pgrouting, nginx)"
                : "needs root to run PostgreSQL as the postgres user and nginx";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true and the scale-out test cannot run: {SkipReason}");
            }
            return;
        }

        _directory = Path.Combine(Path.GetTempPath(), "huayang-scale-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        await RunAsync("chown", "postgres", _directory);

        var primaryPort = ServerProcess.FreePort();
        await RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/initdb", "-D", $"{_directory}/primary", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await StartClusterAsync("primary", primaryPort);
        _primaryUp = true;
        PrimaryConnection = $"Host=127.0.0.1;Port={primaryPort};Username=postgres;Database=huayang";
        await using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={primaryPort};Username=postgres;Database=postgres"))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand("CREATE DATABASE huayang", admin).ExecuteNonQueryAsync();
        }
        await using (var database = new NpgsqlConnection(PrimaryConnection))
        {
            await database.OpenAsync();
            await new NpgsqlCommand("CREATE EXTENSION postgis; CREATE EXTENSION pgrouting", database).ExecuteNonQueryAsync();
        }
        await LoadedDatabase.LoadAsync(PrimaryConnection, RepositoryRoot.DataDirectory);

        var standbyPort = ServerProcess.FreePort();
        await RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/pg_basebackup",
            "-h", "127.0.0.1", "-p", $"{primaryPort}", "-U", "postgres", "-D", $"{_directory}/standby", "-R", "-X", "stream");
        await StartClusterAsync("standby", standbyPort);
        _standbyUp = true;
        StandbyConnection = $"Host=127.0.0.1;Port={standbyPort};Username=postgres;Database=huayang";

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__PostGis"] = PrimaryConnection,
            ["ConnectionStrings__PostGisRead"] = StandbyConnection,
            ["Editing__Keys__alice"] = EditKeys.Hash(AliceKey),
        };
        _servers.Add(await ServerProcess.StartAsync(environment));
        _servers.Add(await ServerProcess.StartAsync(environment));

        var balancerPort = ServerProcess.FreePort();
        Balancer = new Uri($"http://127.0.0.1:{balancerPort}/");
        await File.WriteAllTextAsync(Path.Combine(_directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{_directory}}/nginx.pid;
            error_log {{_directory}}/nginx-error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{_directory}}/nginx-body;
                proxy_temp_path {{_directory}}/nginx-proxy;
                fastcgi_temp_path {{_directory}}/nginx-fastcgi;
                uwsgi_temp_path {{_directory}}/nginx-uwsgi;
                scgi_temp_path {{_directory}}/nginx-scgi;
                upstream huayang {
                    server {{_servers[0].BaseAddress.Authority}};
                    server {{_servers[1].BaseAddress.Authority}};
                    keepalive 32;
                }
                server {
                    listen 127.0.0.1:{{balancerPort}};
                    client_max_body_size 8m;
                    location / {
                        proxy_pass http://huayang;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_buffering off;
                        proxy_read_timeout 1h;
                    }
                }
            }
            """);
        _nginx = Process.Start(new ProcessStartInfo(Nginx) { ArgumentList = { "-p", _directory, "-c", Path.Combine(_directory, "nginx.conf") }, UseShellExecute = false, RedirectStandardError = true })!;
        using var http = new HttpClient { BaseAddress = Balancer, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync("conformance");
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 100 && !_nginx.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill();
            await _nginx.WaitForExitAsync();
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        if (_standbyUp)
        {
            await RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/pg_ctl", "-D", $"{_directory}/standby", "-m", "immediate", "stop");
        }
        if (_primaryUp)
        {
            await RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/pg_ctl", "-D", $"{_directory}/primary", "-m", "immediate", "stop");
        }
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>A client of nginx, with the key when given.</summary>
    public HttpClient Client(string? key = null, Uri? address = null)
    {
        var client = new HttpClient { BaseAddress = address ?? Balancer, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    private Task StartClusterAsync(string name, int port) =>
        RunAsync("runuser", "-u", "postgres", "--", $"{PgBin}/pg_ctl", "-D", $"{_directory}/{name}", "-l", $"{_directory}/{name}.log", "-w", "-t", "60",
            "-o", $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c hot_standby=on -c wal_level=replica",
            "start");

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/tmp" };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
