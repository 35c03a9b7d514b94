using Huayang.Gis.PostGis;
using Huayang.Gis.Server;
using Huayang.Gis.Server.Analysis;
using Huayang.Gis.Server.Features;
using Huayang.Gis.Server.Hosting;
using Huayang.Gis.Server.Maps;
using Huayang.Gis.Server.Styles;
using Huayang.Gis.Server.Tiles;
using Huayang.Gis.Server.Viewer;

// The content root is the server's own folder, wherever the process starts: appsettings.json beside
// Huayang.Gis.Server.dll is always the one read (ASPNETCORE_CONTENTROOT or --contentRoot still override it).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ServerHost.ContentRoot(args) });
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    // ASP.NET Core's own --urls / ASPNETCORE_URLS win; otherwise loopback on the project's port.
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
// A failure to start (a port in use) is reported below in one line; the host's own report is a stack trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();

using var startupLogs = LoggerFactory.Create(logging => logging.AddConsole());
var startupLog = startupLogs.CreateLogger("Huayang.Gis.Server");
AdmissionOptions admission;
DatabaseOptions database;
IReadOnlyList<string> corsOrigins;
System.IO.Compression.CompressionLevel compression;
try
{
    compression = Compression.LevelFrom(builder.Configuration);
    builder.Logging.AddConsoleFormat(builder.Configuration);
    corsOrigins = CorsSetup.AllowedOrigins(builder.Configuration);
    admission = ServerHost.Bind<AdmissionOptions>(builder.Configuration, AdmissionOptions.Section, o => o.Problem());
    database = ServerHost.Bind<DatabaseOptions>(builder.Configuration, DatabaseOptions.Section, o => o.Problem());
    startupLog.LogInformation("Configuration: {Sources}", ServerHost.DescribeSources(builder.Configuration, builder.Environment));
    await builder.Services.AddConfiguredStoreAsync(builder.Configuration,
        new PoolLimits(database.ConnectTimeoutSeconds, database.CommandTimeoutSeconds, database.LockTimeoutMilliseconds, database.MaxPoolSize),
        startupLog, CancellationToken.None);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync($"huayang server: cannot start: {e.Message}");
    return 1;
}
builder.Services.AddConfiguredCors(corsOrigins);
builder.Services.AddConfiguredCompression(compression);
try
{
    builder.Services.AddTileCache(builder.Configuration);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync($"huayang server: cannot start: {e.Message}");
    return 1;
}
builder.Services.AddFeatureApi();
builder.Services.AddEditing();
builder.Services.AddAnalysis();
builder.Services.AddAdmissionControl(admission);
builder.Services.AddSingleton(database);
builder.Services.AddSingleton(services => new StoreHealth(
    services.GetRequiredService<StoreProbe>().ConnectionString, database, services.GetRequiredService<ILogger<StoreHealth>>()));
builder.Services.AddHostedService(services => services.GetRequiredService<StoreHealth>());
builder.Services.AddHealthChecks().AddCheck<StoreHealth>("store", tags: ["ready"]);

var app = builder.Build();
app.UseRequestLogging();
app.UseHeadAsGet();
app.UseConfiguredCompression(compression);
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRouting();
if (corsOrigins.Count > 0)
{
    app.UseConfiguredCors();
}
app.MapHealthEndpoints();
app.UseStoreHealthGate();
app.UseRateLimiter();
// Once admitted, a tile or query runs to its end when its client goes (cancelling a statement costs more).
app.UseShortReadsToTheirEnd();
app.UseViewer();

app.MapFeatureEndpoints();
app.MapEditEndpoints();
app.MapChangeEndpoints();
app.MapTileEndpoints();
app.MapOgcTileEndpoints();
app.MapMapTileEndpoints();
app.MapAnalysisEndpoints();
app.MapMapEndpoints();
app.MapWmsEndpoints();
app.MapStyleEndpoints();
try
{
    await app.StartAsync();
}
catch (IOException e)
{
    await Console.Error.WriteLineAsync($"huayang server: cannot start: {ServerHost.ListenProblem(app, e)}");
    return 1;
}
await app.WaitForShutdownAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
