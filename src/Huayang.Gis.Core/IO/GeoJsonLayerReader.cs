using System.Text.Json;
using NetTopologySuite.Features;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Reads one layer file (a GeoJSON FeatureCollection) and checks every feature against the layer's
/// <see cref="LayerSchema"/>, collecting all problems instead of stopping at the first.
/// </summary>
/// <remarks>
/// A feature's id is <c>properties.id</c>; when that is absent or null the Feature's own <c>id</c> member is
/// used (a numeric one as its text) and stored as the <c>id</c> attribute.
/// </remarks>
internal static class GeoJsonLayerReader
{
    private const string NonFinite = "not a finite number (NaN and Infinity cannot be stored)";

    private static readonly HashSet<string> LonLatCrsNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:CRS84", "CRS84",
        "EPSG:4326", "urn:ogc:def:crs:EPSG::4326",
    };

    /// <param name="fileName">The name problems report, usually the file's own name.</param>
    public static LayerData Read(string path, string fileName, LayerSchema schema, List<DatasetProblem> problems)
    {
        var scope = new ProblemScope(problems, fileName);
        using var document = JsonFile.Parse(path, scope);
        if (document is null)
        {
            return new LayerData(schema, Present: true, Readable: false, []);
        }

        var root = document.RootElement;
        if (JsonValues.Property(root, "type") is not { ValueKind: JsonValueKind.String } type
            || type.GetString() != "FeatureCollection")
        {
            var found = JsonValues.Property(root, "type") is { } t ? JsonValues.Display(t) : null;
            scope.Add(null, found, "not a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with \"features\")");
            return new LayerData(schema, Present: true, Readable: false, []);
        }

        CheckCrs(root, scope);
        if (JsonValues.Property(root, "features") is not { ValueKind: JsonValueKind.Array } features)
        {
            scope.Add(null, null, "not a GeoJSON FeatureCollection: it has no \"features\" array");
            return new LayerData(schema, Present: true, Readable: false, []);
        }

        if (schema.Required && features.GetArrayLength() == 0)
        {
            scope.Add(null, null, $"no features; the required layer {schema.Name} needs at least one");
        }

        var read = new List<FeatureData>();
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var feature in features.EnumerateArray())
        {
            var data = ReadFeature(feature, index, schema, scope.File, problems);
            if (data.Id is { } id && !data.BadFields.Contains("id"))
            {
                if (firstIndexOfId.TryGetValue(id, out var first))
                {
                    scope.For(index, id).Add("id", id, $"duplicate id: feature #{JsonValues.Format(first)} has the same id");
                }
                else
                {
                    firstIndexOfId[id] = index;
                }
            }

            read.Add(data);
            index++;
        }

        return new LayerData(schema, Present: true, Readable: true, read);
    }

    private static FeatureData ReadFeature(
        JsonElement feature, int index, LayerSchema schema, string file, List<DatasetProblem> problems)
    {
        var before = problems.Count;
        var (idElement, numericFeatureId) = IdOf(feature);
        var id = idElement is { ValueKind: JsonValueKind.String or JsonValueKind.Number } known
            ? JsonValues.Display(known)
            : null;
        var scope = new ProblemScope(problems, file, index, id);
        var attributes = new AttributesTable();

        if (feature.ValueKind != JsonValueKind.Object)
        {
            scope.Add(null, JsonValues.Display(feature), "feature is not a JSON object");
            return new FeatureData(index, null, null, attributes, new HashSet<string>(StringComparer.Ordinal) { "geometry" });
        }

        if (JsonValues.Property(feature, "type") is not { ValueKind: JsonValueKind.String } type || type.GetString() != "Feature")
        {
            var found = JsonValues.Property(feature, "type") is { } t ? JsonValues.Display(t) : null;
            scope.Add("type", found, "expected a GeoJSON Feature (\"type\": \"Feature\")");
        }

        var properties = JsonValues.Property(feature, "properties");
        if (properties is { ValueKind: JsonValueKind.Object } members)
        {
            attributes = ReadProperties(members, schema, scope);
        }
        else if (properties is { ValueKind: not JsonValueKind.Null } other)
        {
            scope.Add("properties", JsonValues.Display(other), "\"properties\" must be a JSON object or null");
        }

        if (!attributes.Exists("id") && idElement is { } featureId)
        {
            attributes.Add("id", numericFeatureId ? featureId.GetRawText() : JsonValues.ToClr(featureId));
        }

        foreach (var spec in schema.Fields)
        {
            if (spec.Name == "id")
            {
                if (!numericFeatureId)
                {
                    FieldChecker.Check(idElement, spec, scope, spec.Name);
                }
            }
            else
            {
                FieldChecker.Check(JsonValues.Property(properties, spec.Name), spec, scope, spec.Name);
            }
        }

        var geometry = GeometryChecker.Read(feature, schema, scope);
        if (geometry is not null && schema.GeometryRule is { } rule
            && JsonValues.Property(properties, rule.Field) is { ValueKind: JsonValueKind.String } ruleValue
            && rule.Types.TryGetValue(ruleValue.GetString() ?? "", out var allowed))
        {
            GeometryChecker.CheckType(geometry, allowed, $"{rule.Field} \"{ruleValue.GetString()}\" needs", scope);
        }

        var bad = problems.Skip(before).Select(p => p.Field).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new FeatureData(index, id, geometry, attributes, bad);
    }

    /// <summary>Properties as normalised attributes; non-finite numbers outside the schema are reported here.</summary>
    private static AttributesTable ReadProperties(JsonElement properties, LayerSchema schema, ProblemScope scope)
    {
        var attributes = new AttributesTable();
        foreach (var member in properties.EnumerateObject())
        {
            if (attributes.Exists(member.Name))
            {
                scope.Add(member.Name, JsonValues.Display(member.Value), "property appears more than once in this feature");
                continue;
            }

            var inSchema = schema.Fields.Any(f => string.Equals(f.Name, member.Name, StringComparison.Ordinal));
            if (!inSchema && JsonValues.FindNonFinite(member.Value) is { } nonFinite)
            {
                scope.Add(member.Name, nonFinite, NonFinite);
            }

            attributes.Add(member.Name, JsonValues.ToClr(member.Value));
        }

        return attributes;
    }

    /// <summary>
    /// The element holding the feature's id (<c>properties.id</c>, else the Feature's <c>id</c>), and whether it
    /// is a numeric Feature id, which GeoJSON allows and which is taken as its text.
    /// </summary>
    private static (JsonElement? Id, bool NumericFeatureId) IdOf(JsonElement feature)
    {
        if (JsonValues.Property(JsonValues.Property(feature, "properties"), "id") is { ValueKind: not JsonValueKind.Null } inProperties)
        {
            return (inProperties, false);
        }

        var featureId = JsonValues.Property(feature, "id");
        return (featureId, featureId is { ValueKind: JsonValueKind.Number });
    }

    private static void CheckCrs(JsonElement root, ProblemScope scope)
    {
        if (JsonValues.Property(root, "crs") is not { ValueKind: JsonValueKind.Object } crs)
        {
            return;
        }

        var name = JsonValues.Property(JsonValues.Property(crs, "properties"), "name");
        var text = name is { ValueKind: JsonValueKind.String } n ? n.GetString() : null;
        if (text is null || !LonLatCrsNames.Contains(text))
        {
            scope.Add("crs", text ?? JsonValues.Display(crs),
                "only WGS84 longitude, latitude (CRS84 / EPSG:4326) is read; reproject the file first");
        }
    }
}
