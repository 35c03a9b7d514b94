using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Tests;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>/collections/{id}/items: paging, counts, bbox, CRS and axis order, property filters.</summary>
public sealed class ItemsTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    private const double Millimetre = 0.001;

    [Theory]
    [InlineData(Layers.Sites, 25)]
    [InlineData(Layers.Sites, 1000)]
    [InlineData(Layers.Population, 500)]
    [InlineData(Layers.Population, 100)]
    public async Task Next_links_walk_every_feature_exactly_once(string layer, int limit)
    {
        var expected = (await app.Reference.GetFeaturesAsync(layer, null)).Select(f => (string)f.Attributes["id"]).ToList();
        var seen = new List<string>();
        string? path = $"/collections/{layer}/items?limit={limit}";
        string? previousPage = null;
        while (path is not null)
        {
            var page = await app.GetJsonAsync(path);
            Assert.Equal(expected.Count, page.GetProperty("numberMatched").GetInt32());
            var ids = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
            Assert.Equal(ids.Count, page.GetProperty("numberReturned").GetInt32());
            Assert.InRange(ids.Count, 1, limit);
            if (previousPage is not null)
            {
                Assert.Equal(previousPage, page.Link("prev")?.Relative().Replace("&f=json", ""));
            }
            seen.AddRange(ids);
            previousPage = path;
            path = page.Link("next")?.Relative();
        }
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Next_links_keep_every_other_parameter()
    {
        var page = await app.GetJsonAsync("/collections/sites/items?status=existing&limit=10&bbox=104.0,30.4,104.1,30.6&crs=EPSG:4544");
        var next = page.Link("next")!.Value.Relative();
        Assert.Equal("/collections/sites/items?status=existing&limit=10&bbox=104.0,30.4,104.1,30.6&crs=EPSG:4544&offset=10",
            Uri.UnescapeDataString(next));
        var second = await app.GetJsonAsync(next);
        Assert.Equal("/collections/sites/items?status=existing&limit=10&bbox=104.0,30.4,104.1,30.6&crs=EPSG:4544",
            Uri.UnescapeDataString(second.Link("prev")!.Value.Relative()));
    }

    [Fact]
    public async Task Default_limit_is_100_and_larger_limits_are_clamped_to_10000()
    {
        var first = await app.GetJsonAsync("/collections/population/items");
        Assert.Equal(100, first.GetProperty("numberReturned").GetInt32());
        Assert.Equal(3647, first.GetProperty("numberMatched").GetInt32());
        var all = await app.GetJsonAsync("/collections/population/items?limit=99999999999999999999");
        Assert.Equal(3647, all.GetProperty("numberReturned").GetInt32());
        Assert.Null(all.Link("next"));
        var past = await app.GetJsonAsync("/collections/population/items?offset=5000");
        Assert.Equal(0, past.GetProperty("numberReturned").GetInt32());
        Assert.Equal(3647, past.GetProperty("numberMatched").GetInt32());
        Assert.Null(past.Link("next"));
        Assert.Equal("/collections/population/items?offset=4900", past.Link("prev")?.Relative().Replace("&f=json", ""));
    }

    [Fact]
    public async Task Features_are_geojson_with_ids_properties_and_a_timestamp()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/collections/sites/items?limit=3");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.Headers.GetValues("Content-Crs").Single());
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var page = document.RootElement;
        Assert.Equal("FeatureCollection", page.GetProperty("type").GetString());
        Assert.True(DateTimeOffset.TryParse(page.GetProperty("timeStamp").GetString(), CultureInfo.InvariantCulture, out _));
        var file = GeoJsonFile(Layers.Sites);
        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            var id = feature.GetProperty("id").GetString()!;
            var original = file[id];
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            Assert.Equal(id, feature.GetProperty("properties").GetProperty("id").GetString());
            Assert.Equal(original.Attributes["name_zh"], feature.GetProperty("properties").GetProperty("name_zh").GetString());
            var point = feature.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(((Point)original.Geometry).X, point[0].GetDouble());
            Assert.Equal(((Point)original.Geometry).Y, point[1].GetDouble());

            var single = await app.GetJsonAsync($"/collections/sites/items/{id}");
            Assert.Equal(feature.GetProperty("properties").GetRawText(), single.GetProperty("properties").GetRawText());
            Assert.Equal(feature.GetProperty("geometry").GetRawText(), single.GetProperty("geometry").GetRawText());
            Assert.Equal("/collections/sites", single.Link("collection")?.Relative());
        }
    }

    public static TheoryData<string, double, double, double, double> Boxes() => new()
    {
        { Layers.Sites, 104.03, 30.47, 104.06, 30.50 },
        { Layers.Sites, 104.0, 30.4, 104.1, 30.6 },
        { Layers.Sites, 0, 0, 1, 1 },
        { Layers.Communities, 104.05, 30.49, 104.051, 30.491 },
        { Layers.Walkways, 104.04, 30.48, 104.05, 30.49 },
        { Layers.Water, 104.0, 30.45, 104.1, 30.55 },
        { Layers.Population, 104.045, 30.485, 104.06, 30.5 },
    };

    [Theory]
    [MemberData(nameof(Boxes))]
    public async Task Bbox_selects_what_a_brute_force_filter_of_the_file_selects(string layer, double minX, double minY, double maxX, double maxY)
    {
        var box = new GeometryFactory().ToGeometry(new Envelope(minX, maxX, minY, maxY));
        var expected = GeoJsonFile(layer).Values
            .Where(f => f.Geometry.Intersects(box))
            .Select(f => (string)f.Attributes["id"])
            .Order(StringComparer.Ordinal)
            .ToList();
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{minX},{minY},{maxX},{maxY}");
        Assert.Equal(expected, await IdsAsync($"/collections/{layer}/items?bbox={bbox}&limit=10000"));

        // The same box given as EPSG:4326 (latitude first) selects the same features.
        var latLon = string.Create(CultureInfo.InvariantCulture, $"{minY},{minX},{maxY},{maxX}");
        Assert.Equal(expected, await IdsAsync($"/collections/{layer}/items?bbox={latLon}&bbox-crs=EPSG:4326&limit=10000"));
    }

    [Fact]
    public async Task Bbox_in_epsg_4544_is_northing_first_and_finds_the_site_inside()
    {
        var site = GeoJsonFile(Layers.Sites).Values.OrderBy(f => (string)f.Attributes["id"], StringComparer.Ordinal).First();
        var point = (Point)site.Geometry;
        var (e, n) = CoordinateTransformer.Transform(point.X, point.Y, CrsId.Crs84, CrsId.GaussKrugerCm105);
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{n - 5},{e - 5},{n + 5},{e + 5}");
        var ids = await IdsAsync($"/collections/sites/items?bbox={bbox}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4544");
        Assert.Contains((string)site.Attributes["id"], ids);
        Assert.InRange(ids.Count, 1, 3);
    }

    [Fact]
    public async Task Crs_4544_gives_northing_easting_within_a_millimetre_of_the_transformer()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/collections/communities/items?crs=http://www.opengis.net/def/crs/EPSG/0/4544&limit=5");
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4544>", response.Headers.GetValues("Content-Crs").Single());
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var file = GeoJsonFile(Layers.Communities);
        var checkedPositions = 0;
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var ring = feature.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().ToList();
            var original = ((Polygon)file[feature.GetProperty("id").GetString()!].Geometry).ExteriorRing.Coordinates;
            Assert.Equal(original.Length, ring.Count);
            foreach (var (position, coordinate) in ring.Zip(original))
            {
                var (easting, northing) = CoordinateTransformer.Transform(coordinate.X, coordinate.Y, CrsId.Crs84, CrsId.GaussKrugerCm105);
                Assert.Equal(northing, position[0].GetDouble(), Millimetre);
                Assert.Equal(easting, position[1].GetDouble(), Millimetre);
                Assert.InRange(position[0].GetDouble(), 3_300_000, 3_450_000);
                checkedPositions++;
            }
        }
        Assert.True(checkedPositions > 20);
    }

    [Theory]
    [InlineData("EPSG:4326", "http://www.opengis.net/def/crs/EPSG/0/4326")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4490", "http://www.opengis.net/def/crs/EPSG/0/4490")]
    public async Task Geographic_epsg_crs_give_latitude_first(string crs, string uri)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/collections/sites/items?crs={Uri.EscapeDataString(crs)}&limit=20");
        Assert.Equal($"<{uri}>", response.Headers.GetValues("Content-Crs").Single());
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var file = GeoJsonFile(Layers.Sites);
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var point = (Point)file[feature.GetProperty("id").GetString()!].Geometry;
            var position = feature.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(point.Y, position[0].GetDouble());
            Assert.Equal(point.X, position[1].GetDouble());
        }
    }

    [Fact]
    public async Task Crs_3857_gives_easting_northing()
    {
        var page = await app.GetJsonAsync("/collections/sites/items?crs=EPSG:3857&limit=5");
        var file = GeoJsonFile(Layers.Sites);
        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            var point = (Point)file[feature.GetProperty("id").GetString()!].Geometry;
            var (x, y) = CoordinateTransformer.Transform(point.X, point.Y, CrsId.Crs84, CrsId.WebMercator);
            var position = feature.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(x, position[0].GetDouble(), Millimetre);
            Assert.Equal(y, position[1].GetDouble(), Millimetre);
        }
    }

    public static TheoryData<string, string> Filters() => new()
    {
        { Layers.Sites, "category=kindergarten" },
        { Layers.Sites, "status=planned" },
        { Layers.Sites, "category=primary_school&status=existing" },
        { Layers.Sites, "capacity=270" },
        { Layers.Sites, "community_id=luhu&status=existing" },
        { Layers.Sites, "category=no_such_category" },
        { Layers.Plan, "kind=zone" },
        { Layers.Population, "community_id=luhu" },
        { Layers.Population, "residents=52" },
        { Layers.Communities, "name_zh=白马寺社区" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Property_filters_select_equal_values(string layer, string filters)
    {
        var conditions = filters.Split('&').Select(p => p.Split('=')).ToList();
        var expected = GeoJsonFile(layer).Values
            .Where(f => conditions.All(c => f.Attributes.Exists(c[0]) && Convert.ToString(f.Attributes[c[0]], CultureInfo.InvariantCulture) == c[1]))
            .Select(f => (string)f.Attributes["id"])
            .Order(StringComparer.Ordinal)
            .ToList();
        var query = string.Join("&", conditions.Select(c => $"{c[0]}={Uri.EscapeDataString(c[1])}"));
        var page = await app.GetJsonAsync($"/collections/{layer}/items?{query}&limit=10000");
        Assert.Equal(expected.Count, page.GetProperty("numberMatched").GetInt32());
        Assert.Equal(expected, page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        if (filters != "category=no_such_category")
        {
            Assert.NotEmpty(expected);
        }
    }

    private async Task<List<string>> IdsAsync(string path)
    {
        var page = await app.GetJsonAsync(path);
        var ids = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Count, page.GetProperty("numberMatched").GetInt32());
        return ids;
    }

    /// <summary>A layer's GeoJSON file read directly, by feature id.</summary>
    private static Dictionary<string, IFeature> GeoJsonFile(string layer)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        var collection = JsonSerializer.Deserialize<FeatureCollection>(
            File.ReadAllText(Path.Combine(RepositoryRoot.DataDirectory, layer + ".geojson")), options)!;
        return collection.ToDictionary(f => (string)f.Attributes["id"], StringComparer.Ordinal);
    }
}
