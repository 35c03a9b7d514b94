using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Huayang.Gis.Server.Viewer;

/// <summary>
/// The browser viewer (src/Huayang.Gis.Viewer, OpenLayers) at <c>/viewer/</c>: the static files of its
/// npm build, which the server's build copies to <c>wwwroot/viewer</c> in the output folder. <c>/viewer</c>
/// redirects to <c>/viewer/</c> so the page's relative addresses resolve under it. Its text files are sent in the
/// Brotli or gzip made at build (<see cref="PrecompressedFiles"/>), never compressed per request.
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
        var types = new FileExtensionContentTypeProvider();
        // The encoded copies are sent only as Content-Encoding of their file, never as files of their own.
        types.Mappings.Remove(".br");
        types.Mappings.Remove(".gz");
        var precompressed = PrecompressedFiles.Load(folder, name => ContentTypeOf(types, name), CacheControlOf);
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
        app.Use((context, next) =>
            context.Request.Path.StartsWithSegments(PathBase, out var path)
                ? precompressed.TryServe(context, path) ?? next(context)
                : next(context));
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = PathBase,
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                var response = context.Context.Response;
                response.Headers.CacheControl = CacheControlOf(context.File.Name);
                if (context.Context.Request.Path.StartsWithSegments(PathBase, out var path) && precompressed.HasVariants(path))
                {
                    // The plain answer of a file with encoded copies: caches must tell them apart.
                    response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                }
            },
        });
        return app;
    }

    /// <summary>Vite names the bundles by content hash, so they never change; the page itself must be revalidated.</summary>
    internal static string CacheControlOf(string fileName) =>
        fileName == "index.html" ? "no-cache" : "public, max-age=31536000, immutable";

    private static string ContentTypeOf(FileExtensionContentTypeProvider types, string fileName) =>
        types.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";
}
