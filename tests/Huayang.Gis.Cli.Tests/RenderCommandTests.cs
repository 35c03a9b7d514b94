using Huayang.Gis.Cli.Tests.Support;
using SkiaSharp;

namespace Huayang.Gis.Cli.Tests;

/// <summary><c>huayang render</c>: writes the PNG asked for; bad arguments exit 2 with a message naming the option.</summary>
public sealed class RenderCommandTests
{
    [Fact]
    public async Task Render_writes_a_png_of_the_asked_size()
    {
        var file = Path.Combine(TestData.RenderedDirectory, "cli-coverage.png");
        File.Delete(file);
        var (code, output, error) = await RunAsync(
            "render", "--out", file, "--width", "640", "--height", "480", "--theme", "coverage", "--category", "kindergarten", "--level", "5min");
        Assert.True(code == HuayangCli.Success, error);
        Assert.Contains("640×480", output, StringComparison.Ordinal);
        using var bitmap = SKBitmap.Decode(file);
        Assert.Equal((640, 480), (bitmap.Width, bitmap.Height));
    }

    [Theory]
    [InlineData("--bbox", "104.1,30.4,104.0,30.5", "--bbox")]
    [InlineData("--bbox", "a,b,c,d", "--bbox")]
    [InlineData("--width", "5000", "--width")]
    [InlineData("--layers", "communities,rivers", "--layers")]
    [InlineData("--crs", "EPSG:4490", "--crs")]
    [InlineData("--theme", "coverage", "--category")]
    [InlineData("--level", "5min", "--theme coverage")]
    public async Task Bad_arguments_exit_2_naming_the_option(string option, string value, string named)
    {
        var (code, _, error) = await RunAsync("render", "--out", Path.Combine(TestData.RenderedDirectory, "never.png"), option, value);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("104.05,30.5,104.05000001,30.50000001", "EPSG:3857")]
    [InlineData("104.05,30.5,104.05000001,30.50000001", "EPSG:4326")]
    [InlineData("104.05,30.5,104.05000001,30.50000001", "EPSG:4544")]
    [InlineData("104.05,30.5,104.050001,30.500001", "EPSG:3857")]
    public async Task A_tiny_bbox_exits_2_in_bounded_time_naming_the_finest_resolution(string box, string crs)
    {
        // The plan's hatched zones cover this spot: before the fix this never finished.
        var (code, _, error) = await RunAsync(
            "render", "--out", Path.Combine(TestData.RenderedDirectory, "never.png"), "--bbox", box, "--crs", crs, "--layers", "plan",
            "--theme", "coverage", "--category", "kindergarten", "--level", "5min").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("--bbox", error, StringComparison.Ordinal);
        Assert.Contains("finest allowed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bbox_outside_the_crs_area_exits_2_naming_the_area()
    {
        var (code, _, error) = await RunAsync(
            "render", "--out", Path.Combine(TestData.RenderedDirectory, "never.png"), "--bbox", "-180,-85,180,85", "--crs", "EPSG:4544");
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("in EPSG:4544 the box must lie within longitude 101..109°", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync([.. args, "--data", TestData.DataDirectory], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
