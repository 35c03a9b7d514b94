using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>
/// A small valid dataset written as files into a temporary directory: one community with one population
/// cell, one plan zone, one site, the bundled life-circles.json; features are added as WKT and JSON.
/// </summary>
internal sealed class SmallDataset : IDisposable
{
    private static readonly JsonSerializerOptions GeoJson = new()
    {
        Converters = { new GeoJsonConverterFactory() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly TempDirectory _directory = new();
    private readonly Dictionary<string, JsonArray> _layers = new(StringComparer.Ordinal);

    public SmallDataset()
    {
        Add(Layers.Communities, "POLYGON ((104.04 30.5, 104.05 30.5, 104.05 30.51, 104.04 30.51, 104.04 30.5))",
            new JsonObject { ["id"] = "c1", ["name_zh"] = "清河社区", ["name_en"] = "Qinghe", ["population"] = 100, ["households"] = 40 });
        Add(Layers.Population, "POINT (104.045 30.505)",
            new JsonObject { ["id"] = "p1", ["community_id"] = "c1", ["residents"] = 100 });
        Add(Layers.Plan, "POLYGON ((104.04 30.5, 104.045 30.5, 104.045 30.505, 104.04 30.505, 104.04 30.5))",
            new JsonObject { ["id"] = "zone-1", ["kind"] = "zone", ["name_zh"] = "片区一", ["name_en"] = "Zone 1", ["theme"] = "living" });
        Add(Layers.Sites, "POINT (104.042 30.502)", Site("s1", "清河幼儿园", "Qinghe Kindergarten"));
        File.Copy(Path.Combine(LoaderTestData.DataDirectory, Layers.LifeCirclesFile), _directory.File(Layers.LifeCirclesFile));
    }

    /// <summary>The directory; the files are written when a feature is added.</summary>
    public string Directory => _directory.Path;

    /// <summary>Properties of a valid existing kindergarten.</summary>
    public static JsonObject Site(string id, string nameZh, string nameEn) => new()
    {
        ["id"] = id, ["name_zh"] = nameZh, ["name_en"] = nameEn, ["category"] = "kindergarten", ["status"] = "existing",
    };

    /// <summary>Adds a feature to a layer (its file is rewritten).</summary>
    public SmallDataset Add(string layer, string wkt, JsonObject properties)
    {
        var geometry = new WKTReader().Read(wkt);
        if (!_layers.TryGetValue(layer, out var features))
        {
            features = [];
            _layers[layer] = features;
        }
        features.Add(new JsonObject
        {
            ["type"] = "Feature",
            ["geometry"] = JsonNode.Parse(JsonSerializer.Serialize<Geometry>(geometry, GeoJson)),
            ["properties"] = properties,
        });
        var collection = new JsonObject { ["type"] = "FeatureCollection", ["features"] = features.DeepClone() };
        File.WriteAllText(_directory.File(layer + ".geojson"), collection.ToJsonString(GeoJson), new UTF8Encoding(false));
        return this;
    }

    public void Dispose() => _directory.Dispose();
}
