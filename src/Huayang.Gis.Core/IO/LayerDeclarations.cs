using System.Text.Json;
using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Reads and writes layer declarations: the <c>layers.json</c> of a dataset directory, which adds layers of the
/// dataset's own to the built-in ones, and the same form where a store keeps them (PostGIS) or the server serves them.
/// </summary>
/// <remarks>
/// <para><c>layers.json</c> is <c>{"layers": [ … ]}</c>, one object per layer:</para>
/// <code>
/// { "name": "bus_stops", "title_zh": "公交站", "title_en": "Bus stops",
///   "description": "Bus stops and the routes that call there.",
///   "geometry": ["Point"],
///   "fields": [ { "name": "name_zh", "type": "string", "required": true },
///               { "name": "routes", "type": "string", "description": "route numbers, ; between" } ],
///   "color": "#0072B2" }
/// </code>
/// <para>Layer keys: <c>name</c>, <c>title_zh</c>, <c>title_en</c>, <c>geometry</c> and <c>fields</c> are required;
/// <c>description</c> (default: the English title), <c>required</c> (the file must be there and not empty; default
/// true), <c>color</c> (<c>#RRGGBB</c>; default: the next of a colour-blind-safe palette), <c>drawn</c> (map pictures
/// draw it; default true), <c>min_zoom</c> (vector tiles leave it out below; default 0). Field keys: <c>name</c> and
/// <c>type</c> (<c>string</c>, <c>int</c>, <c>number</c> or <c>bool</c>) are required; <c>description</c>,
/// <c>required</c> (default false), <c>allowed</c> (a list of strings), <c>min</c>, <c>min_exclusive</c>,
/// <c>references</c> (a layer name, or <c>life-circles.json categories</c>), <c>tiles</c> (default true) and
/// <c>indexed</c> (default false). Any other key is a problem, so that a misspelt one is not silently ignored.</para>
/// </remarks>
public static class LayerDeclarations
{
    private static readonly string[] LayerKeys =
        ["name", "title_zh", "title_en", "description", "geometry", "fields", "required", "color", "drawn", "min_zoom"];

    private static readonly string[] FieldKeys =
        ["name", "type", "description", "required", "allowed", "min", "min_exclusive", "references", "tiles", "indexed"];

    /// <summary>The names of <see cref="FieldType"/> in declarations.</summary>
    public static IReadOnlyList<string> TypeNames { get; } = ["string", "int", "number", "bool"];

    /// <summary>Reads <c>layers.json</c>, adding a problem for everything wrong; the layers declared, or null when any is wrong.</summary>
    internal static IReadOnlyList<LayerDefinition>? Read(string path, string fileName, List<DatasetProblem> problems)
    {
        var scope = new ProblemScope(problems, fileName);
        using var document = JsonFile.Parse(path, scope);
        if (document is null)
        {
            return null;
        }

        var before = problems.Count;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || JsonValues.Property(root, "layers") is not { ValueKind: JsonValueKind.Array } list)
        {
            scope.Add(null, JsonValues.Display(root), "expected a JSON object {\"layers\": [ … ]} with one object per layer");
            return null;
        }
        foreach (var member in root.EnumerateObject().Where(m => m.Name != "layers"))
        {
            scope.Add(member.Name, null, "unknown key; the file holds only \"layers\"");
        }

