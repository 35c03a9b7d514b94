using Huayang.Gis.Cli;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>Loads a dataset directory into a database with the real <c>huayang load</c> command, in-process.</summary>
internal static class LoadedDatabase
{
    /// <summary>Runs <c>huayang load DIR --pg CONN [extra]</c>; fails the test unless it exits 0.</summary>
    public static async Task LoadAsync(string connectionString, string directory, params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(["load", directory, "--pg", connectionString, .. extra], output, error);
        Assert.True(code == HuayangCli.Success, $"huayang load {directory} exited {code}: {error}");
    }
}
