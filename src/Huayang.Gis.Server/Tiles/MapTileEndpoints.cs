using System.Globalization;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Rendering;
using Huayang.Gis.Rendering.Text;
using Huayang.Gis.Server.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Server.Tiles;

/// <summary>
/// OGC API – Tiles map tiles: PNG pictures of 256 × 256 pixels drawn by the renderer in <c>WorldCRS84Quad</c>, for every
/// drawn layer (<c>/collections/{id}/map/tiles/WorldCRS84Quad/{tileMatrix}/{tileRow}/{tileCol}</c>) and for the whole map
/// (<c>/map/tiles/…</c>), with the tilesets that describe them.
/// </summary>
/// <remarks>
/// A tile is drawn like a WMS GetMap of its box (lon/lat, no decorations, transparent), the data read a little beyond
/// it so symbols on its edges are whole; labels are placed per tile. ETag of data version, layers and tile; 304 before
/// drawing; <c>Cache-Control: public, max-age=300</c>; drawn in the Render request class.
/// </remarks>
internal static class MapTileEndpoints
{
    public const string TilesetsMapRel = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-map";
    private static OgcTileEndpoints.TilingScheme Scheme => OgcTileEndpoints.WorldCrs84Quad;

    public static IEndpointRouteBuilder MapMapTileEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("OGC API – Tiles");
        group.MapGet("/map/tiles", (HttpRequest request, ISpatialStore store, CancellationToken ct) => TilesetsAsync(request, null, store, ct))
            .WithName("getDatasetMapTileSetsList").WithSummary("The whole map's map tilesets (PNG, WorldCRS84Quad)")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/map/tiles/{tileMatrixSetId}", (string tileMatrixSetId, HttpRequest request, ISpatialStore store, CancellationToken ct) =>
                TilesetAsync(request, null, tileMatrixSetId, store, ct))
            .WithName("describeDatasetMapTileSet").WithSummary("The whole map's map tileset: limits and tile URL")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/map/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
                (string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext context, ISpatialStore store, CancellationToken ct) =>
                    TileAsync(null, tileMatrixSetId, tileMatrix, tileRow, tileCol, context, store, ct))
            .WithName("getDatasetMapTile").WithSummary("A PNG map tile of the whole map")
            .Produces(StatusCodes.Status200OK, contentType: "image/png").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/collections/{collectionId}/map/tiles", (string collectionId, HttpRequest request, ISpatialStore store, CancellationToken ct) =>
                TilesetsAsync(request, collectionId, store, ct))
            .WithName("getCollectionMapTileSetsList").WithSummary("A drawn layer's map tilesets (PNG, WorldCRS84Quad)")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/collections/{collectionId}/map/tiles/{tileMatrixSetId}",
                (string collectionId, string tileMatrixSetId, HttpRequest request, ISpatialStore store, CancellationToken ct) =>
                    TilesetAsync(request, collectionId, tileMatrixSetId, store, ct))
            .WithName("describeCollectionMapTileSet").WithSummary("A drawn layer's map tileset: limits and tile URL")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/collections/{collectionId}/map/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
                (string collectionId, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext context, ISpatialStore store,
                    CancellationToken ct) => TileAsync(collectionId, tileMatrixSetId, tileMatrix, tileRow, tileCol, context, store, ct))
            .WithName("getCollectionMapTile").WithSummary("A PNG map tile of one drawn layer")
            .Produces(StatusCodes.Status200OK, contentType: "image/png").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    /// <summary>The drawn layers of the whole map, or the one drawn layer of a collection; null when it has no map tiles.</summary>
    internal static IReadOnlyList<string>? LayersOf(string? collectionId, LayerRegistry registry) => collectionId is null
        ? MapLayers.Of(registry)
        : CollectionCatalog.Find(registry, collectionId) is { Family: null } info && MapLayers.Of(registry).Contains(info.Layer, StringComparer.Ordinal)
            ? [info.Layer]
            : null;

    private static async Task<IResult> TilesetsAsync(HttpRequest request, string? collectionId, ISpatialStore store, CancellationToken cancellationToken)
    {
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        if (LayersOf(collectionId, registry) is null)
        {
            return NoMapTiles(registry, collectionId!);
        }
        var prefix = collectionId is null ? "/map/tiles" : $"/collections/{collectionId}/map/tiles";
        return OgcTileEndpoints.TilesetsList(new Urls(request), prefix, collectionId ?? "华阳街道 Huayang Street: the whole map", "map", Scheme);
    }

    private static async Task<IResult> TilesetAsync(HttpRequest request, string? collectionId, string tileMatrixSetId, ISpatialStore store, CancellationToken cancellationToken)
    {
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        if (LayersOf(collectionId, registry) is not { } layers)
        {
            return NoMapTiles(registry, collectionId!);
        }
        if (tileMatrixSetId != Scheme.Id)
        {
            return ApiProblems.NotFound($"no tile matrix set \"{tileMatrixSetId}\"; the map tiles are in {Scheme.Id}");
        }
        var extent = new Envelope();
        foreach (var layer in layers)
        {
            if ((await store.DescribeLayerAsync(layer, cancellationToken)).Extent is { } e)
            {
                extent.ExpandToInclude(e);
            }
        }
        var urls = new Urls(request);
        var prefix = collectionId is null ? "/map/tiles" : $"/collections/{collectionId}/map/tiles";
        return OgcTileEndpoints.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("title", collectionId ?? "华阳街道 Huayang Street: the whole map");
            w.WriteString("dataType", "map");
            w.WriteString("crs", Scheme.Crs);
            w.WriteString("tileMatrixSetURI", Scheme.Uri);
            FeaturesJson.Links(w, [
                new(urls.To($"{prefix}/{Scheme.Id}"), "self", Urls.Json, "This tileset"),
                new(urls.To($"/tileMatrixSets/{Scheme.Id}"), OgcTileEndpoints.TilingSchemeRel, Urls.Json, Scheme.Id),
                new(urls.To($"{prefix}/{Scheme.Id}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"), "item", "image/png", "Map tiles (PNG)"),
            ]);
            w.WriteStartArray("tileMatrixSetLimits");
            // From the first level at which the data is at least two pixels across: below it the map is not a picture of
            // anything (and GDAL's reader, cutting the data's box out of each level, fails on an empty window).
            var first = 0;
            while (!extent.IsNull && first < VectorTileGrid.DataMaxZoom
                   && Math.Min(extent.Width, extent.Height) < 2 * 180.0 / 256 / (1L << first))
            {
                first++;
            }
            for (var z = first; !extent.IsNull && z <= VectorTileGrid.DataMaxZoom; z++)
            {
                var size = 180.0 / (1L << z);
                var last = (int)((1L << z) * 2 - 1);
                int Col(double lon) => (int)Math.Clamp(Math.Floor((lon + 180) / size), 0, last);
                int Row(double lat) => (int)Math.Clamp(Math.Floor((90 - lat) / size), 0, (1L << z) - 1);
                w.WriteStartObject();
                w.WriteString("tileMatrix", z.ToString(CultureInfo.InvariantCulture));
                w.WriteNumber("minTileRow", Row(extent.MaxY));
                w.WriteNumber("maxTileRow", Row(extent.MinY));
                w.WriteNumber("minTileCol", Col(extent.MinX));
                w.WriteNumber("maxTileCol", Col(extent.MaxX));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("layers");
            foreach (var layer in layers.Select(registry.Get))
            {
                w.WriteStartObject();
                w.WriteString("id", layer.Name);
                w.WriteString("title", layer.Title);
                w.WriteString("dataType", "map");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> TileAsync(string? collectionId, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol,
        HttpContext context, ISpatialStore store, CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        if (LayersOf(collectionId, state.Layers) is not { } layers)
        {
            return NoMapTiles(state.Layers, collectionId!);
        }
        if (tileMatrixSetId != Scheme.Id)
        {
            return ApiProblems.NotFound($"no tile matrix set \"{tileMatrixSetId}\"; the map tiles are in {Scheme.Id}");
        }
        if (!int.TryParse(tileMatrix, NumberStyles.None, CultureInfo.InvariantCulture, out var z) || z > VectorTileGrid.MaxZoom)
        {
            return ApiProblems.BadParameter("tileMatrix", tileMatrix, $"an integer from 0 to {VectorTileGrid.MaxZoom}");
        }
        var rows = 1L << z;
        if (!long.TryParse(tileRow, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row >= rows)
        {
            return ApiProblems.BadParameter("tileRow", tileRow, $"an integer from 0 to {rows - 1} at tileMatrix {z}");
        }
        if (!long.TryParse(tileCol, NumberStyles.None, CultureInfo.InvariantCulture, out var col) || col >= 2 * rows)
        {
            return ApiProblems.BadParameter("tileCol", tileCol, $"an integer from 0 to {2 * rows - 1} at tileMatrix {z}");
        }
        if (TileEndpoints.NotModified(context, TileEndpoints.ETagOf($"map|{state.Version}", layers, z, (int)col, (int)row)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var size = 180.0 / rows;
        var box = new Envelope(-180 + col * size, -180 + (col + 1) * size, 90 - (row + 1) * size, 90 - row * size);
        MapRenderer renderer;
        try
        {
            renderer = MapRenderer.CreateDefault();
        }
        catch (MissingFontException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No CJK font", detail: e.Message);
        }
        // Read a tenth beyond each edge, so a symbol or line on the edge is drawn whole in both tiles.
        var margin = new Envelope(box);
        margin.ExpandBy(size / 10);
        var data = await MapSource.LoadAsync(store, margin, layers, null, cancellationToken);
        var picture = new MapRequest { Bbox = box, Crs = CrsId.Wgs84, Width = 256, Height = 256, Layers = layers, Decorations = false, Transparent = true };
        return TypedResults.Bytes(await renderer.RenderAsync(picture, data, jpeg: false, cancellationToken), "image/png");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoMapTiles(LayerRegistry registry, string collectionId) =>
        CollectionCatalog.Find(registry, collectionId) is { } info
            ? ApiProblems.NotFound(info.Family is null
                ? $"{collectionId} is not drawn as a picture; the drawn layers are {string.Join(", ", MapLayers.Of(registry))}"
                : $"{collectionId} is a view of the layer {info.Layer}; its map tiles are at /collections/{info.Layer}/map/tiles")
            : FeatureEndpoints.UnknownCollection(registry, collectionId);
}
