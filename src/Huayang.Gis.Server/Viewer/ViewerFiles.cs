using Microsoft.Extensions.FileProviders;

namespace Huayang.Gis.Server.Viewer;

/// <summary>
/// The browser viewer (src/Huayang.Gis.Viewer, OpenLayers) at <c>/viewer/</c>: the static files of its
/// npm build, which the server's build copies to <c>wwwroot/viewer</c> in the output folder. <c>/viewer</c>
/// redirects to <c>/viewer/</c> so the page's relative addresses resolve under it.
/// </summary>
internal static class ViewerFiles
{
    public const string PathBase = "/viewer";

    /// <summary>Where the build puts the viewer: wwwroot/viewer beside the server's assembly.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "wwwroot", "viewer");

    public static WebApplication UseViewer(this WebApplication app)
    {
        var folder = Folder;
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            // The build copies the viewer; a server built without it still serves the APIs.
            app.Logger.LogWarning("No browser viewer at {Folder}: /viewer/ answers 404. Build the server with npm available.", folder);
            return app;
        }
        var files = new PhysicalFileProvider(folder);
        app.Use((context, next) =>
        {
            // Middleware, not an endpoint: routing treats /viewer and /viewer/ alike, the static files do not.
            if (context.Request.Path.Value == PathBase)
            {
                context.Response.Redirect($"{context.Request.PathBase}{PathBase}/{context.Request.QueryString}");
                return Task.CompletedTask;
            }
            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = PathBase, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = PathBase,
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Vite names the bundles by content hash; the page itself must be revalidated.
                var cacheControl = context.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable";
                context.Context.Response.Headers.CacheControl = cacheControl;
            },
        });
        return app;
    }
}
