using System.Globalization;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering;
using Huayang.Gis.Rendering.Text;

namespace Huayang.Gis.Server.Styles;

/// <summary>
/// The MapLibre / Mapbox GL style (version 8) of the map, built from the renderer's style table
/// (<see cref="MapRenderer.DefaultStyleJson"/>, the table the viewer also draws with): one vector source, the
/// server's TileJSON of the drawn layers and the walkways; fills, lines and icons (the renderer's own symbols as
/// the sprite) in the renderer's drawing order; labels with the Chinese name over the English one. Only
/// properties QGIS 3.22's importer understands are used where there is a choice (token strings rather than
/// <c>format</c>, icons rather than circles).
/// </summary>
internal static class MapLibreStyle
{
    /// <summary>The source's id.</summary>
    public const string Source = "huayang";

    /// <summary>The layers the style's source asks for, in the renderer's order.</summary>
    public static IReadOnlyList<string> SourceLayers(LayerRegistry registry) =>
        registry.All.Where(l => l.Drawn || l.Name == Layers.Walkways).Select(l => l.Name).ToList();

    /// <param name="baseUrl">The server's public address without a trailing slash.</param>
    /// <param name="registry">The layers of the data.</param>
    /// <param name="planPoints">The plan's point ids in the renderer's order (the first, third, … drawn as stars).</param>
    /// <param name="center">Longitude and latitude of the data's centre.</param>
    public static JsonObject Build(string baseUrl, LayerRegistry registry, IReadOnlyList<string> planPoints, (double Lon, double Lat) center)
    {
        var table = JsonNode.Parse(MapRenderer.DefaultStyleJson)!.AsObject();
        var layers = new JsonArray { Layer("background", "background", null, paint: new() { ["background-color"] = Css(table["background"]) }) };
        var present = SourceLayers(registry).ToHashSet(StringComparer.Ordinal);
        foreach (var layer in registry.All.Where(l => present.Contains(l.Name)))
        {
            foreach (var styled in Painter(layer, table, planPoints))
            {
                layers.Add(styled);
            }
        }
        foreach (var label in Labels(table, present))
        {
            layers.Add(label);
        }
        return new JsonObject
        {
            ["version"] = 8,
            ["name"] = "华阳街道 Huayang Street",
            ["metadata"] = new JsonObject
            {
                ["huayang:styleTable"] = $"{baseUrl}/map/style.json",
                ["huayang:note"] = "Illustrative data — not real boundaries / 示意数据",
            },
            ["center"] = new JsonArray(Round(center.Lon), Round(center.Lat)),
            ["zoom"] = 13,
            ["sources"] = new JsonObject
            {
                [Source] = new JsonObject
                {
                    ["type"] = "vector",
                    ["url"] = $"{baseUrl}/tiles/{string.Join(',', SourceLayers(registry))}.json",
                    ["attribution"] = "Huayang.Gis illustrative dataset",
                },
            },
            ["sprite"] = $"{baseUrl}/styles/sprite",
            ["glyphs"] = $"{baseUrl}/fonts/{{fontstack}}/{{range}}.pbf",
            ["layers"] = layers,
        };
    }

