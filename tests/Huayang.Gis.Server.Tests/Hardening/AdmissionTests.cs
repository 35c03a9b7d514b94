using System.Net;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests.Hardening;

/// <summary>
/// Admission control on the real process: beyond a class's running and waiting places a request is refused at once
/// with 503 and <c>Retry-After</c> (WMS: a ServiceExceptionReport), and cheap requests still answer while expensive
/// ones fill their places.
/// </summary>
public sealed class AdmissionTests
{
    private const string BigPicture = "map.png?width=4096&height=4096&theme=coverage&category=kindergarten&level=5min";

    private const string BigWms =
        "wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communities,plan,sites&STYLES=&CRS=EPSG:3857" +
        "&BBOX=11570000,3560000,11600000,3590000&WIDTH=4096&HEIGHT=4096&FORMAT=image/png";

    [Fact]
    public async Task Pictures_beyond_the_render_places_are_refused_at_once_and_cheap_queries_still_answer()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Limits__Render__Concurrency"] = "1",
            ["Limits__Render__Queue"] = "1",
            ["Limits__Render__RetryAfterSeconds"] = "7",
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var pictures = Enumerable.Range(0, 6).Select(_ => http.GetAsync(BigPicture)).ToList();
        var maps = Enumerable.Range(0, 4).Select(_ => http.GetAsync(BigWms)).ToList();
        await Task.Delay(300);
        for (var i = 0; i < 5; i++)
        {
            using var nearest = await http.GetAsync("analysis/nearest?lon=104.05&lat=30.5&k=3");
            Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);
        }

        var pictureResponses = await Task.WhenAll(pictures);
        var mapResponses = await Task.WhenAll(maps);
        var all = pictureResponses.Concat(mapResponses).ToList();
        // One runs and one waits; the other eight are refused.
        Assert.InRange(all.Count(r => r.StatusCode == HttpStatusCode.OK), 1, 2);
        Assert.True(all.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable) >= 8,
            string.Join(", ", all.Select(r => (int)r.StatusCode)));
        foreach (var refused in pictureResponses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("Limits:Render", await refused.Content.ReadAsStringAsync());
        }
        foreach (var refused in mapResponses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            Assert.StartsWith("text/xml", refused.Content.Headers.ContentType?.ToString());
            Assert.Contains("ServiceExceptionReport", await refused.Content.ReadAsStringAsync());
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        foreach (var response in all)
        {
            response.Dispose();
        }
        // WMS capabilities are not a picture: never refused for the render places.
        using var capabilities = await http.GetAsync("wms?SERVICE=WMS&REQUEST=GetCapabilities");
        Assert.Equal(HttpStatusCode.OK, capabilities.StatusCode);
    }

    [Fact]
    public async Task A_wrong_limit_stops_start_up_naming_the_setting()
    {
        var (code, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string> { ["Limits__Tiles__Concurrency"] = "0" });
        Assert.NotEqual(0, code);
        Assert.Contains("Limits:Tiles:Concurrency", output);
        Assert.DoesNotContain("   at ", output);
    }
}
