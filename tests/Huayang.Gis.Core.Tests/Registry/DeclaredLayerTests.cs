using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Tests;
using Huayang.Gis.Tests.Tiles;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Registry;

/// <summary>
/// A layer declared by data (<c>layers.json</c>) is read, validated and served like the built-in ones, with no code
/// knowing it; a bad declaration is a problem naming the file and the entry.
/// </summary>
public sealed class DeclaredLayerTests
{
    [Fact]
    public void A_declared_layer_is_read_with_its_features_after_the_built_in_layers()
    {
        using var data = DeclaredLayerData.Create();

        var dataset = DatasetReader.Read(data.Directory);

        Assert.Equal([.. Layers.All, "bus_stops"], dataset.Registry.Names);
        var layer = dataset.Registry.Get("bus_stops");
        Assert.False(layer.BuiltIn);
        Assert.Equal("公交站 Bus stops", layer.Title);
        Assert.Equal("#D55E00", layer.Color);
        Assert.Equal(["name_zh", "name_en", "routes", "community_id", "departures"], layer.Fields.Select(f => f.Name));
        var stops = dataset.Layers["bus_stops"];
        Assert.Equal(DeclaredLayerData.Stops.Select(s => s.Id), stops.Select(f => (string)f.Attributes["id"]));
        Assert.Equal("华阳客运站", stops[0].Attributes["name_zh"]);
        Assert.Equal("K1;801", stops[0].Attributes["routes"]);
        Assert.Equal(240L, stops[0].Attributes["departures"]);
        Assert.Equal(new Coordinate(104.05, 30.50), stops[0].Geometry.Coordinate);
    }

    [Fact]
    public async Task The_embedded_store_serves_the_declared_layer_and_its_tiles_carry_the_declared_fields()
    {
        using var data = DeclaredLayerData.Create();
        var store = InMemorySpatialStore.Open(data.Directory);

        var features = await store.GetFeaturesAsync("bus_stops", null);
        Assert.Equal(4, features.Count);
        var summary = await store.DescribeLayerAsync("bus_stops");
        Assert.Equal(4, summary.Count);
        Assert.Equal("bus_stops", (await store.GetStateAsync()).Layers.Declared.Single().Name);

        var tiles = new InMemoryTileSource(store);
        // The zoom-14 tile holding bs-1 (104.05, 30.50).
        var (_, x, y) = TileSamples.TileAt(104.05, 30.50, 14);
        var tile = await tiles.GetTileAsync(["bus_stops"], 14, x, y);
        var layer = MvtDecoder.Decode(tile).Single();
        Assert.Equal("bus_stops", layer.Name);
        var stop = layer.Features.Single(f => f.StringId == "bs-1");
        Assert.Equal("K1;801", stop.Properties["routes"]);
        Assert.Equal("华阳客运站", stop.Properties["name_zh"]);
        Assert.Equal(240L, stop.Properties["departures"]);
        Assert.Equal("baimasi", stop.Properties["community_id"]);
    }

    [Fact]
    public void A_declared_layer_changes_the_dataset_version()
    {
        using var data = DeclaredLayerData.Create();
        var declared = InMemorySpatialStore.Open(data.Directory).Version;
        var bundled = InMemorySpatialStore.Open(RepositoryRoot.DataDirectory).Version;
        Assert.NotEqual(bundled, declared);
    }