    private static IEnumerable<JsonObject> Painter(LayerDefinition layer, JsonObject table, IReadOnlyList<string> planPoints)
    {
        switch (layer.Name)
        {
            case Layers.Communities:
                var communities = table["communities"]!;
                yield return Layer("communities-fill", "fill", layer.Name, paint: new() { ["fill-color"] = Css(communities["fill"]) });
                yield return Layer("communities-outline", "line", layer.Name,
                    paint: new() { ["line-color"] = Css(communities["outline"]), ["line-width"] = Number(communities["outlineWidth"]) });
                break;
            case Layers.Water:
                var water = table["water"]!;
                yield return Layer("water-fill", "fill", layer.Name, paint: new() { ["fill-color"] = Css(water["fill"]) });
                yield return Layer("water-outline", "line", layer.Name,
                    paint: new() { ["line-color"] = Css(water["outline"]), ["line-width"] = Number(water["outlineWidth"]) });
                break;
            case Layers.Roads:
                var extra = Number(table["roadsCommon"]!["casingExtra"]);
                foreach (var (kind, road) in table["roads"]!.AsObject())
                {
                    var filter = Equal("class", kind);
                    var lineLayout = new JsonObject { ["line-join"] = "round", ["line-cap"] = "round" };
                    yield return Layer($"roads-{kind}-casing", "line", layer.Name, filter,
                        paint: new() { ["line-color"] = Css(road!["casing"]), ["line-width"] = Number(road["width"]) + extra }, layout: lineLayout);
                    yield return Layer($"roads-{kind}", "line", layer.Name, filter,
                        paint: new() { ["line-color"] = Css(road["color"]), ["line-width"] = Number(road["width"]) }, layout: lineLayout.DeepClone().AsObject());
                }
                break;
            case Layers.Walkways:
                var walkways = table["walkways"]!;
                var walk = Layer("walkways", "line", layer.Name,
                    paint: new() { ["line-color"] = Css(walkways["color"]), ["line-width"] = Number(walkways["width"]), ["line-dasharray"] = walkways["dash"]!.DeepClone() });
                walk["minzoom"] = 14;
                yield return walk;
                break;
            case Layers.Plan:
                foreach (var styled in Plan(layer.Name, table["plan"]!.AsObject(), planPoints))
                {
                    yield return styled;
                }
                break;
            case Layers.Sites:
                yield return Layer("sites-existing", "symbol", layer.Name, new JsonArray("!=", new JsonArray("get", "status"), "planned"),
                    layout: Icon("site-{category}"));
                yield return Layer("sites-planned", "symbol", layer.Name, Equal("status", "planned"), layout: Icon("site-{category}-planned"));
                break;
            default:
                if (!layer.BuiltIn && layer.Drawn)
                {
                    foreach (var styled in Declared(layer, table["declared"]!))
                    {
                        yield return styled;
                    }
                }
                break;
        }
    }

    private static IEnumerable<JsonObject> Plan(string source, JsonObject plan, IReadOnlyList<string> planPoints)
    {
        // One layer per zone rather than a "match" on the id: QGIS 3.22's importer draws every zone grey from a match.
        var zone = plan["zone"]!;
        foreach (var (id, colour) in plan["zones"]!.AsObject())
        {
            var filter = new JsonArray("all", Equal("kind", "zone"), Equal("id", id));
            yield return Layer($"plan-zone-{id}", "fill", source, filter,
                paint: new() { ["fill-color"] = Css(colour), ["fill-opacity"] = Number(plan["zoneOpacity"]) });
            yield return Layer($"plan-zone-{id}-outline", "line", source, filter,
                paint: new() { ["line-color"] = Css(colour), ["line-width"] = Number(zone["outlineWidth"]), ["line-dasharray"] = Dash(zone["dash"]!, Number(zone["outlineWidth"])) });
        }
        var belt = plan["belt"]!;
        yield return Layer("plan-belt", "fill", source, Equal("kind", "belt"),
            paint: new() { ["fill-color"] = Css(belt["fill"]), ["fill-opacity"] = Number(belt["opacity"]) });
        yield return Layer("plan-belt-outline", "line", source, Equal("kind", "belt"),
            paint: new() { ["line-color"] = Css(belt["outline"]), ["line-width"] = Number(belt["outlineWidth"]) });
        var axis = plan["axis"]!;
        yield return Layer("plan-axis", "line", source, Equal("kind", "axis"),
            paint: new() { ["line-color"] = CssColour(axis["color"]!.GetValue<string>(), Number(axis["alpha"]) / 255), ["line-width"] = Number(axis["width"]) },
            layout: new JsonObject { ["line-cap"] = "round", ["line-join"] = "round" });
        yield return Layer("plan-axis-centre", "line", source, Equal("kind", "axis"),
            paint: new() { ["line-color"] = CssColour("#FFFFFF", Number(axis["centreAlpha"]) / 255), ["line-width"] = Number(axis["centreWidth"]), ["line-dasharray"] = Dash(axis["centreDash"]!, Number(axis["centreWidth"])) });
        var stars = new JsonArray("match", new JsonArray("get", "id"));
        for (var i = 0; i < planPoints.Count; i += 2)
        {
            stars.Add(planPoints[i]);
            stars.Add("plan-point-star");
        }
        stars.Add("plan-point-target");
        var icon = Icon("plan-point-target");
        icon["icon-image"] = planPoints.Count > 0 ? stars : "plan-point-star";
        yield return Layer("plan-points", "symbol", source, Equal("kind", "point"), layout: icon);
    }

