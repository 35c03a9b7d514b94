using System.Diagnostics;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>A command-line tool such as GDAL's ogrinfo: found on PATH, run to completion, output kept.</summary>
public static class Tool
{
    /// <summary>True when <paramref name="name"/> is an executable on PATH.</summary>
    public static bool Exists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));

    /// <summary>
    /// Skips the calling test when the tool is missing, except under <c>CI=true</c>, where a missing tool
    /// is a failure (tests/run.sh installs it there).
    /// </summary>
    public static void Require(string name, string package)
    {
        if (Exists(name))
        {
            return;
        }
        var message = $"{name} is not installed (Debian package {package}); tests/run.sh installs it when run as root";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }
        Skip.If(true, message);
    }

    /// <summary>
    /// As <see cref="Require(string, string)"/> for what is not a command: a file that <paramref name="package"/>
    /// installs (a Python module, a library), described as <paramref name="what"/>.
    /// </summary>
    public static void RequireFile(string path, string what, string package)
    {
        if (File.Exists(path))
        {
            return;
        }
        var message = $"{what} is not installed ({path}; Debian package {package}); tests/run.sh installs it when run as root";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }
        Skip.If(true, message);
    }

    /// <summary>Runs the tool and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo(name)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {string.Join(' ', arguments)} did not finish within two minutes");
        }
        return (process.ExitCode, await output, await error);
    }
}
