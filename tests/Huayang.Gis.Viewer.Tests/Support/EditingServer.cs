using System.Net.Http.Headers;
using Huayang.Gis.Cli;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Viewer.Tests.Support;

/// <summary>
/// The real server process on a PostGIS database of its own (copied from <c>HUAYANG_TEST_PG</c>'s template and loaded
/// with the repository's data by <c>huayang load</c>), with two API keys, <c>alice</c> (the viewer's user) and <c>bob</c>
/// (someone editing through the API meanwhile), configured by their SHA-256 as an operator would. Without
/// <c>HUAYANG_TEST_PG</c> the tests skip locally and fail when <c>CI=true</c>.
/// </summary>
public sealed class EditingServer : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServerProcess? _server;

    public static string AliceKey { get; } = EditKeys.NewKey();

    public static string BobKey { get; } = EditKeys.NewKey();

    /// <summary>Why the editing tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    public ServerProcess Server => _server ?? throw new InvalidOperationException(SkipReason);

    public async Task InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.EnvironmentVariable)))
        {
            SkipReason = BrowserFixture.Unavailable(
                $"no PostGIS configured: set {TestDatabase.EnvironmentVariable} (tests/run.sh starts a throwaway cluster and sets it)");
            return;
        }

        _database = await TestDatabase.CreateAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(["load", RepositoryRoot.DataDirectory, "--pg", _database.ConnectionString], output, error);
        if (code != HuayangCli.Success)
        {
            throw new InvalidOperationException($"huayang load exited {code}: {error}");
        }

        _server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__PostGis"] = _database.ConnectionString,
            ["Editing__Keys__alice"] = EditKeys.Hash(AliceKey),
            ["Editing__Keys__bob"] = EditKeys.Hash(BobKey),
        }, readyPath: "viewer/");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A client of the server (not the browser); with <paramref name="key"/> it sends <c>Authorization: Bearer</c>.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
