using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Xunit.Abstractions;

namespace Huayang.Gis.Server.Tests.Hardening;

/// <summary>
/// The classes of request that once hung, exhausted or crashed the server, against the real process: degenerate,
/// tiny and enormous boxes in every CRS and endpoint; the largest legal requests; many at once; clients that leave.
/// </summary>
public sealed class HostileLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Degenerate_tiny_and_enormous_boxes_and_the_largest_requests_get_no_5xx()
    {
        var requests = HostileRequests.Boxes().ToList();
        Assert.True(requests.Count > 100, $"{requests.Count} requests");
        await using var server = await ServerProcess.StartAsync();
        using var http = Client(server, TimeSpan.FromSeconds(30));
        var outcomes = new ConcurrentBag<(HostileRequest Request, int Status, string Kind, string? Failure)>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (request, ct) =>
            outcomes.Add(await HostileRequestTests.SendAsync(http, server.BaseAddress, request, ct)));

        output.WriteLine(Summary(outcomes));
        var failures = outcomes.Where(o => o.Failure is not null).Take(20).Select(o => $"{o.Failure}: {o.Request}").ToList();
        Assert.True(failures.Count == 0, $"{Summary(outcomes)}\nfailures (first 20):\n{string.Join("\n", failures)}");
        Assert.DoesNotContain(outcomes, o => o.Status >= 500);
        using var nearest = await http.GetAsync("analysis/nearest?lon=104.05&lat=30.5&k=3");
        Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);
    }

    [Fact]
    public async Task A_burst_of_the_largest_pictures_is_answered_or_refused_with_Retry_After_and_memory_stays_bounded()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = Client(server, TimeSpan.FromMinutes(3));
        var baseline = server.ResidentMegabytes.Now;
        var burst = Enumerable.Range(0, 64).Select(i => new HostileRequest("GET", i % 2 == 0
            ? "/map.png?width=4096&height=4096&theme=coverage&category=kindergarten&level=5min"
            : "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communities,water,roads,plan,sites&STYLES=&CRS=EPSG:3857"
              + "&BBOX=11570000,3555000,11600000,3585000&WIDTH=4096&HEIGHT=4096&FORMAT=image/png", [], null)).ToList();
        var outcomes = await Task.WhenAll(burst.Select(r => HostileRequestTests.SendAsync(http, server.BaseAddress, r, CancellationToken.None, allowBusy: true)));

        output.WriteLine(Summary(outcomes));
        var (_, peak) = server.ResidentMegabytes;
        output.WriteLine($"resident memory: {baseline:F0} MB before, {peak:F0} MB at the peak");
        Assert.All(outcomes, o => Assert.True(o.Failure is null, $"{o.Failure}: {o.Request}"));
        Assert.Contains(outcomes, o => o.Status == 200);
        Assert.Contains(outcomes, o => o.Status == 503);
        // Half the cores draw at a time (the default), each a 64 MB bitmap and its PNG: far below 64 at once (4 GB and more).
        Assert.True(peak - baseline < 1200, $"peak {peak:F0} MB, {baseline:F0} MB before the burst");
    }

    [Fact]
    public async Task Clients_that_leave_early_leave_no_work_behind()
    {
        await using var server = await ServerProcess.StartAsync();
        using (var impatient = Client(server, TimeSpan.FromMilliseconds(500)))
        {
            var heavy = Enumerable.Range(0, 32).Select(async i =>
            {
                try
                {
                    using var response = await impatient.GetAsync(i % 2 == 0
                        ? "map.png?width=4096&height=4096&theme=coverage&category=culture&level=15min"
                        : "analysis/coverage/gaps?category=park&level=15min&communities=true");
                }
                catch (TaskCanceledException)
                {
                    // The client gave up, as intended.
                }
            });
            await Task.WhenAll(heavy);
        }
        // Within a few seconds of the last client leaving, the server is idle again: under 0.2 CPU seconds a second.
        var settled = false;
        var samples = new List<double>();
        for (var attempt = 0; attempt < 20 && !settled; attempt++)
        {
            var before = server.CpuSeconds;
            await Task.Delay(1000);
            var used = server.CpuSeconds - before;
            samples.Add(used);
            settled = used < 0.2;
        }
        output.WriteLine($"CPU seconds per second after the clients left: {string.Join(", ", samples.Select(s => s.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(settled, $"the server kept working after its clients left: {string.Join(", ", samples)} CPU s per s");
        using var http = Client(server, TimeSpan.FromSeconds(10));
        using var nearest = await http.GetAsync("analysis/nearest?lon=104.05&lat=30.5&k=3");
        Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);
    }

    private static HttpClient Client(ServerProcess server, TimeSpan timeout) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 128 })
        {
            BaseAddress = server.BaseAddress,
            Timeout = timeout,
        };

    private static string Summary(IEnumerable<(HostileRequest Request, int Status, string Kind, string? Failure)> outcomes)
    {
        var list = outcomes.ToList();
        var summary = new StringBuilder($"{list.Count} requests:\n");
        foreach (var group in list.GroupBy(o => o.Status).OrderBy(g => g.Key))
        {
            summary.Append($"  {(group.Key == 0 ? "no answer" : group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {group.Count()}");
            summary.Append($" ({string.Join(", ", group.GroupBy(o => o.Kind).OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Count()}"))})\n");
        }
        return summary.ToString();
    }
}
