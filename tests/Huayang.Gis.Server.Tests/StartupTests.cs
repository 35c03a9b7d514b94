using System.Net;
using Huayang.Gis.Tests;

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

    [Fact]
    public async Task A_data_directory_and_a_connection_string_together_stop_start_up_naming_both()
    {
        var (code, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["Data__Directory"] = RepositoryRoot.DataDirectory,
            ["ConnectionStrings__PostGis"] = "Host=127.0.0.1;Port=1;Username=huayang;Password=s3cret-pw;Database=huayang;Timeout=3",
        });
        Assert.NotEqual(0, code);
        Assert.Contains("Data:Directory", output);
        Assert.Contains("ConnectionStrings:PostGis are both set", output);
        Assert.DoesNotContain("s3cret-pw", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_address_and_a_non_zero_exit()
    {
        await using var first = await ServerProcess.StartAsync();
        var (code, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>(), first.BaseAddress.ToString().TrimEnd('/'));
        Assert.Equal(1, code);
        Assert.Contains($"{first.BaseAddress.ToString().TrimEnd('/')} is already in use", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
    }

    [Fact]
    public async Task Settings_beside_the_server_are_read_whatever_the_working_directory()
    {
        // A settings file for an environment of this test's own, beside Huayang.Gis.Server.dll; the process starts in /.
        var environment = "Check" + Guid.NewGuid().ToString("N")[..8];
        var settings = Path.Combine(ServerProcess.ServerDirectory, $"appsettings.{environment}.json");
        await File.WriteAllTextAsync(settings, """{ "Data": { "Directory": "/no/such/dir/from-the-settings-file" } }""");
        try
        {
            var (code, output) = await ServerProcess.RunToExitAsync(
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = environment }, workingDirectory: "/");
            Assert.NotEqual(0, code);
            Assert.Contains("/no/such/dir/from-the-settings-file", output);
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Fact]
    public async Task Health_and_readiness_answer_on_the_embedded_store()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var health = await http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var ready = await http.GetStringAsync("ready");
        Assert.Contains("\"status\":\"Healthy\"", ready);
        Assert.Contains("embedded store", ready);
    }
}
