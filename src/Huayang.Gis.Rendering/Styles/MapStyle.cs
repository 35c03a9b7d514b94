using System.Text.Json;
using System.Text.Json.Serialization;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Styles;

/// <summary>
/// The one style table of the map pictures, read from the embedded <c>Styles/map-style.json</c> (the file the
/// browser viewer mirrors). Colours are <c>#RRGGBB</c> or <c>#AARRGGBB</c>; widths are pixels at a 1000-pixel
/// picture and grow with the picture.
/// </summary>
public sealed record MapStyle(
    string Background, string Text, string Halo, CommunityStyle Communities, IReadOnlyList<string> Graduated,
    CoverageStyle Coverage, WaterStyle Water, IReadOnlyDictionary<string, RoadStyle> Roads, PlanStyle Plan, SiteStyles Sites)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>The JSON text of the bundled style table, for clients that mirror it.</summary>
    public static string DefaultJson { get; } = ReadResource();

    /// <summary>The bundled style table.</summary>
    public static MapStyle Default { get; } = LoadDefault();

    /// <summary>The style of a site category; <see cref="SiteStyles.Default"/> for one the table does not list.</summary>
    public SymbolStyle SiteStyle(string category) =>
        Sites.Categories.TryGetValue(category, out var style) ? style : Sites.Default;

    /// <summary>The road style of a class, the secondary one for an unknown class.</summary>
    public RoadStyle RoadStyle(string? roadClass) =>
        roadClass is not null && Roads.TryGetValue(roadClass, out var style) ? style : Roads["secondary"];

    /// <summary>Parses <c>#RRGGBB</c> or <c>#AARRGGBB</c>.</summary>
    /// <exception cref="FormatException">Not such a colour.</exception>
    public static SKColor Color(string hex) =>
        SKColor.TryParse(hex, out var color) ? color : throw new FormatException($"\"{hex}\" is not a #RRGGBB colour");

    private static MapStyle LoadDefault() =>
        JsonSerializer.Deserialize<MapStyle>(DefaultJson, Options)
        ?? throw new InvalidOperationException("the embedded map-style.json is empty");

    private static string ReadResource()
    {
        using var stream = typeof(MapStyle).Assembly.GetManifestResourceStream("Huayang.Gis.Rendering.map-style.json")
            ?? throw new InvalidOperationException("map-style.json is not embedded in Huayang.Gis.Rendering");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record CommunityStyle(string Fill, string Outline, float OutlineWidth, string Label);

/// <summary>The coverage theme: <see cref="Ramp"/> has one colour more than <see cref="Breaks"/> (covered shares 0..1).</summary>
public sealed record CoverageStyle(IReadOnlyList<string> Ramp, IReadOnlyList<double> Breaks, string UncoveredHatch);

public sealed record WaterStyle(string Fill, string Outline, string Label);

public sealed record RoadStyle(string Color, string Casing, float Width);

public sealed record PlanStyle(
    LineStyle Axis, PointStyle Point, BeltStyle Belt, IReadOnlyDictionary<string, string> Zones, float ZoneOpacity, string Label);

public sealed record LineStyle(string Color, float Width);

public sealed record PointStyle(string Color);

public sealed record BeltStyle(string Fill, float Opacity, string Outline);

/// <summary>Site symbols by category; planned sites are drawn hollow.</summary>
public sealed record SiteStyles(string Planned, SymbolStyle Default, IReadOnlyDictionary<string, SymbolStyle> Categories);

/// <summary>A point symbol: a colour and a shape (circle, square, triangle, diamond, pentagon, hexagon, star, cross).</summary>
public sealed record SymbolStyle(string Color, [property: JsonPropertyName("shape")] string Shape);
