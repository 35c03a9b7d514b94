using System.Text.Json.Serialization;

namespace Huayang.Gis.Server.Tiles;

/// <summary>A TileJSON 3.0.0 document (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0).</summary>
internal sealed class TileJson
{
    [JsonPropertyName("tilejson")]
    public string Version3 { get; init; } = "3.0.0";

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    /// <summary>The tileset's own version (semver), not the data version.</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    [JsonPropertyName("attribution")]
    public required string Attribution { get; init; }

    [JsonPropertyName("scheme")]
    public string Scheme { get; init; } = "xyz";

    [JsonPropertyName("tiles")]
    public required IReadOnlyList<string> Tiles { get; init; }

    [JsonPropertyName("minzoom")]
    public required int MinZoom { get; init; }

    [JsonPropertyName("maxzoom")]
    public required int MaxZoom { get; init; }

    /// <summary>West, south, east, north in degrees.</summary>
    [JsonPropertyName("bounds")]
    public required IReadOnlyList<double> Bounds { get; init; }

    /// <summary>Longitude, latitude, zoom.</summary>
    [JsonPropertyName("center")]
    public required IReadOnlyList<double> Center { get; init; }

    [JsonPropertyName("vector_layers")]
    public required IReadOnlyList<TileJsonLayer> VectorLayers { get; init; }
}

/// <summary>One entry of <c>vector_layers</c>: a layer id, its fields (name → description) and zooms.</summary>
internal sealed class TileJsonLayer
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("minzoom")]
    public required int MinZoom { get; init; }

    [JsonPropertyName("maxzoom")]
    public required int MaxZoom { get; init; }

    [JsonPropertyName("fields")]
    public required IReadOnlyDictionary<string, string> Fields { get; init; }
}
