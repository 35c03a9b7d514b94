using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Server.Tests.Features;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests.Tiles;
using Microsoft.Extensions.DependencyInjection;

namespace Huayang.Gis.Server.Tests.Tiles;

/// <summary>OGC API – Tiles: the tiling scheme (read by GDAL's own parser), each layer's and the dataset's tilesets, and their tiles.</summary>
public sealed partial class OgcTilesTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    private const string TilesetsRel = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";

    [Fact]
    public async Task The_tiling_scheme_is_webmercatorquad_with_its_standard_scales()
    {
        var list = await app.GetJsonAsync("/tileMatrixSets");
        Assert.Equal(["WebMercatorQuad", "WorldCRS84Quad"], list.GetProperty("tileMatrixSets").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var entry = list.GetProperty("tileMatrixSets")[0];
        var tms = await app.GetJsonAsync(new Uri(entry.Link("http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme")!.Value.GetProperty("href").GetString()!).PathAndQuery);
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/3857", tms.GetProperty("crs").GetString());
        var matrices = tms.GetProperty("tileMatrices").EnumerateArray().ToList();
        Assert.Equal(VectorTileGrid.MaxZoom + 1, matrices.Count);
        // OGC 17-083r4 Annex D.1: the scale denominator of level 0 and each level half the one before.
        Assert.Equal(559082264.0287178, matrices[0].GetProperty("scaleDenominator").GetDouble(), 6);
        for (var z = 0; z < matrices.Count; z++)
        {
            Assert.Equal(z.ToString(CultureInfo.InvariantCulture), matrices[z].GetProperty("id").GetString());
            Assert.Equal(1L << z, matrices[z].GetProperty("matrixWidth").GetInt64());
            Assert.Equal(559082264.0287178 / (1L << z), matrices[z].GetProperty("scaleDenominator").GetDouble(), 6);
            Assert.Equal(-VectorTileGrid.WorldHalfSize, matrices[z].GetProperty("pointOfOrigin")[0].GetDouble());
        }
        Assert.Equal(matrices.Count, tms.GetProperty("tileMatrix").GetArrayLength());
    }

    [SkippableFact]
    public async Task Gdal_reads_the_tiling_scheme_and_cuts_a_cog_on_its_grid()
    {
        Tool.Require("gdal_translate", "gdal-bin");
        var directory = Directory.CreateTempSubdirectory("huayang-tms-");
        try
        {
            var tms = Path.Combine(directory.FullName, "tms.json");
            await File.WriteAllTextAsync(tms, await app.CreateClient().GetStringAsync("/tileMatrixSets/WebMercatorQuad"));
            var source = Path.Combine(directory.FullName, "source.tif");
            var cog = Path.Combine(directory.FullName, "cog.tif");
            var created = await Tool.RunAsync("gdal_create", "-of", "GTiff", "-outsize", "40", "40", "-bands", "1", "-a_srs", "EPSG:3857",
                "-a_ullr", "11578000", "3577000", "11588000", "3565000", source);
            Assert.True(created.ExitCode == 0, created.Error);
            var (code, _, error) = await Tool.RunAsync("gdal_translate", "-q", "-of", "COG", "-co", $"TILING_SCHEME={tms}", source, cog);
            Assert.True(code == 0, $"GDAL refused the tiling scheme: {error}");
            var (_, info, _) = await Tool.RunAsync("gdalinfo", cog);
            var zoom = int.Parse(Regex.Match(info, @"ZOOM_LEVEL=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
            var corner = Regex.Match(info, @"Upper Left\s+\(\s*([-\d.]+),\s*([-\d.]+)\)");
            var tile = 2 * VectorTileGrid.WorldHalfSize / (1L << zoom);
            var column = (double.Parse(corner.Groups[1].Value, CultureInfo.InvariantCulture) + VectorTileGrid.WorldHalfSize) / tile;
            var row = (VectorTileGrid.WorldHalfSize - double.Parse(corner.Groups[2].Value, CultureInfo.InvariantCulture)) / tile;
            Assert.Equal(Math.Round(column), column, 6);
            Assert.Equal(Math.Round(row), row, 6);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_whole_layer_has_a_tileset_whose_tiles_are_the_layers_tiles_and_whose_limits_hold_every_tile_with_data()
    {
        var landing = await app.GetJsonAsync("/");
        Assert.NotNull(landing.Link(TilesetsRel));
        var conformance = (await app.GetJsonAsync("/conformance")).GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt", conformance);
        var tiles = app.Services.GetRequiredService<IVectorTileSource>();
        using var client = app.CreateClient();
        foreach (var collection in (await app.GetJsonAsync("/collections")).GetProperty("collections").EnumerateArray())
        {
            var id = collection.GetProperty("id").GetString()!;
            var link = collection.Link(TilesetsRel);
            if (id.StartsWith("plan-", StringComparison.Ordinal))
            {
                Assert.Null(link);
                using var view = await client.GetAsync($"/collections/{id}/tiles");
                Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
                Assert.Contains("/collections/plan/tiles", await view.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                continue;
            }
            var list = await app.GetJsonAsync(new Uri(link!.Value.GetProperty("href").GetString()!).PathAndQuery);
            var entry = Assert.Single(list.GetProperty("tilesets").EnumerateArray());
            Assert.Equal("vector", entry.GetProperty("dataType").GetString());
            var tileset = await app.GetJsonAsync(new Uri(entry.Link("self")!.Value.GetProperty("href").GetString()!).PathAndQuery);
            Assert.Equal([id], tileset.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
            var template = tileset.Link("item", "application/vnd.mapbox-vector-tile")!.Value.GetProperty("href").GetString()!;
            var limits = tileset.GetProperty("tileMatrixSetLimits").EnumerateArray()
                .ToDictionary(l => int.Parse(l.GetProperty("tileMatrix").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal(VectorTileGrid.DataMaxZoom, limits.Keys.Max());
            const int z = 13;
            var limit = limits[z];
            // Brute force over a window wider than the limits: every tile with data is inside them.
            var (minCol, maxCol) = (limit.GetProperty("minTileCol").GetInt32(), limit.GetProperty("maxTileCol").GetInt32());
            var (minRow, maxRow) = (limit.GetProperty("minTileRow").GetInt32(), limit.GetProperty("maxTileRow").GetInt32());
            var withData = 0;
            for (var x = minCol - 2; x <= maxCol + 2; x++)
            {
                for (var y = minRow - 2; y <= maxRow + 2; y++)
                {
                    if ((await tiles.GetTileAsync([id], z, x, y)).Length == 0)
                    {
                        continue;
                    }
                    withData++;
                    Assert.True(x >= minCol && x <= maxCol && y >= minRow && y <= maxRow, $"{id}: tile {z}/{x}/{y} has data outside the limits");
                }
            }
            Assert.True(withData > 0, $"{id}: no tile with data at z{z}");

            // A tile through the template is the layer's tile, with the same validator.
            var (cx, cy) = ((minCol + maxCol) / 2, (minRow + maxRow) / 2);
            var url = new Uri(template.Replace("{tileMatrix}", $"{z}").Replace("{tileRow}", $"{cy}").Replace("{tileCol}", $"{cx}")).PathAndQuery;
            using var ogc = await client.GetAsync(url);
            using var plain = await client.GetAsync($"/tiles/{id}/{z}/{cx}/{cy}.mvt");
            Assert.Equal(plain.StatusCode, ogc.StatusCode);
            Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), await ogc.Content.ReadAsByteArrayAsync());
            Assert.Equal(plain.Headers.ETag, ogc.Headers.ETag);
        }
    }

    [Fact]
    public async Task The_dataset_tileset_holds_the_styles_layers_and_bad_addresses_are_problems()
    {
        var tileset = await app.GetJsonAsync("/tiles/WebMercatorQuad");
        var layers = tileset.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToList();
        Assert.Equal(["communities", "water", "roads", "walkways", "plan", "sites"], layers);
        using var client = app.CreateClient();
        using var ogc = await client.GetAsync("/tiles/WebMercatorQuad/14/6733/12927");
        using var plain = await client.GetAsync($"/tiles/{string.Join(',', layers)}/14/12927/6733.mvt");
        Assert.Equal(HttpStatusCode.OK, ogc.StatusCode);
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), await ogc.Content.ReadAsByteArrayAsync());
        var decoded = MvtDecoder.Decode(await ogc.Content.ReadAsByteArrayAsync()).Select(l => l.Name).ToList();
        Assert.All(decoded, name => Assert.Contains(name, layers));
        Assert.Contains("sites", decoded);
        Assert.Contains("communities", decoded);

        foreach (var (path, status, words) in new[]
        {
            ("/tiles/WebMercatorQuad/23/0/0", HttpStatusCode.BadRequest, "'tileMatrix'"),
            ("/tiles/WebMercatorQuad/3/8/0", HttpStatusCode.BadRequest, "'tileRow'"),
            ("/tiles/WorldCRS84Quad/3/0/0", HttpStatusCode.NotFound, "WebMercatorQuad"),
            ("/collections/nowhere/tiles", HttpStatusCode.NotFound, "no collection"),
            ("/tileMatrixSets/GoogleCRS84Quad", HttpStatusCode.NotFound, "WebMercatorQuad, WorldCRS84Quad"),
        })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}

/// <summary>OGC API – Tiles map tiles: PNG pictures in WorldCRS84Quad, drawn by the renderer.</summary>
public sealed class MapTilesTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    [Fact]
    public async Task A_drawn_layer_has_map_tiles_whose_limits_hold_its_data_and_whose_tiles_show_it()
    {
        var collection = await app.GetJsonAsync("/collections/communities");
        var link = collection.Link("http://www.opengis.net/def/rel/ogc/1.0/tilesets-map")!.Value.GetProperty("href").GetString()!;
        var list = await app.GetJsonAsync(new Uri(link).PathAndQuery);
        var entry = Assert.Single(list.GetProperty("tilesets").EnumerateArray());
        Assert.Equal("map", entry.GetProperty("dataType").GetString());
        var tileset = await app.GetJsonAsync(new Uri(entry.Link("self")!.Value.GetProperty("href").GetString()!).PathAndQuery);
        var template = tileset.Link("item", "image/png")!.Value.GetProperty("href").GetString()!;
        var tms = await app.GetJsonAsync("/tileMatrixSets/WorldCRS84Quad");
        Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", tms.GetProperty("crs").GetString());
        Assert.Equal(2, tms.GetProperty("tileMatrices")[0].GetProperty("matrixWidth").GetInt32());

        // The limits at z12 hold every community's box (brute force over the features).
        var limit = tileset.GetProperty("tileMatrixSetLimits").EnumerateArray().Single(l => l.GetProperty("tileMatrix").GetString() == "12");
        var size = 180.0 / (1 << 12);
        foreach (var community in await app.Reference.GetFeaturesAsync("communities", null))
        {
            var e = community.Geometry.EnvelopeInternal;
            Assert.InRange((int)Math.Floor((e.MinX + 180) / size), limit.GetProperty("minTileCol").GetInt32(), limit.GetProperty("maxTileCol").GetInt32());
            Assert.InRange((int)Math.Floor((90 - e.MaxY) / size), limit.GetProperty("minTileRow").GetInt32(), limit.GetProperty("maxTileRow").GetInt32());
        }

        // A tile in the middle of the limits is a 256-pixel PNG with the communities' colours; one far away is empty.
        var row = (limit.GetProperty("minTileRow").GetInt32() + limit.GetProperty("maxTileRow").GetInt32()) / 2;
        var col = (limit.GetProperty("minTileCol").GetInt32() + limit.GetProperty("maxTileCol").GetInt32()) / 2;
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri(template.Replace("{tileMatrix}", "12").Replace("{tileRow}", $"{row}").Replace("{tileCol}", $"{col}")).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var tile = SkiaSharp.SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((256, 256), (tile.Width, tile.Height));
        Assert.True(Opaque(tile) > 0.5, "the middle tile is mostly empty");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, response.RequestMessage!.RequestUri);
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var far = SkiaSharp.SKBitmap.Decode(await client.GetByteArrayAsync("/collections/communities/map/tiles/WorldCRS84Quad/12/100/100"));
        Assert.Equal(0, Opaque(far));

        using var view = await client.GetAsync("/collections/plan-areas/map/tiles");
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        using var notDrawn = await client.GetAsync("/collections/walkways/map/tiles");
        Assert.Equal(HttpStatusCode.NotFound, notDrawn.StatusCode);
        using var bad = await client.GetAsync("/map/tiles/WorldCRS84Quad/3/8/0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'tileRow'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static double Opaque(SkiaSharp.SKBitmap picture)
    {
        var opaque = 0;
        for (var y = 0; y < picture.Height; y += 4)
        {
            for (var x = 0; x < picture.Width; x += 4)
            {
                opaque += picture.GetPixel(x, y).Alpha > 0 ? 1 : 0;
            }
        }
        return opaque / (double)(picture.Width / 4 * (picture.Height / 4));
    }
}
