using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Huayang.Gis.Core.Text;

namespace Huayang.Gis.Server.Tiles;

/// <summary>
/// Vector tiles: <c>GET /tiles/{layers}/{z}/{x}/{y}.mvt</c> (Mapbox Vector Tile, Web Mercator XYZ) and
/// <c>GET /tiles/{layers}.json</c> (TileJSON 3.0.0), where <c>{layers}</c> is one or more comma-separated
/// layer names.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A tile with no feature answers 204 No Content (what MapLibre and GDAL read as an empty tile). When the
/// buffered tile misses the layers' extent, the 204 comes without building the tile at all.</item>
/// <item>Every tile answer, 200 or 204, has a strong <c>ETag</c> (data version, layers, z/x/y) and
/// <c>Cache-Control: public, max-age=300</c>; a matching <c>If-None-Match</c> answers 304 before the tile is made.
/// Below every asked layer's minimum zoom the answer is 204 without building anything.</item>
/// <item>TileJSON's tile URL starts with the configured <c>Tiles:PublicUrl</c> (an absolute http or https URL,
/// checked at start-up); then the document is <c>Cache-Control: public</c>. Without it the URL is built from the
/// request's scheme, <c>Host</c> and path base, and the document is <c>Cache-Control: private</c> with
/// <c>Vary: Host</c>, so that no shared cache hands one client's Host to another.</item>
/// <item>An unknown layer name answers 404 (like an unknown collection in OGC API – Features); an empty or
/// repeated name, or z, x, y outside the grid, answers 400. Both are problem+json naming the parameter and
/// what it accepts.</item>
/// </list>
/// </remarks>
internal static class TileEndpoints
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    /// <summary>How long clients and caches may reuse a tile without asking again, in seconds.</summary>
    public const int MaxAgeSeconds = 300;

    /// <summary>The configuration key of the public base URL that TileJSON's tile URLs start with.</summary>
    public const string PublicUrlKey = "Tiles:PublicUrl";

    /// <exception cref="InvalidOperationException"><see cref="PublicUrlKey"/> is set but not an absolute http(s) URL without query or fragment.</exception>
    public static IEndpointRouteBuilder MapTileEndpoints(this IEndpointRouteBuilder routes)
    {
        var publicUrl = PublicUrlFrom(routes.ServiceProvider.GetRequiredService<IConfiguration>());
        var group = routes.MapGroup("/tiles").WithTags("Vector tiles");
        group.MapGet("/{layers}/{z}/{x}/{y}.mvt", (string layers, string z, string x, string y, HttpContext context, IVectorTileSource tiles, CancellationToken cancellationToken) =>
                GetTileAsync(layers, z, x, y, context, tiles, cancellationToken))
            .WithName("GetVectorTile")
            .WithSummary("A Mapbox Vector Tile of one or more layers (comma-separated) in the Web Mercator XYZ grid")
            .Produces(StatusCodes.Status200OK, contentType: ContentType).Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/cache", (TileCache cache) => TypedResults.Json(cache.Statistics))
            .WithName("GetTileCacheStatistics")
            .WithSummary("The tile cache: entries, bytes, capacity, hits, misses, builds and evictions since the server started")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        group.MapGet("/{layers}.json", (string layers, HttpContext context, IVectorTileSource tiles, CancellationToken cancellationToken) =>
                GetTileJsonAsync(layers, context, tiles, publicUrl, cancellationToken))
            .WithName("GetTileJson")
            .WithSummary("TileJSON 3.0.0 describing the vector tiles of one or more layers")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static Task<IResult> GetTileAsync(
        string layers, string z, string x, string y, HttpContext context, IVectorTileSource tiles, CancellationToken cancellationToken) =>
        GetTileAsync(layers, z, x, y, context, tiles, ("z", "x", "y"), cancellationToken);

    /// <param name="names">The names of z, x and y in problems (OGC API – Tiles calls them tileMatrix, tileCol, tileRow).</param>
    internal static async Task<IResult> GetTileAsync(
        string layers, string z, string x, string y, HttpContext context, IVectorTileSource tiles, (string Z, string X, string Y) names,
        CancellationToken cancellationToken)
    {
        var (zName, xName, yName) = names;
        var state = await tiles.GetStateAsync(cancellationToken);
        var parsed = ParseLayers(layers, state.Layers);
        if (parsed.Problem is { } layerProblem)
        {
            return layerProblem;
        }
        var layerNames = parsed.Names;
        if (!TryParseCoordinate(z, VectorTileGrid.MaxZoom, out var zoom))
        {
            return ApiProblems.BadParameter(zName, z, $"an integer from 0 to {VectorTileGrid.MaxZoom}");
        }
        var last = (1 << zoom) - 1;
        if (!TryParseCoordinate(x, last, out var column))
        {
            return ApiProblems.BadParameter(xName, x, $"an integer from 0 to {last} at zoom {zoom}");
        }
        if (!TryParseCoordinate(y, last, out var row))
        {
            return ApiProblems.BadParameter(yName, y, $"an integer from 0 to {last} at zoom {zoom}");
        }

        var version = await tiles.TileVersionAsync(state, layerNames, zoom, column, row, cancellationToken);
        if (NotModified(context, ETagOf(version, layerNames, zoom, column, row)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (layerNames.All(name => zoom < state.Layers.Get(name).TileMinZoom)
            || state.BoundsOf(layerNames) is not { } extent || !extent.Intersects(VectorTileGrid.BufferedLonLatBounds(zoom, column, row)))
        {
            return TypedResults.NoContent();
        }
        if (context.RequestServices.GetService<TileCache>() is not { CapacityBytes: > 0 } cache)
        {
            var tile = await tiles.GetTileAsync(layerNames, zoom, column, row, cancellationToken);
            return tile.Length == 0 ? TypedResults.NoContent() : TypedResults.Bytes(tile, ContentType);
        }
        var (gzip, length) = await cache.GetOrBuildAsync(TileCache.KeyOf(version, layerNames, zoom, column, row),
            token => tiles.GetTileAsync(layerNames, zoom, column, row, token), cancellationToken);
        if (length == 0)
        {
            return TypedResults.NoContent();
        }
        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        if (context.Request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0))
        {
            // Kept compressed: sent as kept (the compression middleware leaves an encoded answer alone).
            context.Response.Headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(gzip, ContentType);
        }
        return TypedResults.Bytes(TileCache.Decompress(gzip), ContentType);
    }

    /// <summary>The configuration key of the tile cache's size in megabytes (0: no cache).</summary>
    public const string CacheMegabytesKey = "Tiles:CacheMegabytes";

    /// <summary>Registers the tile cache of <see cref="CacheMegabytesKey"/> megabytes (default 256).</summary>
    /// <exception cref="InvalidOperationException">The size is not a whole number from 0 to 65,536.</exception>
    public static IServiceCollection AddTileCache(this IServiceCollection services, IConfiguration configuration)
    {
        var text = configuration[CacheMegabytesKey];
        var megabytes = 256;
        if (!string.IsNullOrEmpty(text)
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out megabytes) || megabytes > 65_536))
        {
            throw new InvalidOperationException($"{CacheMegabytesKey}: \"{text}\" is not a size in megabytes from 0 to 65536");
        }
        return services.AddSingleton(new TileCache(megabytes * 1024L * 1024));
    }

    /// <summary>
    /// The configured public base URL without its trailing slash, or null when none is set.
    /// </summary>
    internal static string? PublicUrlFrom(IConfiguration configuration)
    {
        var text = configuration[PublicUrlKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            // A URL with user information may hold a password: it is not repeated.
            var shown = uri is { UserInfo.Length: > 0 } || text.Contains('@', StringComparison.Ordinal) ? "(a URL with user information)" : $"\"{text}\"";
            throw new InvalidOperationException(
                $"{PublicUrlKey}: {shown} is not an absolute http or https URL without user, query or fragment (e.g. https://maps.example.org/gis)");
        }
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    internal static async Task<IResult> GetTileJsonAsync(
        string layers, HttpContext context, IVectorTileSource tiles, string? publicUrl, CancellationToken cancellationToken)
    {
        var state = await tiles.GetStateAsync(cancellationToken);
        var parsed = ParseLayers(layers, state.Layers);
        if (parsed.Problem is { } problem)
        {
            return problem;
        }
        var bounds = state.BoundsOf(parsed.Names);
        double[] box = bounds is null
            ? [-180, -85.0511287798066, 180, 85.0511287798066]
            : [bounds.MinX, bounds.MinY, bounds.MaxX, bounds.MaxY];
        var baseUrl = PublicBase(context, publicUrl);
        var joined = string.Join(',', parsed.Names);
        var layerList = parsed.Names.Select(name => TileLayer.Of(state.Layers.Get(name))).ToList();
        return TypedResults.Json(new TileJson
        {
            Name = $"Huayang: {string.Join(", ", parsed.Names)}",
            Description = "Vector tiles of the Huayang Street (华阳街道) planning dataset",
            Version = "1.0.0",
            Attribution = "Huayang.Gis illustrative dataset (see data/README.md)",
            Tiles = [$"{baseUrl}/tiles/{joined}/{{z}}/{{x}}/{{y}}.mvt"],
            MinZoom = layerList.Min(layer => layer.MinZoom),
            MaxZoom = VectorTileGrid.DataMaxZoom,
            Bounds = box,
            Center = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2, 13],
            VectorLayers = layerList.Select(layer => new TileJsonLayer
            {
                Id = layer.Name,
                Description = layer.Description,
                MinZoom = layer.MinZoom,
                MaxZoom = VectorTileGrid.DataMaxZoom,
                Fields = layer.Fields.ToDictionary(f => f.Name, f => f.Description, StringComparer.Ordinal),
            }).ToList(),
        });
    }

    /// <summary>
    /// The server's address for a document that names it (TileJSON, the MapLibre style): <see cref="PublicUrlKey"/> when
    /// set (then <c>Cache-Control: public</c>), else the request's scheme, <c>Host</c> and path base — and then the body
    /// names the Host the client sent, so only that client may keep it (<c>private</c>, <c>Vary: Host</c>).
    /// </summary>
    internal static string PublicBase(HttpContext context, string? publicUrl)
    {
        var headers = context.Response.GetTypedHeaders();
        if (publicUrl is not null)
        {
            headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(MaxAgeSeconds) };
            return publicUrl;
        }
        headers.CacheControl = new CacheControlHeaderValue { Private = true, MaxAge = TimeSpan.FromSeconds(MaxAgeSeconds) };
        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Host);
        var request = context.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    private sealed record ParsedLayers(IReadOnlyList<string> Names, ProblemHttpResult? Problem);

    /// <summary>Comma-separated layer names: each known, none empty, none twice (MVT layer names must be unique).</summary>
    private static ParsedLayers ParseLayers(string layers, LayerRegistry registry)
    {
        var allowed = $"comma-separated names from: {string.Join(", ", registry.Names)}, each at most once";
        var names = layers.Split(',');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name.Length == 0 || !seen.Add(name))
            {
                return new([], ApiProblems.BadParameter("layers", layers, allowed));
            }
            if (!registry.Contains(name))
            {
                return new([], TypedResults.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Unknown layer",
                    detail: $"'layers': there is no layer \"{MessageText.Shorten(name)}\"; allowed: {allowed}",
                    extensions: new Dictionary<string, object?> { ["parameter"] = "layers", ["allowed"] = allowed }));
            }
        }
        return new(names, null);
    }

    /// <summary>A plain decimal integer (no sign, no spaces) from 0 to <paramref name="max"/>.</summary>
    private static bool TryParseCoordinate(string text, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;

    /// <summary>The strong ETag of a tile (vector or map) of these layers at this version.</summary>
    internal static EntityTagHeaderValue ETagOf(string version, IReadOnlyList<string> layers, int z, int x, int y)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{version}|{string.Join(',', layers)}|{z}/{x}/{y}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
        return new EntityTagHeaderValue($"\"{hash}\"");
    }

    /// <summary>
    /// Gives a tile answer its ETag and <c>Cache-Control: public, max-age=300</c>; true when the request's
    /// <c>If-None-Match</c> matches it (then the answer is 304, before anything is built).
    /// </summary>
    internal static bool NotModified(HttpContext context, EntityTagHeaderValue etag)
    {
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(MaxAgeSeconds) };
        return Features.ConditionalGet.Matches(context.Request.GetTypedHeaders().IfNoneMatch, etag);
    }
}
