using Huayang.Gis.Core.Tests.Support;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Huayang.Gis.Core.Tests.Data;

/// <summary>The bundled <c>data/</c> folder of the repository, read in place once per test class.</summary>
public sealed class BundledDataset
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public BundledDataset()
    {
        Directory = TestData.DataDirectory;
        Layers = Model.Layers.All.ToDictionary(name => name, name => Read(Path.Combine(Directory, name + ".geojson")));
    }

    /// <summary>Absolute path of <c>data/</c> next to <c>Huayang.Gis.sln</c>.</summary>
    public string Directory { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<IFeature>> Layers { get; }

    public IReadOnlyList<IFeature> this[string layer] => Layers[layer];

    public static IReadOnlyList<IFeature> Read(string path) =>
        JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path} is not a GeoJSON FeatureCollection.");

    public static IReadOnlyList<IFeature> Parse(string json) =>
        JsonSerializer.Deserialize<FeatureCollection>(json, Options)
        ?? throw new InvalidDataException("Not a GeoJSON FeatureCollection.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(new GeometryFactory(new PrecisionModel(), 4326)));
        return options;
    }
}
