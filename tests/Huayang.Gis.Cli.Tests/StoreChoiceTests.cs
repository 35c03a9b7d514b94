using System.Diagnostics;
using Huayang.Gis.Cli.Tests.Support;

namespace Huayang.Gis.Cli.Tests;

/// <summary>
/// Which store a command reads, with <c>ConnectionStrings__PostGis</c> exported as the README's PostGIS section shows:
/// <c>--data</c> still means the embedded store over that directory, and every command says on stderr what it reads.
/// Run as a separate process so that the environment variable touches no other test.
/// </summary>
public sealed class StoreChoiceTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=planner;Password=s3cret-pw;Database=huayang;Timeout=3";

    [Fact]
    public async Task Data_wins_over_the_environment_variable_and_stderr_says_which_store()
    {
        var (code, stdout, stderr) = await RunAsync(Unreachable, "nearest", "--lon", "104.05", "--lat", "30.5", "--data", TestData.DataDirectory, "--format", "json");
        Assert.True(code == 0, stderr);
        Assert.Contains("site-", stdout);
        Assert.Contains($"huayang: reading the embedded store over {Path.GetFullPath(TestData.DataDirectory)} (--data)", stderr);
    }

    [Fact]
    public async Task A_missing_data_directory_is_refused_even_with_the_environment_variable()
    {
        var (code, _, stderr) = await RunAsync(Unreachable, "nearest", "--lon", "104.05", "--lat", "30.5", "--data", "/nonexistent");
        Assert.Equal(2, code);
        Assert.Contains("--data: directory \"/nonexistent\" does not exist", stderr);
    }

    [Fact]
    public async Task Without_data_the_environment_variable_is_used_and_named_never_the_password()
    {
        var (code, _, stderr) = await RunAsync(Unreachable, "coverage", "--category", "park", "--level", "5min");
        Assert.Equal(1, code);
        Assert.Contains("cannot reach PostGIS", stderr);
        Assert.DoesNotContain("s3cret-pw", stderr);
    }

    [Fact]
    public async Task Pg_and_data_together_are_a_bad_argument()
    {
        var (code, _, stderr) = await RunAsync(null, "within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "800", "--pg", Unreachable, "--data", TestData.DataDirectory);
        Assert.Equal(2, code);
        Assert.Contains("--pg and --data", stderr);
    }

    [Fact]
    public async Task Without_either_the_bundled_data_is_read_and_named()
    {
        var (code, _, stderr) = await RunAsync(null, "community", "--lon", "104.05", "--lat", "30.5");
        Assert.True(code == 0, stderr);
        Assert.Contains("(the bundled data)", stderr);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? environmentConnection, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "huayang.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ConnectionStrings__PostGis");
        if (environmentConnection is not null)
        {
            start.Environment["ConnectionStrings__PostGis"] = environmentConnection;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
