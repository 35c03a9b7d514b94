using Huayang.Gis.Cli.Tests.Support;

namespace Huayang.Gis.Cli.Tests;

/// <summary>
/// Every command that reads or writes a store says which on stderr before it starts: the query commands and render the
/// store they read, <c>load</c> and <c>db migrate</c> the database they write (never its password).
/// </summary>
public sealed class StoreLineTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=planner;Password=s3cret-pw;Database=huayang;Timeout=2";

    private static async Task<(int Code, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(args, output, error);
        return (code, error.ToString());
    }

    [Theory]
    [InlineData("nearest", "--lon", "104.05", "--lat", "30.5")]
    [InlineData("within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "500")]
    [InlineData("community", "--lon", "104.05", "--lat", "30.5")]
    [InlineData("coverage", "--category", "park", "--level", "5min")]
    [InlineData("render", "--out", "/nonexistent-dir/never.png", "--width", "64", "--height", "48")]
    public async Task Readers_name_the_embedded_store_they_read(params string[] args)
    {
        var (_, stderr) = await Run([.. args, "--data", TestData.DataDirectory]);
        Assert.Contains($"huayang: reading the embedded store over {Path.GetFullPath(TestData.DataDirectory)} (--data)", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("db", "migrate")]
    [InlineData("load", "DATA")]
    public async Task Writers_name_the_database_they_write_without_the_password(params string[] args)
    {
        var (code, stderr) = await Run([.. args.Select(a => a == "DATA" ? TestData.DataDirectory : a), "--pg", Unreachable]);
        Assert.Equal(HuayangCli.DataProblems, code);
        Assert.Contains("huayang: using PostGIS at Host=127.0.0.1;Port=1;Username=planner", stderr, StringComparison.Ordinal);
        Assert.Contains("(--pg)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", stderr, StringComparison.Ordinal);
    }
}
