using Huayang.Gis.Core.Tests.Support;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Huayang.Gis.Core.Tests.IO;

/// <summary>
/// A small valid dataset written to a fresh temporary directory, with helpers that break one thing at a time.
/// Every helper rewrites the file at once. Near Huayang: x = longitude 104.04..104.06, y = latitude 30.50..30.51.
/// </summary>
internal sealed class TempDataset : IDisposable
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Dictionary<string, JsonNode> _files = new(StringComparer.Ordinal);

    private TempDataset()
    {
        Directory = Path.Combine(Path.GetTempPath(), "huayang-reader-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>2 communities, 7 plan elements (1 axis, 2 points, 1 belt, 3 zones), 3 sites, 3 population cells,
    /// 1 road, the repository's life-circles.json, and no walkways or water.</summary>
    public static TempDataset Valid()
    {
        var data = new TempDataset();
        data.Set("communities.geojson", Collection(
            Feature(Square(104.04, 30.50, 0.01), """
                {"id": "qinghe", "name_zh": "清河社区", "name_en": "Qinghe", "population": 300, "households": 120}
                """),
            Feature(Square(104.05, 30.50, 0.01), """
                {"id": "luhu", "name_zh": "麓湖国际社区", "name_en": "Luhu International", "population": 200, "households": 80.0}
                """)));
        data.Set("plan.geojson", Collection(
            Feature("""{"type": "LineString", "coordinates": [[104.045, 30.49], [104.045, 30.52]]}""",
                """{"id": "axis-1", "kind": "axis", "name_zh": "天府大道发展轴", "name_en": "Tianfu Avenue axis", "theme": "growth"}"""),
            Feature(Point(104.046, 30.503),
                """{"id": "point-1", "kind": "point", "name_zh": "国际社区中心", "name_en": "Community hub", "theme": "services"}"""),
            Feature(Point(104.056, 30.507),
                """{"id": "point-2", "kind": "point", "name_zh": "文化中心", "name_en": "Culture hub", "theme": "culture"}"""),
            Feature(Square(104.04, 30.509, 0.02, 0.001),
                """{"id": "belt-1", "kind": "belt", "name_zh": "锦江生态带", "name_en": "Jinjiang belt", "theme": "ecology"}"""),
            Feature(Square(104.040, 30.500, 0.005),
                """{"id": "zone-1", "kind": "zone", "name_zh": "片区一", "name_en": "Zone 1", "theme": "living"}"""),
            Feature(Square(104.050, 30.500, 0.005),
                """{"id": "zone-2", "kind": "zone", "name_zh": "片区二", "name_en": "Zone 2", "theme": "education"}"""),
            Feature("""
                {"type": "MultiPolygon", "coordinates": [
                  [[[104.055, 30.500], [104.058, 30.500], [104.058, 30.503], [104.055, 30.500]]],
                  [[[104.058, 30.505], [104.060, 30.505], [104.060, 30.508], [104.058, 30.505]]]]}
                """,
                """{"id": "zone-3", "kind": "zone", "name_zh": "片区三", "name_en": "Zone 3", "theme": "sports"}""")));
        data.Set("sites.geojson", Collection(
            Feature(Point(104.042, 30.502), """
                {"id": "s1", "name_zh": "清河幼儿园", "name_en": "Qinghe Kindergarten", "category": "kindergarten",
                 "status": "existing", "capacity": 180, "plan_element": "zone-1", "community_id": "qinghe"}
                """),
            Feature(Point(104.052, 30.504), """
                {"id": "s2", "name_zh": "麓湖卫生服务中心", "name_en": "Luhu Health Centre", "category": "health_centre",
                 "status": "planned", "capacity": null}
                """),
            Feature(Point(104.057, 30.508), """
                {"id": "s3", "name_zh": "麓湖公园", "name_en": "Luhu Park", "category": "park", "status": "existing",
                 "opened": 2019, "area_ha": 4.5, "accessible": true, "tags": ["lake", 3], "note": null,
                 "contact": {"phone": "028"}}
                """)));
        data.Set("population.geojson", Collection(
            Feature(Point(104.043, 30.503), """{"id": "p1", "community_id": "qinghe", "residents": 100}"""),
            Feature(Square(104.045, 30.505, 0.004), """{"id": "p2", "community_id": "qinghe", "residents": 200}"""),
            Feature(Point(104.055, 30.505), """{"id": "p3", "community_id": "luhu", "residents": 200}""")));
        data.Set("roads.geojson", Collection(
            Feature("""{"type": "LineString", "coordinates": [[104.045, 30.49], [104.045, 30.52]]}""",
                """{"id": "r1", "name_zh": "天府大道", "name_en": "Tianfu Avenue"}""")));
        data.Set("life-circles.json", JsonNode.Parse(File.ReadAllText(RepositoryLifeCircles()))!);
        return data;
    }

    /// <summary>The repository's <c>data/life-circles.json</c>.</summary>
    public static string RepositoryLifeCircles() => Path.Combine(TestData.DataDirectory, "life-circles.json");

    /// <summary>Changes one feature (0-based) of a layer.</summary>
    public TempDataset EditFeature(string layer, int index, Action<JsonObject> edit)
    {
        edit(Features(layer)[index]!.AsObject());
        return Save(layer + ".geojson");
    }

    /// <summary>Sets one property of one feature (JSON null when <paramref name="value"/> is null), or removes it.</summary>
    public TempDataset SetProperty(string layer, int index, string name, JsonNode? value, bool remove = false) =>
        EditFeature(layer, index, f =>
        {
            var properties = f["properties"]!.AsObject();
            if (remove)
            {
                properties.Remove(name);
            }
            else
            {
                properties[name] = value;
            }
        });

    public TempDataset SetGeometry(string layer, int index, string geometry) =>
        EditFeature(layer, index, f => f["geometry"] = JsonNode.Parse(geometry));

    /// <summary>Adds a feature at the end of a layer, creating the file when it is absent.</summary>
    public TempDataset AddFeature(string layer, string geometry, string properties)
    {
        _files.TryAdd(layer + ".geojson", Collection());
        Features(layer).Add(Feature(geometry, properties));
        return Save(layer + ".geojson");
    }

    public TempDataset Edit(string file, Action<JsonNode> edit)
    {
        edit(_files[file]);
        return Save(file);
    }

    public TempDataset WriteRaw(string file, string text)
    {
        File.WriteAllText(PathOf(file), text, new UTF8Encoding(false));
        return this;
    }

    public TempDataset Replace(string file, string oldText, string newText)
    {
        var text = File.ReadAllText(PathOf(file));
        Assert.Contains(oldText, text);
        return WriteRaw(file, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public TempDataset Delete(string file)
    {
        File.Delete(PathOf(file));
        return this;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public static string Point(double x, double y) =>
        $$"""{"type": "Point", "coordinates": [{{F(x)}}, {{F(y)}}]}""";

    /// <summary>An axis-aligned rectangle from (x, y), counter-clockwise.</summary>
    public static string Square(double x, double y, double width, double? height = null)
    {
        var h = height ?? width;
        return $$"""
            {"type": "Polygon", "coordinates": [[[{{F(x)}}, {{F(y)}}], [{{F(x + width)}}, {{F(y)}}],
              [{{F(x + width)}}, {{F(y + h)}}], [{{F(x)}}, {{F(y + h)}}], [{{F(x)}}, {{F(y)}}]]]}
            """;
    }

    private JsonArray Features(string layer) => _files[layer + ".geojson"]["features"]!.AsArray();

    private void Set(string file, JsonNode content)
    {
        _files[file] = content;
        Save(file);
    }

    private TempDataset Save(string file)
    {
        File.WriteAllText(PathOf(file), _files[file].ToJsonString(WriteOptions), new UTF8Encoding(false));
        return this;
    }

    private static JsonNode Collection(params JsonNode[] features) =>
        new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray(features) };

    private static JsonNode Feature(string geometry, string properties) => new JsonObject
    {
        ["type"] = "Feature",
        ["geometry"] = JsonNode.Parse(geometry),
        ["properties"] = JsonNode.Parse(properties),
    };

    private static string F(double value) => Math.Round(value, 6).ToString("R", CultureInfo.InvariantCulture);
}
