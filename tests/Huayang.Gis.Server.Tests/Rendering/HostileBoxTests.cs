using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Xunit.Abstractions;

namespace Huayang.Gis.Server.Tests.Rendering;

/// <summary>The real server process, embedded store over the bundled data: one per test class.</summary>
public sealed class RenderServer : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Data__Directory"] = RepositoryData.DataDirectory,
                ["ConnectionStrings__PostGis"] = "",
                // Every abandoned picture runs at once, whatever the machine's core count (admission control's default).
                ["Limits__Render__Concurrency"] = "4",
            },
            readyPath: "map/style.json");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Boxes that used to hang or fail the real server: tiny boxes over the hatched plan zones answer 200 or 400 in bounded
/// time, boxes outside a CRS's domain answer 400 (a ServiceExceptionReport on /wms), and an abandoned 4096 × 4096
/// picture stops using CPU (measured from /proc/&lt;pid&gt;/stat, not by the clock).
/// </summary>
public sealed class HostileBoxTests(RenderServer fixture, ITestOutputHelper output) : IClassFixture<RenderServer>
{
    /// <summary>Inside the plan's hatched zones, near the Tianfu Avenue axis.</summary>
    private const double Lon = 104.05;
    private const double Lat = 30.5;

    private ServerProcess Server => fixture.Server;

    public static TheoryData<string> TinyBoxes()
    {
        var data = new TheoryData<string>();
        foreach (var degrees in new[] { 1e-8, 1e-6 })
        {
            var lonLat = F($"{Lon},{Lat},{Lon + degrees},{Lat + degrees}");
            data.Add($"map.png?bbox={lonLat}");
            data.Add($"map.png?bbox={lonLat}&crs=EPSG:4326&theme=coverage&category=kindergarten&level=5min");
            data.Add($"map.png?bbox={lonLat}&crs=EPSG:4544&layers=plan");
            data.Add(GetMap("EPSG:4326", F($"{Lat},{Lon},{Lat + degrees},{Lon + degrees}"), "plan", 512));
            // The same ground size in metres, about 111 km per degree.
            var metres = degrees * 111_000;
            var (x, y) = CoordinateTransformer.Transform(Lon, Lat, CrsId.Wgs84, CrsId.WebMercator);
            data.Add(GetMap("EPSG:3857", F($"{x},{y},{x + metres},{y + metres}"), "communities,plan", 512));
            var (e, n) = CoordinateTransformer.Transform(Lon, Lat, CrsId.Wgs84, CrsId.GaussKrugerCm105);
            data.Add(GetMap("EPSG:4544", F($"{n},{e},{n + metres},{e + metres}"), "plan", 512));
        }
        // At the finest resolution allowed (1 cm per pixel): drawn.
        var (cx, cy) = CoordinateTransformer.Transform(Lon, Lat, CrsId.Wgs84, CrsId.WebMercator);
        data.Add(GetMap("EPSG:3857", F($"{cx},{cy},{cx + 10.24},{cy + 10.24}"), "communities,plan", 1024));
        data.Add(GetMap("EPSG:4326", F($"{Lat},{Lon},{Lat + 1.024e-4},{Lon + 1.024e-4}"), "plan", 1024));
        return data;
    }

