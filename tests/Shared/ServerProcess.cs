using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Huayang.Gis.Tests;

/// <summary>
/// The real server process (the built Huayang.Gis.Server.dll under <c>dotnet</c>) on a free loopback
/// port, for real clients such as GDAL. Serves the bundled data from the embedded store unless
/// environment overrides say otherwise. Stopped on dispose; its output is kept for failure messages.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; }

    /// <summary>What the server printed so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>CPU seconds (user + system) the server process has used so far, from <c>/proc/{pid}/stat</c>.</summary>
    public double CpuSeconds
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            // Fields after the command name in parentheses (which may contain spaces): utime and stime are the 12th and 13th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                    + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
    }

    /// <summary>The server's resident memory now and at its peak, in MB, from <c>/proc/{pid}/status</c> (VmRSS, VmHWM).</summary>
    public (double Now, double Peak) ResidentMegabytes
    {
        get
        {
            var lines = File.ReadAllLines($"/proc/{_process.Id}/status");
            double Field(string name) => double.Parse(
                lines.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0],
                System.Globalization.CultureInfo.InvariantCulture) / 1024;
            return (Field("VmRSS"), Field("VmHWM"));
        }
    }

    /// <summary>Starts the server and waits until it answers <paramref name="readyPath"/> (default <c>/conformance</c>) with 200.</summary>
    /// <param name="readyPath">A relative address that answers 200 once the server is up.</param>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null, string readyPath = "conformance")
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { ServerAssembly(), "--urls", baseAddress.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerAssembly())!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var server = new ServerProcess(Process.Start(start)!, baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {server._process.ExitCode}:\n{server.Log}");
            }
            try
            {
                using var response = await http.GetAsync(readyPath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"the server did not answer within a minute:\n{server.Log}");
    }

    /// <summary>Runs the server with these arguments and environment and returns its exit code and output (for start-up failures).</summary>
    /// <param name="urls">Where to listen (default: a free loopback port).</param>
    /// <param name="workingDirectory">The process's working directory (default: this one's).</param>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(
        IReadOnlyDictionary<string, string> environment, string? urls = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { ServerAssembly(), "--urls", urls ?? $"http://127.0.0.1:{FreePort()}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder of the server these tests start.</summary>
    public static string ServerDirectory => Path.GetDirectoryName(ServerAssembly())!;

    /// <summary>The server built beside these tests: src/Huayang.Gis.Server/bin/{configuration}/net10.0/.</summary>
    private static string ServerAssembly()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "Huayang.Gis.Server.dll");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Huayang.Gis.Server", "bin", configuration, "net10.0", "Huayang.Gis.Server.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return local;
    }
}
