using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Rendering.Drawing;
using Huayang.Gis.Rendering.Text;
using Huayang.Gis.Server.Tiles;
using Microsoft.Net.Http.Headers;

namespace Huayang.Gis.Server.Styles;

/// <summary>
/// Styles for other apps: <c>GET /styles</c> (the list), <c>GET /styles/default.json</c> (a MapLibre / Mapbox GL style
/// of version 8, <see cref="MapLibreStyle"/>), its sprite (<c>/styles/sprite.json|png</c>, <c>@2x</c>) and its glyphs
/// (<c>/fonts/{fontstack}/{start}-{end}.pbf</c>, <see cref="GlyphRanges"/>).
/// </summary>
/// <remarks>
/// The style names this server's address (its TileJSON, sprite and glyph URLs): from <c>Tiles:PublicUrl</c> when set
/// (then <c>Cache-Control: public</c>), else from the request's <c>Host</c> (<c>private</c>, <c>Vary: Host</c>), as
/// TileJSON does. Sprites and glyph ranges are drawn once per process and may be kept a day. A glyph range is drawn
/// in the Render request class (it is CPU work); everything else here is a small document.
/// </remarks>
internal static class StyleEndpoints
{
    public const string StyleType = "application/vnd.mapbox.style+json";
    private const int AssetMaxAgeSeconds = 86_400;

    public static IEndpointRouteBuilder MapStyleEndpoints(this IEndpointRouteBuilder routes)
    {
        var publicUrl = TileEndpoints.PublicUrlFrom(routes.ServiceProvider.GetRequiredService<IConfiguration>());
        var group = routes.MapGroup("").WithTags("Styles");
        group.MapGet("/styles", (HttpContext context) => StylesList(context, publicUrl))
            .WithName("GetStyles").WithSummary("The styles offered: default, a MapLibre / Mapbox GL style")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        group.MapGet("/styles/default.json", (HttpContext context, ISpatialStore store, CancellationToken cancellationToken) =>
                DefaultStyleAsync(context, store, publicUrl, cancellationToken))
            .WithName("GetDefaultStyle")
            .WithSummary("The map's MapLibre / Mapbox GL style (version 8): the server's vector tiles drawn as the renderer and viewer draw them")
            .Produces(StatusCodes.Status200OK, contentType: "application/json", additionalContentTypes: StyleType);
        group.MapGet("/styles/{sprite}.json", (string sprite) => Sprite(sprite, png: false))
            .WithName("GetSpriteIndex").WithSummary("The style's sprite index (sprite.json, sprite@2x.json)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/styles/{sprite}.png", (string sprite) => Sprite(sprite, png: true))
            .WithName("GetSpriteImage").WithSummary("The style's sprite sheet (sprite.png, sprite@2x.png)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/fonts/{fontstack}/{range}.pbf", Glyphs)
            .WithName("GetGlyphs").WithSummary("256 glyphs of a font stack as signed distance fields (MapLibre glyph protocol buffers)")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-protobuf")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static IResult StylesList(HttpContext context, string? publicUrl)
    {
        var baseUrl = TileEndpoints.PublicBase(context, publicUrl);
        return TypedResults.Json(new
        {
            styles = new[]
            {
                new
                {
                    id = "default",
                    title = "华阳街道 Huayang Street",
                    links = new[] { new { href = $"{baseUrl}/styles/default.json", rel = "stylesheet", type = StyleType } },
                },
            },
        });
    }

    private static async Task<IResult> DefaultStyleAsync(HttpContext context, ISpatialStore store, string? publicUrl, CancellationToken cancellationToken)
    {
        var baseUrl = TileEndpoints.PublicBase(context, publicUrl);
        var state = await store.GetStateAsync(cancellationToken);
        var planPoints = state.Layers.Contains(Layers.Plan)
            ? (await store.GetFeaturesAsync(Layers.Plan, null, cancellationToken))
                .Where(f => GeometryFamilies.Of(f.Geometry) == GeometryFamily.Points)
                .Select(f => Convert.ToString(f.Attributes["id"], CultureInfo.InvariantCulture) ?? "").ToList()
            : [];
        var bounds = state.Layers.Contains(Layers.Communities) ? (await store.DescribeLayerAsync(Layers.Communities, cancellationToken)).Extent : null;
        var center = bounds is null ? (104.05, 30.49) : ((bounds.MinX + bounds.MaxX) / 2, (bounds.MinY + bounds.MaxY) / 2);
        var style = MapLibreStyle.Build(baseUrl, state.Layers, planPoints, center);
        return TypedResults.Text(style.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            "application/json; charset=utf-8");
    }

    private static IResult Sprite(string name, bool png)
    {
        int? ratio = name switch { "sprite" => 1, "sprite@2x" => 2, _ => null };
        if (ratio is null)
        {
            return ApiProblems.NotFound($"no sprite \"{name}\"; the sprites are sprite and sprite@2x");
        }
        var (image, index) = MapSprites.Sheet(ratio.Value);
        return png ? TypedResults.Bytes(image, "image/png") : TypedResults.Text(index, "application/json");
    }

    private static IResult Glyphs(string fontstack, string range, HttpContext context)
    {
        // A client may ask for a stack of several fonts ("A,B"): the first one served is used.
        var stack = fontstack.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(f => GlyphRanges.FontStacks.Contains(f, StringComparer.Ordinal));
        if (stack is null)
        {
            return ApiProblems.NotFound($"no font stack \"{fontstack}\"; served: {string.Join(", ", GlyphRanges.FontStacks)}");
        }
        var parts = range.Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            || start % 256 != 0 || end != start + 255 || end > 65535)
        {
            return ApiProblems.BadParameter("range", range, "START-END with START a multiple of 256 and END = START + 255, at most 65535 (e.g. 0-255)");
        }
        byte[] glyphs;
        try
        {
            glyphs = GlyphRanges.Range(stack, start);
        }
        catch (MissingFontException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No CJK font", detail: e.Message);
        }
        context.Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(AssetMaxAgeSeconds) };
        return TypedResults.Bytes(glyphs, "application/x-protobuf");
    }
}