    [Theory]
    [MemberData(nameof(TinyBoxes))]
    public async Task A_tiny_box_answers_200_or_400_naming_the_limit_within_20_s(string query)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(query);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            using var bitmap = SkiaSharp.SKBitmap.Decode(body);
            Assert.NotNull(bitmap);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}\n{Server.Log}");
        var text = System.Text.Encoding.UTF8.GetString(body);
        if (query.StartsWith("wms", StringComparison.Ordinal))
        {
            AssertServiceException(text, "finest allowed");
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(text);
            Assert.Equal("bbox", problem.RootElement.GetProperty("parameter").GetString());
            Assert.Contains("finest allowed", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_tiny_boxes_the_users_reported_are_refused_rather_than_drawn()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        using var map = await http.GetAsync("map.png?bbox=104.05,30.5,104.05000001,30.50000001");
        Assert.Equal(HttpStatusCode.BadRequest, map.StatusCode);
        using var wms = await http.GetAsync(GetMap("EPSG:4326", "30.5,104.05,30.50000001,104.05000001", "plan", 512));
        Assert.Equal(HttpStatusCode.BadRequest, wms.StatusCode);
        AssertServiceException(await wms.Content.ReadAsStringAsync(), "the finest allowed in EPSG:4326 is 1E-07° per pixel");
    }

    [Theory]
    [InlineData("EPSG:4544", "0,0,1e12,1e12")]
    [InlineData("EPSG:4544", "-1e300,-1e300,1e300,1e300")]
    [InlineData("EPSG:3857", "0,0,1e12,1e12")]
    [InlineData("EPSG:3857", "-1e300,-1e300,1e300,1e300")]
    [InlineData("EPSG:4326", "-1e300,-1e300,1e300,1e300")]
    [InlineData("EPSG:4544", "3371000,-5000000,3382000,-4000000")]
    public async Task A_box_outside_the_crs_domain_is_an_InvalidParameterValue_report(string crs, string bbox)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(GetMap(crs, bbox, "communities,plan", 512));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        AssertServiceException(text, $"in {crs} the box must lie within");
    }

    [Theory]
    [InlineData("EPSG:3857", "-20037508.34,-20037508.34,20037508.34,20037508.34")]
    [InlineData("EPSG:4326", "-90,-180,90,180")]
    public async Task The_whole_world_is_drawn(string crs, string bbox)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(GetMap(crs, bbox, "communities,water,roads,plan,sites", 1024));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_map_png_outside_the_crs_area_answers_400_naming_it()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync("map.png?bbox=-180,-85,180,85&crs=EPSG:4544");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bbox", problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains("in EPSG:4544 the box must lie within longitude 101..109°", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("map.png?width=4096&height=4096&theme=coverage&category=kindergarten&level=5min")]
    [InlineData("wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communities,water,roads,plan,sites&STYLES=&CRS=EPSG:4326&BBOX=30.43,103.99,30.56,104.12&WIDTH=4096&HEIGHT=4096&FORMAT=image/png")]
    public async Task Abandoned_4096_pixel_pictures_stop_using_cpu_within_a_few_seconds(string query)
    {
        Assert.True(OperatingSystem.IsLinux(), "reads /proc/<pid>/stat");
        using var http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        // Warm up first (JIT, fonts, first-use indexes would make one picture look dearer than it is and let the
        // abandoned ones finish before the clients leave); then what one whole picture costs, for comparison.
        using (var warm = await http.GetAsync(query))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        var before = CpuSeconds();
        using (var whole = await http.GetAsync(query))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        }
        var onePicture = CpuSeconds() - before;
        Assert.True(onePicture > 0.3, $"one picture took only {onePicture:F2} s of CPU; the test cannot tell stopping from finishing");

        const int Clients = 4;
        using var giveUp = new CancellationTokenSource();
        var started = CpuSeconds();
        var requests = Enumerable.Range(0, Clients).Select(_ => Abandon(http, query, giveUp.Token)).ToList();
        // Let them get well into drawing (past the coverage analysis, which the embedded store does not cancel), then all
        // clients leave: each is then about 30% through, and left alone the server would spend 2.8 pictures more.
        await WaitForCpuAsync(started + Clients * onePicture * 0.3, Task.WhenAll(requests));
        await giveUp.CancelAsync();
        await Task.WhenAll(requests);
        var leftAt = CpuSeconds();

        // Quiet: less than 0.1 s of CPU over a whole second (an idle server uses next to none).
        var watch = Stopwatch.StartNew();
        var (previous, quietAt) = (leftAt, double.NaN);
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(1000);
            var now = CpuSeconds();
            if (now - previous < 0.1)
            {
                quietAt = previous;
                break;
            }
            previous = now;
        }
        Assert.False(double.IsNaN(quietAt), $"the server kept using CPU for 10 s after {Clients} clients left ({CpuSeconds() - leftAt:F2} s)");
        // Left to finish, the pictures would cost up to Clients × onePicture more; stopped, next to nothing.
        var afterLeaving = quietAt - leftAt;
        output.WriteLine(FormattableString.Invariant(
            $"one picture {onePicture:F2} s CPU; {Clients} clients left after {leftAt - started:F2} s CPU; then {afterLeaving:F2} s CPU until quiet"));
        Assert.True(afterLeaving < Math.Max(0.5, onePicture * 0.5),
            $"after the clients left the server used {afterLeaving:F2} s of CPU (one whole picture: {onePicture:F2} s)");
        Assert.False(Server.HasExited, Server.Log);
    }

    private static async Task Abandon(HttpClient http, string query, CancellationToken giveUp)
    {
        try
        {
            using var response = await http.GetAsync(query, giveUp);
            Assert.Fail($"the picture was answered ({(int)response.StatusCode}) before the client gave up; the test proves nothing");
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            // The client left.
        }
    }

    /// <summary>
    /// Waits until the server has used this much CPU, or until the requests end by themselves (then
    /// <see cref="Abandon"/> has already failed the test: a picture was answered before its client left).
    /// </summary>
    private async Task WaitForCpuAsync(double seconds, Task requests)
    {
        while (CpuSeconds() < seconds && !requests.IsCompleted)
        {
            await Task.WhenAny(requests, Task.Delay(20));
        }
    }

    private double CpuSeconds() => Server.CpuSeconds;

    private static void AssertServiceException(string xml, string message)
    {
        var report = XDocument.Parse(xml).Root!;
        Assert.Equal("ServiceExceptionReport", report.Name.LocalName);
        var exception = report.Elements().Single();
        Assert.Equal("InvalidParameterValue", exception.Attribute("code")?.Value);
        Assert.Equal("BBOX", exception.Attribute("locator")?.Value);
        Assert.Contains(message, exception.Value, StringComparison.Ordinal);
    }

    private static string GetMap(string crs, string bbox, string layers, int size) =>
        $"wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS={layers}&STYLES=&CRS={crs}&BBOX={bbox}&WIDTH={size}&HEIGHT={size}&FORMAT=image/png";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
