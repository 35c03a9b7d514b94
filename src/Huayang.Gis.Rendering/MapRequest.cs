using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Rendering;

/// <summary>What to draw: a box in a CRS, a picture size, the layers and the decorations.</summary>
/// <remarks>
/// <see cref="Bbox"/> is in <see cref="Crs"/> coordinates, x = longitude or easting, y = latitude or northing
/// (traditional GIS order, whatever the CRS's official axis order), and is stretched onto the picture as given:
/// use <see cref="MapExtent.Fit"/> first to keep the map undistorted. Layers are drawn in the order given,
/// the first at the bottom; labels of every layer are placed last, over all of them.
/// </remarks>
public sealed record MapRequest
{
    /// <summary>The largest width or height, in pixels, a picture may have.</summary>
    public const int MaxSize = 4096;

    public required Envelope Bbox { get; init; }

    /// <summary>EPSG:3857 (default), EPSG:4326 or EPSG:4544; see <see cref="MapLayers.Crss"/>.</summary>
    public CrsId Crs { get; init; } = CrsId.WebMercator;

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>Names of layers the data's registry marks drawn (<see cref="MapLayers.Of"/>).</summary>
    public required IReadOnlyList<string> Layers { get; init; }

    /// <summary>Title, legend, scale bar, north arrow and attribution (off for WMS, whose clients draw their own).</summary>
    public bool Decorations { get; init; } = true;

    /// <summary>Leaves the background transparent instead of the paper colour.</summary>
    public bool Transparent { get; init; }

    /// <summary>The title; a default one names the street (and the coverage question, if any).</summary>
    public string? Title { get; init; }

    /// <summary>The line under the title; a default one describes the street (or the coverage answer).</summary>
    public string? Subtitle { get; init; }

    /// <summary>A numeric community attribute (e.g. <c>population</c>) to colour communities by, in five equal classes.</summary>
    public string? FillBy { get; init; }
}

/// <summary>A coverage question to colour communities by: the covered share of each, and the uncovered area hatched.</summary>
public sealed record CoverageTheme(string Category, string Level, SiteStatusFilter Status = SiteStatusFilter.All)
{
    /// <summary>How the distance to a site is measured: straight line (default) or walking along the walkways.</summary>
    public CoverageMethod Method { get; init; } = CoverageMethod.Buffer;
}

/// <summary>The features to draw (WGS84 lon/lat, SRID 4326) by layer, and what the legend needs to name them.</summary>
/// <param name="Coverage">The coverage answer to colour communities by, or null.</param>
/// <param name="Level">The life-circle level of <paramref name="Coverage"/>, or null.</param>
public sealed record MapData(
    IReadOnlyDictionary<string, IReadOnlyList<IFeature>> Layers,
    LifeCircleStandard LifeCircles,
    CoverageReport? Coverage = null,
    LifeCircleLevel? Level = null)
{
    /// <summary>The layers of the dataset the features come from (built in, and declared by the data).</summary>
    public LayerRegistry Registry { get; init; } = LayerRegistry.BuiltIn;

    /// <summary>Communities coloured by class (for example by how many required categories they miss), or null.</summary>
    public CommunityClasses? Classes { get; init; }

    /// <summary>Areas drawn over the communities, each with a legend row (for example walking service areas).</summary>
    public IReadOnlyList<MapOverlay> Overlays { get; init; } = [];

    /// <summary>The features of a layer, empty when it was not loaded.</summary>
    public IReadOnlyList<IFeature> Features(string layer) => Layers.TryGetValue(layer, out var features) ? features : [];
}

/// <summary>One class of <see cref="CommunityClasses"/>: its legend text and its fill, <c>#RRGGBB</c>.</summary>
public sealed record CommunityClass(string LabelZh, string LabelEn, string Color);

/// <summary>Communities coloured by class: <paramref name="ClassOf"/> gives each community id its index in
/// <paramref name="Classes"/>; a community it does not name is drawn plain.</summary>
public sealed record CommunityClasses(
    string TitleZh, string TitleEn, IReadOnlyList<CommunityClass> Classes, IReadOnlyDictionary<string, int> ClassOf);

/// <summary>An area drawn over the communities: WGS84 lon/lat, filled translucent (or only outlined), with a legend row.</summary>
public sealed record MapOverlay(Geometry Geometry, string Color, string LabelZh, string LabelEn, bool Filled = true);

/// <summary>The layers a map picture can draw: those the registry marks <see cref="LayerDefinition.Drawn"/>, in its order.</summary>
public static class MapLayers
{
    public static string Communities => Core.Model.Layers.Communities;

    /// <summary>Every drawable built-in layer, in the order that draws them best (bottom first).</summary>
    public static IReadOnlyList<string> All { get; } = Of(LayerRegistry.BuiltIn);

    /// <summary>The CRSs a picture can be drawn in.</summary>
    public static IReadOnlyList<CrsId> Crss { get; } = [CrsId.WebMercator, CrsId.Wgs84, CrsId.GaussKrugerCm105];

    /// <summary>Every drawable layer of a registry, bottom first.</summary>
    public static IReadOnlyList<string> Of(LayerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Drawn.Select(l => l.Name).ToList();
    }

    /// <summary>The names in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> InDrawingOrder(IEnumerable<string> layers) => InDrawingOrder(layers, LayerRegistry.BuiltIn);

    /// <summary>The names in the registry's drawing order.</summary>
    public static IReadOnlyList<string> InDrawingOrder(IEnumerable<string> layers, LayerRegistry registry)
    {
        var set = layers.ToHashSet(StringComparer.Ordinal);
        return Of(registry).Where(set.Contains).ToList();
    }

    /// <summary>Splits a comma-separated list; null (with the offending name) when a name is unknown, empty or repeated.</summary>
    public static IReadOnlyList<string>? Parse(string text, out string? bad) => Parse(text, LayerRegistry.BuiltIn, out bad);

    /// <summary>Splits a comma-separated list of drawable layers of <paramref name="registry"/>; null (with the
    /// offending name) when a name is not drawable, empty or repeated.</summary>
    public static IReadOnlyList<string>? Parse(string text, LayerRegistry registry, out string? bad)
    {
        ArgumentNullException.ThrowIfNull(text);
        var drawable = Of(registry);
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!drawable.Contains(name, StringComparer.Ordinal) || !seen.Add(name))
            {
                bad = name;
                return null;
            }
        }
        bad = null;
        return names;
    }
}
