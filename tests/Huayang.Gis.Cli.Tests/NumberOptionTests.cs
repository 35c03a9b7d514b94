using System.Text.Json;
using Huayang.Gis.Cli.Tests.Support;
using Huayang.Gis.Core.Analysis;

namespace Huayang.Gis.Cli.Tests;

/// <summary>Every numeric option is read in invariant culture without thousands separators: never silently as another number.</summary>
public sealed class NumberOptionTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync([.. args, "--data", TestData.DataDirectory], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--radius-m", "0,8", "within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "0,8")]
    [InlineData("--radius-m", "8,00", "within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "8,00")]
    [InlineData("--radius-m", "1,000.5", "within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "1,000.5")]
    [InlineData("--radius-m", "Infinity", "within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "Infinity")]
    [InlineData("--radius-m", "100001", "within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "100001")]
    [InlineData("--lon", "104,05", "nearest", "--lon", "104,05", "--lat", "30.5")]
    [InlineData("--lat", "30,5", "nearest", "--lon", "104.05", "--lat", "30,5")]
    [InlineData("--lat", "NaN", "community", "--lon", "104.05", "--lat", "NaN")]
    [InlineData("--k", "1,0", "nearest", "--lon", "104.05", "--lat", "30.5", "--k", "1,0")]
    [InlineData("--k", "0x10", "nearest", "--lon", "104.05", "--lat", "30.5", "--k", "0x10")]
    [InlineData("--k", "3.0", "nearest", "--lon", "104.05", "--lat", "30.5", "--k", "3.0")]
    [InlineData("--k", "1e2", "nearest", "--lon", "104.05", "--lat", "30.5", "--k", "1e2")]
    [InlineData("--k", "1001", "nearest", "--lon", "104.05", "--lat", "30.5", "--k", "1001")]
    [InlineData("--width", "1,600", "render", "--out", "never.png", "--width", "1,600")]
    [InlineData("--height", "0", "render", "--out", "never.png", "--height", "0")]
    [InlineData("--scale", "1,5", "generate", "--out", "never", "--scale", "1,5")]
    [InlineData("--seed", "0x7E3", "generate", "--out", "never", "--seed", "0x7E3")]
    [InlineData("--copies", "0", "generate", "--out", "never", "--copies", "0")]
    [InlineData("--copies", "101", "generate", "--out", "never", "--copies", "101")]
    public async Task A_malformed_or_out_of_range_number_exits_2_naming_the_option_and_the_value(string option, string value, params string[] args)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains($"{option} = \"{value}\" is not accepted; allowed: ", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task The_allowed_text_gives_the_range_as_the_http_api_does()
    {
        var (_, _, stderr) = await Run("within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "0,8");
        Assert.Contains("allowed: a distance in metres from 0 to 100000", stderr, StringComparison.Ordinal);
        (_, _, stderr) = await Run("nearest", "--lon", "104,05", "--lat", "30.5");
        Assert.Contains("allowed: " + ParameterText.LonAllowed, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swapped_lon_and_lat_get_the_hint()
    {
        var (code, _, stderr) = await Run("nearest", "--lon", "30.5", "--lat", "104.05");
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("--lat = \"104.05\" is not accepted", stderr, StringComparison.Ordinal);
        Assert.Contains("Are --lon and --lat swapped?", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.8", 0.8)]
    [InlineData("8e2", 800)]
    [InlineData(" 800 ", 800)]
    [InlineData("+800", 800)]
    public async Task Well_formed_numbers_are_read_as_written(string text, double radius)
    {
        var (code, stdout, stderr) = await Run("within", "--lon", "104.06", "--lat", "30.49", "--radius-m", text, "--format", "json");
        Assert.True(code == 0, stderr);
        var expected = await TestData.Store.SitesWithinAsync(104.06, 30.49, radius, null);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(expected.Select(e => e.Site.Id), json.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("104.05", true, 104.05)]
    [InlineData("-1.5e-3", true, -0.0015)]
    [InlineData("104,05", false, 0)]
    [InlineData("1,000", false, 0)]
    [InlineData("0x10", false, 0)]
    [InlineData("NaN", false, 0)]
    [InlineData("-Infinity", false, 0)]
    [InlineData("1e400", false, 0)]
    [InlineData("", false, 0)]
    [InlineData(null, false, 0)]
    [InlineData("١٠٤", false, 0)]
    public void ParameterText_reads_a_double_one_way(string? text, bool ok, double expected)
    {
        Assert.Equal(ok, ParameterText.TryDouble(text, out var value));
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData("42", true, 42)]
    [InlineData("-7", true, -7)]
    [InlineData("1,000", false, 0)]
    [InlineData("1000.0", false, 0)]
    [InlineData("1e3", false, 0)]
    [InlineData("0x10", false, 0)]
    [InlineData("2147483648", false, 0)]
    public void ParameterText_reads_an_integer_one_way(string text, bool ok, int expected)
    {
        Assert.Equal(ok, ParameterText.TryInt(text, out var value));
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }
}
