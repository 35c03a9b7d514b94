using Huayang.Gis.Core.Store;
using Huayang.Gis.Server;
using Huayang.Gis.Server.Analysis;
using Huayang.Gis.Server.Features;
using Huayang.Gis.Server.Maps;
using Huayang.Gis.Server.Tiles;
using Huayang.Gis.Server.Viewer;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    // ASP.NET Core's own --urls / ASPNETCORE_URLS win; otherwise loopback on the project's port.
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();

using var startupLogs = LoggerFactory.Create(logging => logging.AddConsole());
ISpatialStore store;
try
{
    store = await StoreSetup.OpenAsync(builder.Configuration, startupLogs.CreateLogger("Huayang.Gis.Server"), CancellationToken.None);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync($"huayang server: cannot start: {e.Message}");
    return 1;
}
builder.Services.AddSingleton(store);
builder.Services.AddFeatureApi();
builder.Services.AddAnalysis();
builder.Services.AddSingleton(StoreSetup.TileSourceFor(store));

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseViewer();

app.MapFeatureEndpoints();
app.MapTileEndpoints();
app.MapAnalysisEndpoints();
app.MapMapEndpoints();
app.MapWmsEndpoints();
app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