        var layers = new List<LayerDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            index++;
            var name = entry.ValueKind == JsonValueKind.Object && JsonValues.Property(entry, "name") is { ValueKind: JsonValueKind.String } n
                ? n.GetString()
                : null;
            var entryScope = scope.For(null, name ?? $"layer #{index}");
            if (Parse(entry, entryScope) is not { } layer)
            {
                continue;
            }
            if (LayerRegistry.BuiltIn.Contains(layer.Name))
            {
                entryScope.Add("name", layer.Name, "is a built-in layer; declare only layers of the dataset's own");
            }
            else if (!names.Add(layer.Name))
            {
                entryScope.Add("name", layer.Name, "is declared twice");
            }
            else
            {
                layers.Add(layer);
            }
        }

        CheckReferences(layers, scope);
        return problems.Count == before ? layers : null;
    }

    /// <summary>Declarations as a store keeps them (the form <see cref="Write"/> writes).</summary>
    /// <exception cref="FormatException">One is not a valid declaration; the message says why.</exception>
    public static IReadOnlyList<LayerDefinition> Parse(string json)
    {
        var problems = new List<DatasetProblem>();
        using var document = JsonDocument.Parse(json);
        var layers = new List<LayerDefinition>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (Parse(entry, new ProblemScope(problems, "layer declarations")) is { } layer)
            {
                layers.Add(layer);
            }
        }
        return problems.Count == 0
            ? layers
            : throw new FormatException(string.Join("; ", problems.Select(p => p.ToString())));
    }

    /// <summary>Writes layers as a JSON array of declarations (every key, defaults included).</summary>
    public static void Write(Utf8JsonWriter json, IEnumerable<LayerDefinition> layers)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(layers);
        json.WriteStartArray();
        foreach (var layer in layers)
        {
            WriteLayer(json, layer);
        }
        json.WriteEndArray();
    }

    /// <summary>The declarations as JSON text (<see cref="Write"/>).</summary>
    public static string ToJson(IEnumerable<LayerDefinition> layers)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json, layers);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One layer's declaration as a JSON object (<see cref="WriteLayer"/>), as a store keeps it.</summary>
    public static string ToJson(LayerDefinition layer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteLayer(json, layer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One layer's declaration as an object (also used for the built-in layers when they are described).</summary>
    /// <param name="more">Writes further members into the object, after the declaration's own, or null.</param>
    public static void WriteLayer(Utf8JsonWriter json, LayerDefinition layer, Action<Utf8JsonWriter>? more = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(layer);
        json.WriteStartObject();
        json.WriteString("name", layer.Name);
        json.WriteString("title_zh", layer.TitleZh);
        json.WriteString("title_en", layer.TitleEn);
        json.WriteString("description", layer.Description);
        json.WriteStartArray("geometry");
        foreach (var type in layer.GeometryTypes)
        {
            json.WriteStringValue(type);
        }
        json.WriteEndArray();
        json.WriteStartArray("fields");
        foreach (var field in layer.Fields)
        {
            json.WriteStartObject();
            json.WriteString("name", field.Name);
            json.WriteString("type", TypeNames[(int)field.Type]);
            json.WriteString("description", field.Description);
            json.WriteBoolean("required", field.Required);
            if (field.Allowed is { } allowed)
            {
                json.WriteStartArray("allowed");
                foreach (var value in allowed)
                {
                    json.WriteStringValue(value);
                }
                json.WriteEndArray();
            }
            if (field.Min is { } min)
            {
                json.WriteNumber("min", min);
                json.WriteBoolean("min_exclusive", field.MinExclusive);
            }
            if (field.References is { } references)
            {
                json.WriteString("references", references);
            }
            json.WriteBoolean("tiles", field.InTiles);
            json.WriteBoolean("indexed", field.Indexed);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("required", layer.Required);
        if (layer.Color is { } color)
        {
            json.WriteString("color", color);
        }
        json.WriteBoolean("drawn", layer.Drawn);
        json.WriteNumber("min_zoom", layer.TileMinZoom);
        more?.Invoke(json);
        json.WriteEndObject();
    }

    private static LayerDefinition? Parse(JsonElement entry, ProblemScope scope)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            scope.Add(null, JsonValues.Display(entry), "expected an object declaring a layer");
            return null;
        }

        var ok = true;
        foreach (var member in entry.EnumerateObject().Where(m => !LayerKeys.Contains(m.Name, StringComparer.Ordinal)))
        {
            scope.Add(member.Name, null, $"unknown key; a layer has {string.Join(", ", LayerKeys)}");
            ok = false;
        }

        var name = Text(entry, "name", scope, required: true);
        var titleZh = Text(entry, "title_zh", scope, required: true);
        var titleEn = Text(entry, "title_en", scope, required: true);
        var description = Text(entry, "description", scope, required: false);
        var required = Flag(entry, "required", scope, fallback: true);
        var drawn = Flag(entry, "drawn", scope, fallback: true);
        var color = Text(entry, "color", scope, required: false);
        var minZoom = 0;
        if (JsonValues.Property(entry, "min_zoom") is { } zoom)
        {
            if (zoom.ValueKind != JsonValueKind.Number || !zoom.TryGetInt32(out minZoom) || minZoom is < 0 or > 22)
            {
                scope.Add("min_zoom", JsonValues.Display(zoom), "expected a whole number from 0 to 22");
                ok = false;
            }
        }

        var geometry = new List<string>();
        if (JsonValues.Property(entry, "geometry") is not { ValueKind: JsonValueKind.Array } types || types.GetArrayLength() == 0)
        {
            scope.Add("geometry", null, $"required: a list of one or more of {string.Join(", ", LayerRegistry.GeometryTypes)}");
            ok = false;
        }
        else
        {
            foreach (var type in types.EnumerateArray())
            {
                if (type.ValueKind != JsonValueKind.String || !LayerRegistry.GeometryTypes.Contains(type.GetString(), StringComparer.Ordinal))
                {
                    scope.Add("geometry", JsonValues.Display(type),
                        $"unknown geometry type; the types are {string.Join(", ", LayerRegistry.GeometryTypes)}");
                    ok = false;
                }
                else
                {
                    geometry.Add(type.GetString()!);
                }
            }
        }

        var fields = new List<LayerField>();
        if (JsonValues.Property(entry, "fields") is not { ValueKind: JsonValueKind.Array } list)
        {
            scope.Add("fields", null, "required: a list of field objects (may be empty: [])");
            ok = false;
        }
        else
        {
            foreach (var item in list.EnumerateArray())
            {
                if (ParseField(item, scope) is { } field)
                {
                    fields.Add(field);
                }
                else
                {
                    ok = false;
                }
            }
        }

        if (!ok || name is null || titleZh is null || titleEn is null)
        {
            return null;
        }

        var layer = new LayerDefinition
        {
            Name = name,
            TitleZh = titleZh,
            TitleEn = titleEn,
            Description = description ?? titleEn,
            GeometryTypes = geometry,
            Fields = fields,
            Required = required,
            Color = color,
            Drawn = drawn,
            TileMinZoom = minZoom,
        };
        if (LayerRegistry.Problem(layer) is { } problem)
        {
            scope.Add(null, null, problem);
            return null;
        }
        return layer;
    }

    private static LayerField? ParseField(JsonElement item, ProblemScope scope)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            scope.Add("fields", JsonValues.Display(item), "expected an object with \"name\" and \"type\"");
            return null;
        }

        var name = JsonValues.Property(item, "name") is { ValueKind: JsonValueKind.String } n ? n.GetString() : null;
        var where = name is null ? "fields" : $"fields.{name}";
        var ok = name is not null;
        if (name is null)
        {
            scope.Add("fields", JsonValues.Display(item), "a field needs a \"name\"");
        }
        foreach (var member in item.EnumerateObject().Where(m => !FieldKeys.Contains(m.Name, StringComparer.Ordinal)))
        {
            scope.Add($"{where}.{member.Name}", null, $"unknown key; a field has {string.Join(", ", FieldKeys)}");
            ok = false;
        }

        FieldType type = FieldType.String;
        var typeText = JsonValues.Property(item, "type") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
        var typeIndex = typeText is null ? -1 : TypeNames.ToList().IndexOf(typeText);
        if (typeIndex < 0)
        {
            scope.Add($"{where}.type", typeText ?? JsonValues.Display(JsonValues.Property(item, "type") ?? default),
                $"a type the stores cannot hold; the types are {string.Join(", ", TypeNames)}");
            ok = false;
        }
        else
        {
            type = (FieldType)typeIndex;
        }

        var description = Text(item, "description", scope, required: false, where);
        var required = Flag(item, "required", scope, fallback: false, where);
        var tiles = Flag(item, "tiles", scope, fallback: true, where);
        var indexed = Flag(item, "indexed", scope, fallback: false, where);
        var minExclusive = Flag(item, "min_exclusive", scope, fallback: false, where);
        var references = Text(item, "references", scope, required: false, where);
        if (references is not null && type != FieldType.String)
        {
            scope.Add($"{where}.references", references, "a reference names ids, so it is for a string field only");
            ok = false;
        }
        double? min = null;
        if (JsonValues.Property(item, "min") is { } minValue)
        {
            if (minValue.ValueKind != JsonValueKind.Number || type is not (FieldType.Int or FieldType.Number))
            {
                scope.Add($"{where}.min", JsonValues.Display(minValue), "a number, for an int or number field only");
                ok = false;
            }
            else
            {
                min = minValue.GetDouble();
            }
        }
        List<string>? allowed = null;
        if (JsonValues.Property(item, "allowed") is { } allowedValue)
        {
            if (allowedValue.ValueKind != JsonValueKind.Array || type != FieldType.String
                || allowedValue.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                scope.Add($"{where}.allowed", JsonValues.Display(allowedValue), "a list of strings, for a string field only");
                ok = false;
            }
            else
            {
                allowed = allowedValue.EnumerateArray().Select(v => v.GetString()!).ToList();
            }
        }

        return ok
            ? new LayerField(name!, type, description ?? name!)
            {
                Required = required,
                InTiles = tiles,
                Indexed = indexed,
                Min = min,
                MinExclusive = minExclusive,
                References = references,
                Allowed = allowed,
            }
            : null;
    }

    /// <summary>A field's reference must name a layer (built in or declared here) or the categories.</summary>
    private static void CheckReferences(IReadOnlyList<LayerDefinition> layers, ProblemScope scope)
    {
        var known = LayerRegistry.BuiltIn.Names.Concat(layers.Select(l => l.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            foreach (var field in layer.Fields.Where(f => f.References is not null))
            {
                if (field.References != LayerRegistry.CategoriesReference && !known.Contains(field.References!))
                {
                    scope.For(null, layer.Name).Add($"fields.{field.Name}.references", field.References,
                        $"names no layer; a reference is a layer name or \"{LayerRegistry.CategoriesReference}\"");
                }
            }
        }
    }

    private static string? Text(JsonElement owner, string key, ProblemScope scope, bool required, string? where = null)
    {
        var label = where is null ? key : $"{where}.{key}";
        switch (JsonValues.Property(owner, key))
        {
            case { ValueKind: JsonValueKind.String } value when !string.IsNullOrWhiteSpace(value.GetString()):
                return value.GetString();
            case null when !required:
                return null;
            case null:
                scope.Add(label, null, "required");
                return null;
            case { } value:
                scope.Add(label, JsonValues.Display(value), "expected a non-blank string");
                return null;
        }
    }

    private static bool Flag(JsonElement owner, string key, ProblemScope scope, bool fallback, string? where = null)
    {
        switch (JsonValues.Property(owner, key))
        {
            case null:
                return fallback;
            case { ValueKind: JsonValueKind.True }:
                return true;
            case { ValueKind: JsonValueKind.False }:
                return false;
            case { } value:
                scope.Add(where is null ? key : $"{where}.{key}", JsonValues.Display(value), "expected true or false");
                return fallback;
        }
    }
}