    private static IEnumerable<JsonObject> Declared(LayerDefinition layer, JsonNode declared)
    {
        var colour = CssColour(layer.Color ?? declared["color"]!.GetValue<string>());
        var families = layer.GeometryTypes.Select(GeometryFamilies.OfType).OfType<GeometryFamily>().ToHashSet();
        if (families.Contains(GeometryFamily.Areas))
        {
            yield return Layer($"{layer.Name}-fill", "fill", layer.Name, new JsonArray("==", new JsonArray("geometry-type"), "Polygon"),
                paint: new() { ["fill-color"] = colour, ["fill-opacity"] = Number(declared["fillAlpha"]) / 255 });
        }
        if (families.Contains(GeometryFamily.Lines) || families.Contains(GeometryFamily.Areas))
        {
            yield return Layer($"{layer.Name}-line", "line", layer.Name, new JsonArray("!=", new JsonArray("geometry-type"), "Point"),
                paint: new() { ["line-color"] = colour.DeepClone(), ["line-width"] = Number(declared["lineWidth"]) });
        }
        if (families.Contains(GeometryFamily.Points))
        {
            yield return Layer($"{layer.Name}-points", "circle", layer.Name, new JsonArray("==", new JsonArray("geometry-type"), "Point"),
                paint: new()
                {
                    ["circle-color"] = colour.DeepClone(),
                    ["circle-radius"] = Number(declared["radius"]),
                    ["circle-stroke-color"] = "#FFFFFF",
                    ["circle-stroke-width"] = Number(declared["haloWidth"]),
                });
        }
    }

    /// <summary>Names over everything: communities, water, roads, the plan and the sites, Chinese over English.</summary>
    private static IEnumerable<JsonObject> Labels(JsonObject table, IReadOnlySet<string> present)
    {
        var halo = Css(table["halo"]);
        var haloWidth = Number(table["labels"]!["haloWidth"]) / 2;
        JsonObject Text(double size, JsonObject? extra = null)
        {
            var layout = new JsonObject
            {
                ["text-field"] = "{name_zh}\n{name_en}",
                ["text-font"] = new JsonArray(GlyphRanges.Regular),
                ["text-size"] = size,
                ["text-max-width"] = 12,
            };
            foreach (var (key, value) in extra ?? [])
            {
                layout[key] = value?.DeepClone();
            }
            return layout;
        }
        JsonObject Paint(JsonNode? colour) => new() { ["text-color"] = Css(colour), ["text-halo-color"] = halo.DeepClone(), ["text-halo-width"] = haloWidth };

        if (present.Contains(Layers.Communities))
        {
            var communities = table["communities"]!;
            yield return Layer("communities-label", "symbol", Layers.Communities, layout: Text(Number(communities["labelSize"])), paint: Paint(communities["label"]));
        }
        if (present.Contains(Layers.Water))
        {
            var water = table["water"]!;
            yield return Layer("water-label", "symbol", Layers.Water, layout: Text(Number(water["labelSize"])), paint: Paint(water["label"]));
        }
        if (present.Contains(Layers.Roads))
        {
            var roads = table["roadsCommon"]!;
            yield return Layer("roads-label", "symbol", Layers.Roads,
                layout: Text(Number(roads["labelSize"]), new JsonObject { ["symbol-placement"] = "line", ["text-field"] = "{name_zh} {name_en}" }),
                paint: Paint(roads["label"]));
        }
        if (present.Contains(Layers.Plan))
        {
            var plan = table["plan"]!;
            yield return Layer("plan-label", "symbol", Layers.Plan, new JsonArray("in", new JsonArray("get", "kind"), new JsonArray("literal", new JsonArray("zone", "belt"))),
                layout: Text(Number(plan["zone"]!["labelSize"]), new JsonObject { ["text-font"] = new JsonArray(GlyphRanges.Bold) }), paint: Paint(plan["label"]));
            yield return Layer("plan-axis-label", "symbol", Layers.Plan, Equal("kind", "axis"),
                layout: Text(Number(plan["axis"]!["labelSize"]), new JsonObject { ["symbol-placement"] = "line", ["text-field"] = "{name_zh} {name_en}", ["text-font"] = new JsonArray(GlyphRanges.Bold) }),
                paint: Paint(plan["axis"]!["color"]));
            yield return Layer("plan-points-label", "symbol", Layers.Plan, Equal("kind", "point"),
                layout: Text(Number(plan["point"]!["labelSize"]), new JsonObject
                {
                    ["text-anchor"] = "top",
                    ["text-offset"] = new JsonArray(0, Math.Round(Number(plan["point"]!["labelOffset"]) / Number(plan["point"]!["labelSize"]), 2)),
                    ["text-font"] = new JsonArray(GlyphRanges.Bold),
                }),
                paint: Paint(plan["point"]!["color"]));
        }
        if (present.Contains(Layers.Sites))
        {
            var sites = table["sites"]!;
            var label = Layer("sites-label", "symbol", Layers.Sites,
                layout: Text(Number(sites["labelSize"]), new JsonObject
                {
                    ["text-field"] = "{name_zh}",
                    ["text-anchor"] = "top",
                    ["text-offset"] = new JsonArray(0, 0.8),
                }),
                paint: Paint(table["text"]));
            label["minzoom"] = 15;
            yield return label;
        }
    }

