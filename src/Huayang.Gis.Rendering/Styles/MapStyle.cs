using System.Text.Json;
using System.Text.Json.Serialization;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Styles;

/// <summary>
/// The one style table of the map pictures, read from the embedded <c>Styles/map-style.json</c> (the file the
/// browser viewer mirrors). Colours are <c>#RRGGBB</c> or <c>#AARRGGBB</c>; widths are pixels at a 1000-pixel
/// picture and grow with the picture.
/// </summary>
internal sealed record MapStyle(
    string Background, string Text, string Halo, LabelStyle Labels, CommunityStyle Communities, IReadOnlyList<string> Graduated,
    CoverageStyle Coverage, WaterStyle Water, IReadOnlyDictionary<string, RoadStyle> Roads, RoadsCommonStyle RoadsCommon,
    PlanStyle Plan, SiteStyles Sites, DeclaredStyle Declared, LegendStyle Legend, ComplianceStyle Compliance)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        // A size or colour missing from the file is an error, not a silent zero.
        RespectRequiredConstructorParameters = true,
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

/// <summary>Every label: the halo's width; the English line's size (a share of the Chinese one's) and alpha.</summary>
internal sealed record LabelStyle(float HaloWidth, float EnglishRatio, byte EnglishAlpha);

internal sealed record CommunityStyle(string Fill, string Outline, float OutlineWidth, string Label, float LabelSize);

/// <summary>The coverage theme: <see cref="Ramp"/> has one colour more than <see cref="Breaks"/> (covered shares 0..1); the
/// table's ramp is ColorBrewer's colour-blind-safe sequential YlGnBu in five classes, which the viewer draws too.
/// <see cref="OverlayAlpha"/> is the opacity of areas drawn over the communities (service areas).</summary>
internal sealed record CoverageStyle(
    IReadOnlyList<string> Ramp, IReadOnlyList<double> Breaks, string UncoveredHatch,
    byte FillAlpha, byte HatchAlpha, float HatchSpacing, float HatchWidth, byte OverlayAlpha);

/// <summary>The compliance pictures: communities that miss nothing in <see cref="Met"/>, those that miss 1, 2, … categories
/// in <see cref="Missing"/> (the last colour for that many or more), the community a picture is about outlined in
/// <see cref="Focus"/>.</summary>
internal sealed record ComplianceStyle(string Met, IReadOnlyList<string> Missing, string Focus);

internal sealed record WaterStyle(string Fill, string Outline, string Label, float OutlineWidth, float LabelSize);

internal sealed record RoadStyle(string Color, string Casing, float Width);

/// <summary>What every road class shares: the label's colour and size, and how much wider than the line its casing is.</summary>
internal sealed record RoadsCommonStyle(string Label, float LabelSize, float CasingExtra);

internal sealed record PlanStyle(
    AxisStyle Axis, PlanPointStyle Point, BeltStyle Belt, IReadOnlyDictionary<string, string> Zones, float ZoneOpacity,
    ZoneStyle Zone, string Label);

/// <summary>The plan axis: a line with a dashed white centre line and an arrowhead (<see cref="ArrowSize"/> times the width) at each end.</summary>
internal sealed record AxisStyle(
    string Color, float Width, byte Alpha, float CentreWidth, byte CentreAlpha, IReadOnlyList<float> CentreDash,
    float ArrowSize, float LabelSize, float LabelOffset);

/// <summary>A plan point: a ringed disc or star; labels keep <see cref="Clearance"/> pixels away from its centre.</summary>
internal sealed record PlanPointStyle(string Color, float Radius, float RingWidth, float LabelSize, float LabelOffset, float Clearance);

internal sealed record BeltStyle(string Fill, float Opacity, string Outline, float OutlineWidth, float LabelSize);

/// <summary>A plan zone: faint fill (<see cref="PlanStyle.ZoneOpacity"/>), a backward hatch, a dashed outline.</summary>
internal sealed record ZoneStyle(byte HatchAlpha, float HatchSpacing, float HatchWidth, float OutlineWidth, IReadOnlyList<float> Dash, float LabelSize);

/// <summary>Site symbols by category; planned sites are drawn hollow with a thicker outline.</summary>
internal sealed record SiteStyles(
    string Planned, float Radius, float OutlineWidth, float PlannedOutlineWidth, float LabelSize, float LabelOffset,
    SymbolStyle Default, IReadOnlyDictionary<string, SymbolStyle> Categories);

/// <summary>A point symbol: a colour and a shape (circle, square, triangle, diamond, pentagon, hexagon, star, cross).</summary>
internal sealed record SymbolStyle(string Color, [property: JsonPropertyName("shape")] string Shape);

/// <summary>The default style of a layer declared by data: its colour (or <see cref="Color"/>) as dots, lines or faint fills.</summary>
internal sealed record DeclaredStyle(
    string Color, float Radius, float HaloWidth, float LineWidth, byte FillAlpha, float LabelSize, float LabelOffset);

/// <summary>The legend's swatches.</summary>
internal sealed record LegendStyle(
    float OutlineWidth, float HatchSpacing, float HatchWidth, float ZoneHatchSpacing, float ZoneOutlineWidth,
    IReadOnlyList<float> ZoneDash, float AxisWidthRatio);
