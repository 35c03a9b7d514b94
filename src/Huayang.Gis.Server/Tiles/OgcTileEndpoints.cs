using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Server.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huayang.Gis.Server.Tiles;

/// <summary>
/// OGC API – Tiles over the same vector tiles as <c>/tiles/{layers}/{z}/{x}/{y}.mvt</c>: the tiling scheme
/// (<c>/tileMatrixSets</c>, <c>/tileMatrixSets/WebMercatorQuad</c>), each layer's tilesets
/// (<c>/collections/{id}/tiles</c>, <c>…/tiles/WebMercatorQuad</c>, <c>…/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}</c>)
/// and one dataset tileset of every drawn layer and the walkways (<c>/tiles</c>, <c>/tiles/WebMercatorQuad</c>, …).
/// </summary>
/// <remarks>
/// The tiling scheme document carries the members of both encodings of OGC's tile matrix set standard, 2.0
/// (<c>id</c>, <c>crs</c>, <c>tileMatrices</c>) and 1.0 (<c>identifier</c>, <c>supportedCRS</c>, <c>tileMatrix</c>), as
/// GDAL 3.6 reads only the older one. A tileset's <c>tileMatrixSetLimits</c> are the tiles of zooms 0–16 whose buffered
/// square meets the data (<see cref="TilePyramid"/>), the zooms the data needs (<see cref="VectorTileGrid.DataMaxZoom"/>);
/// tiles are served to zoom 22 as before. The views of one geometry family (<c>plan-points</c>, …) have no tilesets of
/// their own: the plan's tiles are the plan's (<c>/collections/plan/tiles</c>) and the dataset's.
/// </remarks>
internal static class OgcTileEndpoints
{
    public const string TileMatrixSetId = "WebMercatorQuad";
    public const string TileMatrixSetUri = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    public const string TilesetsRel = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
    public const string TilingSchemeRel = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    public const string TilingSchemesRel = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
    private const string WebMercatorCrs = "http://www.opengis.net/def/crs/EPSG/0/3857";

    /// <summary>The conformance classes of OGC API – Tiles this server passes.</summary>
    public static IReadOnlyList<string> ConformanceClasses { get; } =
    [
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/png",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
    ];

