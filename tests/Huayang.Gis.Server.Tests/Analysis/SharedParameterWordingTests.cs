using System.Net;
using System.Text.Json.Nodes;
using Huayang.Gis.Cli;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Server.Tests.Analysis;

/// <summary>
/// The CLI and <c>/analysis/*</c> read a question's parameters with one set of readers (Core's
/// <c>AnalysisParameters</c>): the same bad value is refused by both, and the CLI's message is the HTTP problem's
/// detail with the parameter spelt as an option (<c>--radius-m</c> for <c>'radius_m'</c>).
/// </summary>
public sealed class SharedParameterWordingTests(ServerApp app) : IClassFixture<ServerApp>
{
    private readonly HttpClient _http = app.CreateClient();

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "lon", "/analysis/nearest?lon=104,05&lat=30.5", ["nearest", "--lon", "104,05", "--lat", "30.5"] },
        { "lat", "/analysis/nearest?lon=30.5&lat=104.05", ["nearest", "--lon", "30.5", "--lat", "104.05"] },
        { "lat", "/analysis/community?lon=104.05", ["community", "--lon", "104.05"] },
        { "lat", "/analysis/within?lon=104.05&lat=NaN&radius_m=8", ["within", "--lon", "104.05", "--lat", "NaN", "--radius-m", "8"] },
        { "k", "/analysis/nearest?lon=104.05&lat=30.5&k=0x10", ["nearest", "--lon", "104.05", "--lat", "30.5", "--k", "0x10"] },
        { "k", "/analysis/nearest?lon=104.05&lat=30.5&k=1,000", ["nearest", "--lon", "104.05", "--lat", "30.5", "--k", "1,000"] },
        { "radius_m", "/analysis/within?lon=104.06&lat=30.49&radius_m=0,8", ["within", "--lon", "104.06", "--lat", "30.49", "--radius-m", "0,8"] },
        { "radius_m", "/analysis/within?lon=104.06&lat=30.49", ["within", "--lon", "104.06", "--lat", "30.49"] },
        { "category", "/analysis/nearest?lon=104.05&lat=30.5&category=bakery", ["nearest", "--lon", "104.05", "--lat", "30.5", "--category", "bakery"] },
        { "category", "/analysis/coverage?level=5min", ["coverage", "--level", "5min"] },
        { "category", "/analysis/coverage?category=Kindergarten&level=5min", ["coverage", "--category", "Kindergarten", "--level", "5min"] },
        { "level", "/analysis/coverage?category=park&level=20min", ["coverage", "--category", "park", "--level", "20min"] },
        { "level", "/analysis/coverage?category=park", ["coverage", "--category", "park"] },
        { "status", "/analysis/coverage?category=park&level=5min&status=built", ["coverage", "--category", "park", "--level", "5min", "--status", "built"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_cli_refuses_what_http_refuses_in_the_same_words(string parameter, string url, string[] args)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(parameter, (string?)problem["parameter"]);
        var detail = (string)problem["detail"]!;

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync([.. args, "--data", RepositoryData.DataDirectory], output, error);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Equal("", output.ToString());
        var refusal = error.ToString().Split('\n').Single(l => l.StartsWith("huayang: --", StringComparison.Ordinal))["huayang: ".Length..];

        var option = "--" + parameter.Replace('_', '-');
        Assert.StartsWith(option + " ", refusal, StringComparison.Ordinal);
        // The HTTP detail, with 'lon' spelt --lon and the swapped-axes example as options.
        var expected = detail
            .Replace($"'{parameter}'", option, StringComparison.Ordinal)
            .Replace("Are lon and lat swapped? lon is", "Are --lon and --lat swapped? --lon is", StringComparison.Ordinal)
            .Replace("lon=104.05&lat=30.5", "--lon 104.05 --lat 30.5", StringComparison.Ordinal);
        Assert.Equal(expected, refusal.TrimEnd('\r'));
    }

    [Fact]
    public async Task The_cli_lists_every_format_it_accepts_as_http_lists_allowed_values()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(
            ["coverage", "--category", "park", "--level", "5min", "--format", "xml", "--data", RepositoryData.DataDirectory], output, error);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("--format = \"xml\" is not accepted; allowed: table (default), json, csv, geojson", error.ToString(), StringComparison.Ordinal);
    }
}
