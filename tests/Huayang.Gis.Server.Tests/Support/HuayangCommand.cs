using System.Text.Json.Nodes;
using Huayang.Gis.Cli;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>The <c>huayang</c> command run in-process over the repository's <c>data/</c>: what the HTTP answers must equal.</summary>
internal static class HuayangCommand
{
    /// <summary>Runs the command with <c>--data</c> and returns its standard output parsed as JSON; fails unless it exits 0.</summary>
    public static async Task<JsonNode> JsonAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync([.. args, "--data", RepositoryData.DataDirectory], output, error);
        Assert.True(code == HuayangCli.Success, $"huayang {string.Join(' ', args)} exited {code}: {error}");
        return JsonNode.Parse(output.ToString())!;
    }
}