    public static IEndpointRouteBuilder MapOgcTileEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("OGC API – Tiles");
        group.MapGet("/tileMatrixSets", (HttpRequest request) => Json(w => TileMatrixSets(w, new Urls(request))))
            .WithName("getTileMatrixSetsList").WithSummary("The tiling schemes: WebMercatorQuad (vector tiles) and WorldCRS84Quad (map tiles)")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json);
        group.MapGet("/tileMatrixSets/{tileMatrixSetId}", (string tileMatrixSetId, HttpRequest request) =>
                Schemes.FirstOrDefault(s => s.Id == tileMatrixSetId) is { } scheme
                    ? (IResult)Json(w => TileMatrixSet(w, new Urls(request), scheme))
                    : ApiProblems.NotFound($"no tile matrix set \"{tileMatrixSetId}\"; the tiling schemes are {string.Join(", ", Schemes.Select(s => s.Id))}"))
            .WithName("getTileMatrixSet").WithSummary("A tiling scheme, WebMercatorQuad or WorldCRS84Quad (OGC TMS 2.0, with the 1.0 members GDAL 3.6 reads)")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/tiles", (HttpRequest request, IVectorTileSource tiles, CancellationToken cancellationToken) =>
                TilesetsAsync(request, null, tiles, cancellationToken))
            .WithName("getDatasetVectorTileSetsList").WithSummary("The dataset's vector tilesets: every drawn layer and the walkways in one")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json);
        group.MapGet("/tiles/{tileMatrixSetId}", (string tileMatrixSetId, HttpRequest request, IVectorTileSource tiles, CancellationToken cancellationToken) =>
                TilesetAsync(request, null, tileMatrixSetId, tiles, cancellationToken))
            .WithName("describeDatasetVectorTileSet").WithSummary("The dataset's vector tileset: its layers, limits and tile URL")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
                (string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext context, IVectorTileSource tiles, CancellationToken cancellationToken) =>
                    TileAsync(null, tileMatrixSetId, tileMatrix, tileRow, tileCol, context, tiles, cancellationToken))
            .WithName("getDatasetVectorTile").WithSummary("A tile of the dataset's layers (Mapbox Vector Tile); 204 where there is nothing")
            .Produces(StatusCodes.Status200OK, contentType: TileEndpoints.ContentType).Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/collections/{collectionId}/tiles", (string collectionId, HttpRequest request, IVectorTileSource tiles, CancellationToken cancellationToken) =>
                TilesetsAsync(request, collectionId, tiles, cancellationToken))
            .WithName("getCollectionVectorTileSetsList").WithSummary("A collection's vector tilesets")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}",
                (string collectionId, string tileMatrixSetId, HttpRequest request, IVectorTileSource tiles, CancellationToken cancellationToken) =>
                    TilesetAsync(request, collectionId, tileMatrixSetId, tiles, cancellationToken))
            .WithName("describeCollectionVectorTileSet").WithSummary("A collection's vector tileset: its layer, limits and tile URL")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
                (string collectionId, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext context, IVectorTileSource tiles,
                    CancellationToken cancellationToken) =>
                    TileAsync(collectionId, tileMatrixSetId, tileMatrix, tileRow, tileCol, context, tiles, cancellationToken))
            .WithName("getCollectionVectorTile").WithSummary("A tile of one collection (Mapbox Vector Tile); 204 where there is nothing")
            .Produces(StatusCodes.Status200OK, contentType: TileEndpoints.ContentType).Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>The layers of the dataset tileset (the style's), or the one layer of a collection; null when it has no tiles.</summary>
    private static IReadOnlyList<string>? LayersOf(string? collectionId, LayerRegistry registry)
    {
        if (collectionId is null)
        {
            return registry.All.Where(l => l.Drawn || l.Name == Layers.Walkways).Select(l => l.Name).ToList();
        }
        return CollectionCatalog.Find(registry, collectionId) is { Family: null } info ? [info.Layer] : null;
    }

    private static async Task<IResult> TilesetsAsync(HttpRequest request, string? collectionId, IVectorTileSource tiles, CancellationToken cancellationToken)
    {
        var state = await tiles.GetStateAsync(cancellationToken);
        if (LayersOf(collectionId, state.Layers) is null)
        {
            return NoTiles(state.Layers, collectionId!);
        }
        var prefix = collectionId is null ? "/tiles" : $"/collections/{collectionId}/tiles";
        return TilesetsList(new Urls(request), prefix, collectionId ?? "华阳街道 Huayang Street: every layer", "vector", WebMercatorQuad);
    }

    /// <summary>A tilesets list of one tileset: its data type, scheme and the links to it and to the scheme.</summary>
    internal static IResult TilesetsList(Urls urls, string prefix, string title, string dataType, TilingScheme scheme) => Json(w =>
    {
        w.WriteStartObject();
        FeaturesJson.Links(w, [new(urls.To(prefix), "self", Urls.Json, "These tilesets")]);
        w.WriteStartArray("tilesets");
        w.WriteStartObject();
        w.WriteString("title", title);
        w.WriteString("dataType", dataType);
        w.WriteString("crs", scheme.Crs);
        w.WriteString("tileMatrixSetURI", scheme.Uri);
        FeaturesJson.Links(w, [
            new(urls.To($"{prefix}/{scheme.Id}"), "self", Urls.Json, $"The {scheme.Id} tileset"),
            new(urls.To($"/tileMatrixSets/{scheme.Id}"), TilingSchemeRel, Urls.Json, scheme.Id),
        ]);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static async Task<IResult> TilesetAsync(
        HttpRequest request, string? collectionId, string tileMatrixSetId, IVectorTileSource tiles, CancellationToken cancellationToken)
    {
        var state = await tiles.GetStateAsync(cancellationToken);
        if (LayersOf(collectionId, state.Layers) is not { } layers)
        {
            return NoTiles(state.Layers, collectionId!);
        }
        if (tileMatrixSetId != TileMatrixSetId)
        {
            return UnknownTileMatrixSet(tileMatrixSetId);
        }
        var urls = new Urls(request);
        var prefix = collectionId is null ? "/tiles" : $"/collections/{collectionId}/tiles";
        var definitions = layers.Select(state.Layers.Get).ToList();
        var extent = state.BoundsOf(layers);
        var minZoom = Math.Min(definitions.Min(l => l.TileMinZoom), VectorTileGrid.DataMaxZoom);
        var pyramid = extent is null ? null : new TilePyramid(extent, minZoom, VectorTileGrid.DataMaxZoom);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("title", collectionId is null ? "华阳街道 Huayang Street: every layer" : collectionId);
            w.WriteString("dataType", "vector");
            w.WriteString("crs", WebMercatorCrs);
            w.WriteString("tileMatrixSetURI", TileMatrixSetUri);
            FeaturesJson.Links(w, [
                new(urls.To($"{prefix}/{TileMatrixSetId}"), "self", Urls.Json, "This tileset"),
                new(urls.To($"/tileMatrixSets/{TileMatrixSetId}"), TilingSchemeRel, Urls.Json, "WebMercatorQuad"),
                new(urls.To($"{prefix}/{TileMatrixSetId}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"), "item", TileEndpoints.ContentType, "Tiles (Mapbox Vector Tile)"),
            ]);
            w.WriteStartArray("tileMatrixSetLimits");
            for (var z = minZoom; pyramid is not null && z <= VectorTileGrid.DataMaxZoom; z++)
            {
                var range = pyramid.Range(z);
                w.WriteStartObject();
                w.WriteString("tileMatrix", z.ToString(CultureInfo.InvariantCulture));
                w.WriteNumber("minTileRow", range.MinY);
                w.WriteNumber("maxTileRow", range.MaxY);
                w.WriteNumber("minTileCol", range.MinX);
                w.WriteNumber("maxTileCol", range.MaxX);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (extent is not null)
            {
                w.WriteStartObject("boundingBox");
                w.WriteStartArray("lowerLeft");
                w.WriteNumberValue(extent.MinX);
                w.WriteNumberValue(extent.MinY);
                w.WriteEndArray();
                w.WriteStartArray("upperRight");
                w.WriteNumberValue(extent.MaxX);
                w.WriteNumberValue(extent.MaxY);
                w.WriteEndArray();
                w.WriteString("crs", "http://www.opengis.net/def/crs/OGC/1.3/CRS84");
                w.WriteEndObject();
            }
            w.WriteStartArray("layers");
            foreach (var layer in definitions)
            {
                var tileLayer = TileLayer.Of(layer);
                w.WriteStartObject();
                w.WriteString("id", layer.Name);
                w.WriteString("title", layer.Title);
                w.WriteString("description", layer.Description);
                w.WriteString("dataType", "vector");
                var families = layer.GeometryTypes.Select(GeometryFamilies.OfType).OfType<GeometryFamily>().Distinct().ToList();
                if (families.Count == 1)
                {
                    w.WriteNumber("geometryDimension", (int)families[0]);
                }
                w.WriteString("minTileMatrix", tileLayer.MinZoom.ToString(CultureInfo.InvariantCulture));
                w.WriteString("maxTileMatrix", VectorTileGrid.DataMaxZoom.ToString(CultureInfo.InvariantCulture));
                w.WriteStartObject("propertiesSchema");
                w.WriteString("type", "object");
                w.WriteStartObject("properties");
                foreach (var field in tileLayer.Fields)
                {
                    w.WriteStartObject(field.Name);
                    w.WriteString("description", field.Description);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> TileAsync(string? collectionId, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol,
        HttpContext context, IVectorTileSource tiles, CancellationToken cancellationToken)
    {
        var state = await tiles.GetStateAsync(cancellationToken);
        if (LayersOf(collectionId, state.Layers) is not { } layers)
        {
            return NoTiles(state.Layers, collectionId!);
        }
        if (tileMatrixSetId != TileMatrixSetId)
        {
            return UnknownTileMatrixSet(tileMatrixSetId);
        }
        // The XYZ tile: column x, row y (both from the top left, as in WebMercatorQuad).
        return await TileEndpoints.GetTileAsync(string.Join(',', layers), tileMatrix, tileCol, tileRow, context, tiles, ("tileMatrix", "tileCol", "tileRow"), cancellationToken);
    }

    /// <summary>A tiling scheme: its id, URI, CRS, origin (x, y in the CRS's own axis order), level 0's matrix and cell size.</summary>
    internal sealed record TilingScheme(string Id, string Title, string Uri, string Crs, (string X, string Y) Axes, double OriginX, double OriginY,
        int Width0, double CellSize0, double MetresPerUnit, string WellKnownScaleSet);

    /// <summary>OGC's WebMercatorQuad: the vector tiles' grid.</summary>
    internal static TilingScheme WebMercatorQuad { get; } = new(TileMatrixSetId, "Google Maps Compatible for the World", TileMatrixSetUri,
        WebMercatorCrs, ("E", "N"), -VectorTileGrid.WorldHalfSize, VectorTileGrid.WorldHalfSize, 1, 2 * VectorTileGrid.WorldHalfSize / 256, 1,
        "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible");

    /// <summary>OGC's WorldCRS84Quad: the map tiles' grid (two tiles of 180° at level 0).</summary>
    internal static TilingScheme WorldCrs84Quad { get; } = new("WorldCRS84Quad", "CRS84 for the World",
        "http://www.opengis.net/def/tilematrixset/OGC/1.0/WorldCRS84Quad", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", ("Lon", "Lat"),
        -180, 90, 2, 180.0 / 256, 6378137 * Math.PI / 180, "http://www.opengis.net/def/wkss/OGC/1.0/GoogleCRS84Quad");

    internal static IReadOnlyList<TilingScheme> Schemes { get; } = [WebMercatorQuad, WorldCrs84Quad];

    /// <summary>TMS 2.0 members with the 1.0 members beside them (GDAL 3.6 reads only those).</summary>
    internal static void TileMatrixSet(Utf8JsonWriter w, Urls urls, TilingScheme scheme)
    {
        w.WriteStartObject();
        w.WriteString("id", scheme.Id);
        w.WriteString("title", scheme.Title);
        w.WriteString("uri", scheme.Uri);
        w.WriteString("crs", scheme.Crs);
        w.WriteStartArray("orderedAxes");
        w.WriteStringValue(scheme.Axes.X);
        w.WriteStringValue(scheme.Axes.Y);
        w.WriteEndArray();
        w.WriteString("wellKnownScaleSet", scheme.WellKnownScaleSet);
        // TMS 1.0 (OGC 17-083r2) members.
        w.WriteString("type", "TileMatrixSetType");
        w.WriteString("identifier", scheme.Id);
        w.WriteString("supportedCRS", scheme.Crs);
        w.WriteStartObject("boundingBox");
        w.WriteString("type", "BoundingBoxType");
        w.WriteString("crs", scheme.Crs);
        WritePair(w, "lowerCorner", scheme.OriginX, -scheme.OriginY);
        WritePair(w, "upperCorner", -scheme.OriginX, scheme.OriginY);
        w.WriteEndObject();
        FeaturesJson.Links(w, [new(urls.To($"/tileMatrixSets/{scheme.Id}"), "self", Urls.Json, scheme.Id)]);
        foreach (var (name, v2) in new[] { ("tileMatrices", true), ("tileMatrix", false) })
        {
            w.WriteStartArray(name);
            for (var z = 0; z <= VectorTileGrid.MaxZoom; z++)
            {
                var cellSize = scheme.CellSize0 / (1L << z);
                var scale = cellSize * scheme.MetresPerUnit / 0.28e-3;
                var id = z.ToString(CultureInfo.InvariantCulture);
                w.WriteStartObject();
                if (v2)
                {
                    w.WriteString("id", id);
                    w.WriteNumber("scaleDenominator", scale);
                    w.WriteNumber("cellSize", cellSize);
                    w.WriteString("cornerOfOrigin", "topLeft");
                    WritePair(w, "pointOfOrigin", scheme.OriginX, scheme.OriginY);
                }
                else
                {
                    w.WriteString("type", "TileMatrixType");
                    w.WriteString("identifier", id);
                    w.WriteNumber("scaleDenominator", scale);
                    WritePair(w, "topLeftCorner", scheme.OriginX, scheme.OriginY);
                }
                w.WriteNumber("tileWidth", 256);
                w.WriteNumber("tileHeight", 256);
                w.WriteNumber("matrixWidth", scheme.Width0 * (1L << z));
                w.WriteNumber("matrixHeight", 1L << z);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void TileMatrixSets(Utf8JsonWriter w, Urls urls)
    {
        w.WriteStartObject();
        FeaturesJson.Links(w, [new(urls.To("/tileMatrixSets"), "self", Urls.Json, "The tiling schemes")]);
        w.WriteStartArray("tileMatrixSets");
        foreach (var scheme in Schemes)
        {
            w.WriteStartObject();
            w.WriteString("id", scheme.Id);
            w.WriteString("title", scheme.Title);
            w.WriteString("uri", scheme.Uri);
            w.WriteString("crs", scheme.Crs);
            FeaturesJson.Links(w, [new(urls.To($"/tileMatrixSets/{scheme.Id}"), TilingSchemeRel, Urls.Json, scheme.Id)]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static void WritePair(Utf8JsonWriter w, string name, double a, double b)
    {
        w.WriteStartArray(name);
        w.WriteNumberValue(a);
        w.WriteNumberValue(b);
        w.WriteEndArray();
    }

    private static ProblemHttpResult UnknownTileMatrixSet(string id) =>
        ApiProblems.NotFound($"no tile matrix set \"{id}\"; the tiles are in {TileMatrixSetId}");

    private static ProblemHttpResult NoTiles(LayerRegistry registry, string collectionId) =>
        CollectionCatalog.Find(registry, collectionId) is { } view
            ? ApiProblems.NotFound($"{collectionId} is a view of the layer {view.Layer}; its tiles are at /collections/{view.Layer}/tiles")
            : FeatureEndpoints.UnknownCollection(registry, collectionId);

    internal static FileContentHttpResult Json(Action<Utf8JsonWriter> write) => TypedResults.Bytes(FeaturesJson.Write(write), Urls.Json);
}
