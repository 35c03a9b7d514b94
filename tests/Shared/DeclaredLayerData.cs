namespace Huayang.Gis.Tests;

/// <summary>
/// The bundled dataset with one more layer declared by data, as a user adds one: <c>layers.json</c> declaring
/// <c>bus_stops</c> (points with <c>name_zh</c>, <c>name_en</c>, <c>routes</c>, a reference to a community and a number
/// of daily departures) and <c>bus_stops.geojson</c> with <see cref="Stops"/>. No code knows the layer.
/// </summary>
internal sealed class DeclaredLayerData : IDisposable
{
    /// <summary>The stops written: id, Chinese and English name, routes, community, departures, lon, lat.</summary>
    public static readonly (string Id, string NameZh, string NameEn, string Routes, string Community, int Departures, double Lon, double Lat)[] Stops =
    [
        ("bs-1", "华阳客运站", "Huayang Coach Station", "K1;801", "baimasi", 240, 104.0500, 30.5000),
        ("bs-2", "天府大道南段", "South Tianfu Avenue", "K1", "longteng", 180, 104.0600, 30.4900),
        ("bs-3", "麓湖东门", "Luhu East Gate", "802", "jinqiao", 96, 104.0450, 30.5150),
        ("bs-4", "锦江桥", "Jinjiang Bridge", "801;802;K3", "huaxin", 300, 104.0700, 30.5050),
    ];

    /// <summary>The declaration, as a user writes it.</summary>
    public const string Declaration = """
        {
          "layers": [
            {
              "name": "bus_stops",
              "title_zh": "公交站",
              "title_en": "Bus stops",
              "description": "Bus stops and the routes that call there.",
              "geometry": ["Point"],
              "fields": [
                { "name": "name_zh", "type": "string", "required": true, "description": "Chinese name" },
                { "name": "name_en", "type": "string", "required": true, "description": "English name" },
                { "name": "routes", "type": "string", "description": "route numbers, ; between" },
                { "name": "community_id", "type": "string", "references": "communities", "indexed": true },
                { "name": "departures", "type": "int", "min": 0, "description": "departures a day" }
              ],
              "color": "#D55E00"
            }
          ]
        }
        """;

    private DeclaredLayerData(string directory) => Directory = directory;

    /// <summary>The dataset directory (a copy of <c>data/</c> plus the two files).</summary>
    public string Directory { get; }

    /// <summary>Copies the bundled data and adds the declared layer; <paramref name="declaration"/> replaces <see cref="Declaration"/>.</summary>
    public static DeclaredLayerData Create(string? declaration = null, string? stopsGeoJson = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "huayang-declared-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in System.IO.Directory.GetFiles(RepositoryRoot.DataDirectory))
        {
            if (!file.EndsWith(".md", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }
        }
        File.WriteAllText(Path.Combine(directory, "layers.json"), declaration ?? Declaration);
        File.WriteAllText(Path.Combine(directory, "bus_stops.geojson"), stopsGeoJson ?? StopsGeoJson());
        return new DeclaredLayerData(directory);
    }

    /// <summary>The stops as a GeoJSON FeatureCollection.</summary>
    public static string StopsGeoJson() =>
        "{\"type\": \"FeatureCollection\", \"features\": [" + string.Join(",", Stops.Select(s => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $$$"""
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [{{{s.Lon}}}, {{{s.Lat}}}]},
             "properties": {"id": "{{{s.Id}}}", "name_zh": "{{{s.NameZh}}}", "name_en": "{{{s.NameEn}}}", "routes": "{{{s.Routes}}}",
                            "community_id": "{{{s.Community}}}", "departures": {{{s.Departures}}}}}
            """))) + "]}";

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A server process still starting may hold a file; the temporary folder is left.
        }
    }
}
