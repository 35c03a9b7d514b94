using Huayang.Gis.Cli.Tests.Support;
using Huayang.Gis.PostGis;

namespace Huayang.Gis.Cli.Tests;

/// <summary><c>huayang load</c> refusing its arguments before it writes anything: no database is needed.</summary>
public sealed class LoadArgumentTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [SkippableFact]
    public async Task Load_without_a_connection_string_exits_2_naming_the_option_and_the_variable()
    {
        Skip.If(Environment.GetEnvironmentVariable(PostGisDataSource.EnvironmentVariable) is not null,
            $"{PostGisDataSource.EnvironmentVariable} is set in this environment");

        var (code, stdout, stderr) = await Run("load", TestData.DataDirectory);

        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("--pg", stderr);
        Assert.Contains(PostGisDataSource.EnvironmentVariable, stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task An_unreachable_database_is_named_by_host_and_port_without_the_password_or_a_stack_trace()
    {
        var (code, stdout, stderr) = await Run(
            "load", TestData.DataDirectory, "--pg", "Host=127.0.0.1;Port=1;Username=planner;Password=s3cret-pw;Timeout=5");

        Assert.Equal(HuayangCli.DataProblems, code);
        Assert.Contains("127.0.0.1:1", stderr);
        Assert.Contains("nothing was loaded", stderr);
        Assert.DoesNotContain("s3cret-pw", stderr + stdout);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task A_dataset_that_does_not_validate_is_reported_even_when_the_database_is_unreachable()
    {
        // The database is connected to while the files are read; the dataset's problems are still the answer.
        var dir = Directory.CreateTempSubdirectory("huayang-load-bad-");
        try
        {
            foreach (var file in Directory.GetFiles(TestData.DataDirectory))
            {
                File.Copy(file, Path.Combine(dir.FullName, Path.GetFileName(file)));
            }
            File.Delete(Path.Combine(dir.FullName, "plan.geojson"));

            var (code, _, stderr) = await Run(
                "load", dir.FullName, "--pg", "Host=127.0.0.1;Port=1;Username=planner;Password=s3cret-pw;Timeout=5");

            Assert.Equal(HuayangCli.DataProblems, code);
            Assert.Contains("plan.geojson", stderr);
            Assert.DoesNotContain("127.0.0.1:1", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_unparseable_connection_string_is_a_usage_error()
    {
        var (code, _, stderr) = await Run("load", TestData.DataDirectory, "--pg", "Host=127.0.0.1;Port=notaport");

        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("--pg", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Unknown_from_crs_is_refused_with_exit_2()
    {
        var (code, _, stderr) = await Run(
            "load", TestData.DataDirectory, "--pg", "Host=127.0.0.1;Port=1", "--from-crs", "EPSG:9999");

        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("--from-crs", stderr);
        Assert.Contains("unknown CRS", stderr);
    }
}
