using Huayang.Gis.Tests;
using Microsoft.Playwright;

namespace Huayang.Gis.Viewer.Tests.Support;

/// <summary>
/// The real server (with the built viewer) and one headless Debian Chromium driven by Playwright, shared by
/// the tests of a class; each test opens its own browser context. The browser is the system's
/// (<c>/usr/bin/chromium</c>, or <c>HUAYANG_CHROMIUM</c>): without it the tests skip locally and fail
/// when <c>CI=true</c>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    public ServerProcess Server => _server ?? throw new InvalidOperationException(SkipReason);

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(SkipReason);

    /// <summary>artifacts/viewer under the repository: screenshots and measurements.</summary>
    public string Artifacts { get; } = Huayang.Gis.Tests.RepositoryRoot.Artifacts("viewer");

    public static string ChromiumPath => Environment.GetEnvironmentVariable("HUAYANG_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Why tests cannot run here (<paramref name="reason"/>), or a failure when <c>CI=true</c>, where they must.</summary>
    internal static string Unavailable(string reason) =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidOperationException($"CI=true and {reason}: the browser tests must run in CI")
            : reason;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = Unavailable($"no Chromium at {ChromiumPath} (Debian: apt-get install chromium; or set HUAYANG_CHROMIUM)");
            return;
        }
        _server = await ServerProcess.StartAsync(readyPath: "viewer/");
        _playwright = await Playwright.CreateAsync();
        // Playwright gives every launch a fresh temporary profile (the --user-data-dir it manages itself).
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(Artifacts);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The viewer test classes share one <see cref="BrowserFixture"/> and run one after another (one browser, one machine).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