    private static JsonObject Layer(string id, string type, string? sourceLayer, JsonArray? filter = null, JsonObject? paint = null, JsonObject? layout = null)
    {
        var layer = new JsonObject { ["id"] = id, ["type"] = type };
        if (sourceLayer is not null)
        {
            layer["source"] = Source;
            layer["source-layer"] = sourceLayer;
        }
        // A node shared between layers (a filter, a colour expression) is copied: a node has one parent.
        static JsonNode Own(JsonNode node) => node.Parent is null ? node : node.DeepClone();
        if (filter is not null)
        {
            layer["filter"] = Own(filter);
        }
        if (layout is not null)
        {
            layer["layout"] = Own(layout);
        }
        if (paint is not null)
        {
            layer["paint"] = Own(paint);
        }
        return layer;
    }

    private static JsonObject Icon(string image) => new()
    {
        ["icon-image"] = image,
        ["icon-allow-overlap"] = true,
        ["icon-ignore-placement"] = true,
    };

    private static JsonArray Equal(string property, string value) => new("==", new JsonArray("get", property), value);

    /// <summary>A dash in pixels as MapLibre wants it: in line widths.</summary>
    private static JsonArray Dash(JsonNode pixels, double width) =>
        new(pixels.AsArray().Select(p => (JsonNode?)Math.Round(p!.GetValue<double>() / width, 2)).ToArray());

    private static double Number(JsonNode? node) => node!.GetValue<double>();

    private static double Round(double value) => Math.Round(value, 5);

    private static JsonNode Css(JsonNode? colour) => CssColour(colour!.GetValue<string>());

    /// <summary>#RRGGBB or #AARRGGBB as CSS rgba().</summary>
    private static JsonNode CssColour(string colour, double? alpha = null)
    {
        var hex = colour.TrimStart('#');
        var a = hex.Length == 8 ? Convert.ToInt32(hex[..2], 16) / 255.0 : 1.0;
        var rgb = hex.Length == 8 ? hex[2..] : hex;
        var (r, g, b) = (Convert.ToInt32(rgb[..2], 16), Convert.ToInt32(rgb[2..4], 16), Convert.ToInt32(rgb[4..6], 16));
        a *= alpha ?? 1.0;
        return a >= 1 ? $"#{rgb.ToLowerInvariant()}" : string.Create(CultureInfo.InvariantCulture, $"rgba({r}, {g}, {b}, {Math.Round(a, 3)})");
    }
}