    [Fact]
    public void Features_of_a_declared_layer_are_validated_like_the_built_in_ones()
    {
        var stops = DeclaredLayerData.StopsGeoJson()
            .Replace("\"name_zh\": \"华阳客运站\", ", "", StringComparison.Ordinal)
            .Replace("\"community_id\": \"longteng\"", "\"community_id\": \"nowhere\"", StringComparison.Ordinal)
            .Replace("\"departures\": 96", "\"departures\": -3", StringComparison.Ordinal)
            .Replace("{\"type\": \"Point\", \"coordinates\": [104.07, 30.505]}",
                "{\"type\": \"LineString\", \"coordinates\": [[104.07, 30.505], [104.08, 30.51]]}", StringComparison.Ordinal);
        using var data = DeclaredLayerData.Create(stopsGeoJson: stops);

        var problems = DatasetReader.Validate(data.Directory).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("bus_stops.geojson: feature #0 (id \"bs-1\"): field \"name_zh\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("bus_stops.geojson: feature #1 (id \"bs-2\"): field \"community_id\": value \"nowhere\": unknown id", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("bus_stops.geojson: feature #2 (id \"bs-3\"): field \"departures\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("bus_stops.geojson: feature #3 (id \"bs-4\")", StringComparison.Ordinal) && p.Contains("LineString", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count(p => p.StartsWith("bus_stops.geojson", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_required_declared_layer_without_its_file_is_a_problem()
    {
        using var data = DeclaredLayerData.Create();
        File.Delete(Path.Combine(data.Directory, "bus_stops.geojson"));

        var problem = Assert.Single(DatasetReader.Validate(data.Directory));

        Assert.StartsWith("bus_stops.geojson: required file is missing", problem.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadDeclarations => new()
    {
        {
            "unknown geometry type",
            """{"layers": [{"name": "bus_stops", "title_zh": "公交站", "title_en": "Bus stops", "geometry": ["Circle"], "fields": []}]}""",
            "layers.json: id \"bus_stops\": field \"geometry\": value \"Circle\": unknown geometry type; the types are Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon"
        },
        {
            "duplicate name",
            """{"layers": [{"name": "bus_stops", "title_zh": "公交站", "title_en": "Bus stops", "geometry": ["Point"], "fields": []}, {"name": "bus_stops", "title_zh": "公交站", "title_en": "Bus stops", "geometry": ["Point"], "fields": []}]}""",
            "layers.json: id \"bus_stops\": field \"name\": value \"bus_stops\": is declared twice"
        },
        {
            "a built-in name",
            """{"layers": [{"name": "sites", "title_zh": "设施", "title_en": "Sites", "geometry": ["Point"], "fields": []}]}""",
            "layers.json: id \"sites\": field \"name\": value \"sites\": is a built-in layer; declare only layers of the dataset's own"
        },
        {
            "a field type the store cannot hold",
            """{"layers": [{"name": "bus_stops", "title_zh": "公交站", "title_en": "Bus stops", "geometry": ["Point"], "fields": [{"name": "opened", "type": "date"}]}]}""",
            "layers.json: id \"bus_stops\": field \"fields.opened.type\": value \"date\": a type the stores cannot hold; the types are string, int, number, bool"
        },
        {
            "a name that is not an identifier",
            """{"layers": [{"name": "Bus Stops", "title_zh": "公交站", "title_en": "Bus stops", "geometry": ["Point"], "fields": []}]}""",
            "layers.json: id \"Bus Stops\": a layer name is 1 to 40 lower-case letters, digits and _, starting with a letter"
        },
        {
            "a misspelt key",
            """{"layers": [{"name": "bus_stops", "title_zh": "公交站", "title_en": "Bus stops", "geometry": ["Point"], "fields": [], "colour": "#FF0000"}]}""",
            "layers.json: id \"bus_stops\": field \"colour\": unknown key; a layer has name, title_zh, title_en, description, geometry, fields, required, color, drawn, min_zoom"
        },
        {
            "a reference to no layer",
            """{"layers": [{"name": "bus_stops", "title_zh": "公交站", "title_en": "Bus stops", "geometry": ["Point"], "fields": [{"name": "line_id", "type": "string", "references": "bus_lines"}]}]}""",
            "layers.json: id \"bus_stops\": field \"fields.line_id.references\": value \"bus_lines\": names no layer; a reference is a layer name or \"life-circles.json categories\""
        },
        {
            "a reserved field name",
            """{"layers": [{"name": "bus_stops", "title_zh": "公交站", "title_en": "Bus stops", "geometry": ["Point"], "fields": [{"name": "geom", "type": "string"}]}]}""",
            "layers.json: id \"bus_stops\": field \"geom\": the name is reserved (reserved: id, properties, geom, geom_m, point_m, tile_fid, cells)"
        },
        {
            "not JSON",
            """{"layers": [""",
            "layers.json: "
        },
    };

    [Theory]
    [MemberData(nameof(BadDeclarations))]
    public void A_bad_declaration_is_a_problem_that_names_the_file_and_the_entry(string what, string declaration, string expected)
    {
        using var data = DeclaredLayerData.Create(declaration);

        var problems = DatasetReader.Validate(data.Directory).Select(p => p.ToString()).ToList();

        Assert.True(problems.Any(p => p.StartsWith(expected, StringComparison.Ordinal)),
            $"{what}: expected a problem starting with\n  {expected}\ngot\n  {string.Join("\n  ", problems)}");
        var thrown = Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(data.Directory));
        Assert.Contains("layers.json", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declarations_written_and_read_back_are_the_same_layers()
    {
        using var data = DeclaredLayerData.Create();
        var declared = DatasetReader.Read(data.Directory).Registry.Declared;

        var json = LayerDeclarations.ToJson(declared);
        var again = LayerDeclarations.Parse(json);

        Assert.Equal(json, LayerDeclarations.ToJson(again));
        Assert.Equal(declared.Single().Fields, again.Single().Fields, new FieldComparer());
    }

    private sealed class FieldComparer : IEqualityComparer<LayerField>
    {
        public bool Equals(LayerField? a, LayerField? b) =>
            a is not null && b is not null && a.Name == b.Name && a.Type == b.Type && a.Required == b.Required
            && a.References == b.References && a.Min == b.Min && a.InTiles == b.InTiles && a.Indexed == b.Indexed;

        public int GetHashCode(LayerField field) => field.Name.GetHashCode(StringComparison.Ordinal);
    }
}
