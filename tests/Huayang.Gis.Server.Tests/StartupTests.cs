using System.Net;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Server.Tests;

/// <summary>The server process starts on the bundled data with no database, and refuses wrong settings by name.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Serves_the_bundled_data_without_a_database()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync("conformance");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("embedded store", server.Log);
    }

    [Fact]
    public async Task A_missing_data_directory_stops_start_up_naming_the_setting()
    {
        var (code, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string> { ["Data__Directory"] = "/no/such/huayang" });
        Assert.NotEqual(0, code);
        Assert.Contains("Data:Directory", output);
        Assert.Contains("/no/such/huayang", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task An_unreachable_database_stops_start_up_without_showing_the_password()
    {
        var (code, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__PostGis"] = "Host=127.0.0.1;Port=1;Username=huayang;Password=s3cret-pw;Database=huayang;Timeout=3",
        });
        Assert.NotEqual(0, code);
        Assert.Contains("ConnectionStrings:PostGis", output);
        Assert.DoesNotContain("s3cret-pw", output);
    }
}
