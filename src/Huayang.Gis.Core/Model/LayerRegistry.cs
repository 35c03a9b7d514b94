using System.Text.RegularExpressions;

namespace Huayang.Gis.Core.Model;

/// <summary>
/// The layers of a dataset: the seven built in (<see cref="BuiltIn"/>) and those the dataset declares in
/// <c>layers.json</c>. The one list every other list of layers is derived from: validation, tile layers, PostGIS
/// tables, OGC API collections, WMS layers, the renderer's order and the viewer's layer list.
/// </summary>
/// <remarks>
/// <see cref="All"/> is in drawing order, bottom first: the built-in layers, then the declared ones in the order
/// declared, drawn above them. Names are lower-case ASCII identifiers (<see cref="IsValidName"/>), so that they are
/// safe as file, table, column and URL names.
/// </remarks>
public sealed partial class LayerRegistry
{
    /// <summary>The <see cref="LayerField.References"/> target meaning "a category id of life-circles.json".</summary>
    public const string CategoriesReference = "life-circles.json categories";

    /// <summary>The style a declared layer draws with: by its geometry, in its <see cref="LayerDefinition.Color"/>.</summary>
    public const string DefaultStyle = "default";

    /// <summary>The geometry types a layer may declare (GeoJSON names).</summary>
    public static IReadOnlyList<string> GeometryTypes { get; } =
        ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"];

    /// <summary>
    /// Names a declared layer may not take: the tables and files of the schema besides the layers, and column names
    /// every layer table has.
    /// </summary>
    public static IReadOnlyList<string> ReservedNames { get; } =
        ["life_circles", "dataset_versions", "layer_declarations", "schema_migrations", "layers", "id", "properties", "geom"];

    /// <summary>Field names no layer may declare: the columns every table has, or the database generates.</summary>
    public static IReadOnlyList<string> ReservedFieldNames { get; } = ["id", "properties", "geom", "geom_m", "point_m", "tile_fid", "cells"];

    /// <summary>Colours given in turn to declared layers that name none (colour-blind-safe, Okabe–Ito).</summary>
    private static readonly string[] DefaultColors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

    private readonly Dictionary<string, LayerDefinition> _byName;

    private LayerRegistry(IReadOnlyList<LayerDefinition> all)
    {
        All = all;
        _byName = all.ToDictionary(l => l.Name, StringComparer.Ordinal);
        Names = all.Select(l => l.Name).ToList();
        Declared = all.Where(l => !l.BuiltIn).ToList();
        ReadingOrder = [.. BuiltInLayers.ReadingOrder.Select(n => _byName[n]), .. Declared];
    }

    /// <summary>The built-in layers only.</summary>
    public static LayerRegistry BuiltIn { get; } = new(BuiltInLayers.All);

    /// <summary>Every layer, in drawing order (bottom first).</summary>
    public IReadOnlyList<LayerDefinition> All { get; }

    /// <summary>The names of <see cref="All"/>, in the same order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The layers the dataset declared (not built in), in the order declared.</summary>
    public IReadOnlyList<LayerDefinition> Declared { get; }

    /// <summary>Every layer in the order files are read and problems listed: required built-in layers first.</summary>
    public IReadOnlyList<LayerDefinition> ReadingOrder { get; }

    /// <summary>The layers map pictures draw, in drawing order.</summary>
    public IReadOnlyList<LayerDefinition> Drawn => All.Where(l => l.Drawn).ToList();

    /// <summary>The layer of that name (ordinal), or null.</summary>
    public LayerDefinition? Find(string? name) => name is null ? null : _byName.GetValueOrDefault(name);

    /// <summary>True when a layer of that name exists.</summary>
    public bool Contains(string? name) => name is not null && _byName.ContainsKey(name);

    /// <summary>The layer of that name.</summary>
    /// <exception cref="Store.UnknownLayerException">There is none.</exception>
    public LayerDefinition Get(string name) =>
        Find(name) ?? throw new Store.UnknownLayerException(name, Names);

    /// <summary>The built-in layers and <paramref name="declared"/>, drawn above them in that order.</summary>
    /// <exception cref="ArgumentException">
    /// A declared layer is built in, repeats a name, has a name or field that is not a valid identifier or is
    /// reserved, or declares an unknown geometry type; the message names it.
    /// </exception>
    public static LayerRegistry WithDeclared(IReadOnlyList<LayerDefinition> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (declared.Count == 0)
        {
            return BuiltIn;
        }

        var all = new List<LayerDefinition>(BuiltInLayers.All);
        var names = all.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var colour = 0;
        foreach (var layer in declared)
        {
            if (Problem(layer) is { } problem)
            {
                throw new ArgumentException($"layer \"{layer.Name}\": {problem}", nameof(declared));
            }

            if (!names.Add(layer.Name))
            {
                throw new ArgumentException($"layer \"{layer.Name}\" is declared twice, or is a built-in layer", nameof(declared));
            }

            var coloured = layer.Color is null && layer.Style == DefaultStyle
                ? layer with { Color = DefaultColors[colour++ % DefaultColors.Length] }
                : layer;
            all.Add(coloured with { BuiltIn = false });
        }
        return new LayerRegistry(all);
    }

    /// <summary>What is wrong with a declared layer's name, geometry or fields, or null when nothing is.</summary>
    public static string? Problem(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!IsValidName(layer.Name))
        {
            return "a layer name is 1 to 40 lower-case letters, digits and _, starting with a letter";
        }
        if (ReservedNames.Contains(layer.Name, StringComparer.Ordinal))
        {
            return $"the name is reserved (reserved: {string.Join(", ", ReservedNames)})";
        }
        if (layer.GeometryTypes.Count == 0)
        {
            return $"no geometry type; give one or more of {string.Join(", ", GeometryTypes)}";
        }
        if (layer.GeometryTypes.FirstOrDefault(t => !GeometryTypes.Contains(t, StringComparer.Ordinal)) is { } badType)
        {
            return $"unknown geometry type \"{badType}\"; the types are {string.Join(", ", GeometryTypes)}";
        }
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in layer.Fields)
        {
            if (!IsValidName(field.Name))
            {
                return $"field \"{field.Name}\": a field name is 1 to 40 lower-case letters, digits and _, starting with a letter";
            }
            if (ReservedFieldNames.Contains(field.Name, StringComparer.Ordinal))
            {
                return $"field \"{field.Name}\": the name is reserved (reserved: {string.Join(", ", ReservedFieldNames)})";
            }
            if (!fields.Add(field.Name))
            {
                return $"field \"{field.Name}\" is declared twice";
            }
        }
        if (layer.Color is { } color && !ColorPattern().IsMatch(color))
        {
            return $"colour \"{color}\" is not #RRGGBB";
        }
        return null;
    }

    /// <summary>True for 1 to 40 lower-case ASCII letters, digits and underscores, starting with a letter.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex ColorPattern();
}
