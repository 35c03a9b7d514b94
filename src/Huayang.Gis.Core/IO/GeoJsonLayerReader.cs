using System.Text.Json;
using Huayang.Gis.Core.Crs;
using NetTopologySuite.Features;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Reads one layer file (a GeoJSON FeatureCollection) and checks every feature against the layer's
/// <see cref="LayerSchema"/>, collecting all problems instead of stopping at the first. The rules (ids, the
/// <c>crs</c> member) are in <c>docs/formats.md</c>.
/// </summary>
internal static class GeoJsonLayerReader
{
    private const string NonFinite = "not a finite number (NaN and Infinity cannot be stored)";

    /// <param name="fileName">The name problems report, usually the file's own name.</param>
    public static LayerData Read(
        string path, string fileName, LayerSchema schema, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        var layer = new LayerBuilder(schema, fileName, problems);
        var scope = layer.Scope;
        if (JsonFile.ReadBytes(path, scope) is not { } json)
        {
            return LayerData.Unreadable(schema, fileName);
        }

        var source = CoordinateSource.GeoJson(options.FromCrs);
        if (GeoJsonStream.Scan(json.Span) is { } outline)
        {
            // Streamed: each feature is read from its own bytes, and only one that is not written plainly is
            // parsed into a (small) document and read as below.
            if (outline.Crs is var (crsStart, crsLength))
            {
                using var crs = JsonDocument.Parse(json.Slice(crsStart, crsLength));
                if (!CrsAgrees(crs.RootElement, options, scope))
                {
                    return LayerData.Unreadable(schema, fileName);
                }
            }

            var parts = outline.Features;
            layer.CheckCount(parts.Count);
            return ReadAll(layer, source.Crs, parts.Count, problems, (i, into) =>
            {
                var bytes = json.Slice(parts[i].Start, parts[i].Length);
                if (GeoJsonStream.TryReadFeature(bytes.Span, i, schema, scope.File, source, into) is { } plain)
                {
                    return plain;
                }

                using var single = JsonDocument.Parse(bytes);
                return ReadFeature(single.RootElement, i, schema, scope.File, source, into);
            });
        }

        using var document = JsonFile.Parse(json, scope);
        if (document is null)
        {
            return LayerData.Unreadable(schema, fileName);
        }

        var root = document.RootElement;
        if (JsonValues.Property(root, "type") is not { ValueKind: JsonValueKind.String } type
            || type.GetString() != "FeatureCollection")
        {
            var found = JsonValues.Property(root, "type") is { } t ? JsonValues.Display(t) : null;
            scope.Add(null, found, "not a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with \"features\")");
            return LayerData.Unreadable(schema, fileName);
        }

        if (JsonValues.Property(root, "crs") is { ValueKind: JsonValueKind.Object } crsMember
            && !CrsAgrees(crsMember, options, scope))
        {
            return LayerData.Unreadable(schema, fileName);
        }

        if (JsonValues.Property(root, "features") is not { ValueKind: JsonValueKind.Array } features)
        {
            scope.Add(null, null, "not a GeoJSON FeatureCollection: it has no \"features\" array");
            return LayerData.Unreadable(schema, fileName);
        }

        layer.CheckCount(features.GetArrayLength());
        var all = new JsonElement[features.GetArrayLength()];
        var count = 0;
        foreach (var feature in features.EnumerateArray())
        {
            all[count++] = feature;
        }

        return ReadAll(layer, source.Crs, count, problems, (i, into) => ReadFeature(all[i], i, schema, scope.File, source, into));
    }

    /// <summary>
    /// Reads features 0 to <paramref name="count"/> - 1 with <paramref name="read"/> in chunks on every core, each
    /// chunk into its own problem list; the chunks' features and problems are then added in file order, so that
    /// problems come out exactly as a one-by-one reading would give them (the duplicate-id check of LayerBuilder
    /// stays sequential).
    /// </summary>
    private static LayerData ReadAll(
        LayerBuilder layer, CrsId crs, int count, List<DatasetProblem> problems, Func<int, List<DatasetProblem>, FeatureData> read)
    {
        var chunks = new Chunk[(count + ChunkSize - 1) / ChunkSize];
        Parallel.For(0, chunks.Length, c =>
        {
            var start = c * ChunkSize;
            var chunk = new Chunk(new FeatureData[Math.Min(ChunkSize, count - start)]);
            for (var i = 0; i < chunk.Features.Length; i++)
            {
                chunk.Features[i] = read(start + i, chunk.Problems);
                chunk.ProblemsAfter[i] = chunk.Problems.Count;
            }

            chunks[c] = chunk;
        });

        foreach (var chunk in chunks)
        {
            var taken = 0;
            for (var i = 0; i < chunk.Features.Length; i++)
            {
                for (; taken < chunk.ProblemsAfter[i]; taken++)
                {
                    problems.Add(chunk.Problems[taken]);
                }

                layer.Add(chunk.Features[i]);
            }
        }

        return layer.Build(crs);
    }

    /// <summary>How many features one parallel task reads.</summary>
    private const int ChunkSize = 2048;

    /// <summary>The features of one chunk, its problems, and how many of them there were after each feature.</summary>
    private sealed class Chunk(FeatureData[] features)
    {
        public FeatureData[] Features { get; } = features;

        public List<DatasetProblem> Problems { get; } = [];

        public int[] ProblemsAfter { get; } = new int[features.Length];
    }

    internal static FeatureData ReadFeature(
        JsonElement feature, int index, LayerSchema schema, string file, CoordinateSource source,
        List<DatasetProblem> problems)
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

        if (JsonValues.Property(feature, "type"u8) is not { ValueKind: JsonValueKind.String } type || !type.ValueEquals("Feature"u8))
        {
            var found = JsonValues.Property(feature, "type"u8) is { } t ? JsonValues.Display(t) : null;
            scope.Add("type", found, "expected a GeoJSON Feature (\"type\": \"Feature\")");
        }

        var properties = JsonValues.Property(feature, "properties"u8);
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

        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var spec = schema.Fields[i];
            if (spec.Name == "id")
            {
                if (!numericFeatureId)
                {
                    FieldChecker.Check(idElement, spec, scope, spec.Name);
                }
            }
            else
            {
                FieldChecker.Check(JsonValues.Property(properties, spec.Utf8Name), spec, scope, spec.Name);
            }
        }

        var geometry = GeoJsonGeometryReader.Read(feature, schema, scope, source);
        if (geometry is not null && schema.GeometryRule is { } rule
            && JsonValues.Property(properties, rule.Field) is { ValueKind: JsonValueKind.String } ruleValue
            && rule.Types.TryGetValue(ruleValue.GetString() ?? "", out var allowed))
        {
            GeometryChecker.CheckType(geometry, allowed, $"{rule.Field} \"{ruleValue.GetString()}\" needs", scope);
        }

        var bad = FeatureData.BadFieldsSince(problems, before);
        return new FeatureData(index, id, geometry, attributes, bad);
    }

    /// <summary>Properties as normalised attributes; non-finite numbers outside the schema are reported here.</summary>
    private static AttributesTable ReadProperties(JsonElement properties, LayerSchema schema, ProblemScope scope)
    {
        var attributes = new AttributesTable();
        foreach (var member in properties.EnumerateObject())
        {
            // A property of the schema takes the schema's name string, saving a UTF-8 decoding per feature.
            string? name = null;
            for (var i = 0; i < schema.Fields.Count; i++)
            {
                if (member.NameEquals(schema.Fields[i].Utf8Name))
                {
                    name = schema.Fields[i].Name;
                    break;
                }
            }

            var inSchema = name is not null;
            name ??= member.Name;
            if (attributes.Exists(name))
            {
                scope.Add(name, JsonValues.Display(member.Value), "property appears more than once in this feature");
                continue;
            }

            if (!inSchema && JsonValues.FindNonFinite(member.Value) is { } nonFinite)
            {
                scope.Add(name, nonFinite, NonFinite);
            }

            attributes.Add(name, JsonValues.ToClr(member.Value));
        }

        return attributes;
    }

    /// <summary>
    /// The element holding the feature's id (<c>properties.id</c>, else the Feature's <c>id</c>), and whether it
    /// is a numeric Feature id, which GeoJSON allows and which is taken as its text.
    /// </summary>
    private static (JsonElement? Id, bool NumericFeatureId) IdOf(JsonElement feature)
    {
        if (JsonValues.Property(JsonValues.Property(feature, "properties"u8), "id"u8) is { ValueKind: not JsonValueKind.Null } inProperties)
        {
            return (inProperties, false);
        }

        var featureId = JsonValues.Property(feature, "id"u8);
        return (featureId, featureId is { ValueKind: JsonValueKind.Number });
    }

    /// <summary>
    /// False after reporting a <c>crs</c> member (the 2008 GeoJSON form, <c>{"type": "name", "properties": {"name":
    /// ...}}</c>) that names a CRS other than <see cref="DatasetReadOptions.FromCrs"/>.
    /// </summary>
    private static bool CrsAgrees(JsonElement crs, DatasetReadOptions options, ProblemScope scope)
    {
        if (crs.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var name = JsonValues.Property(JsonValues.Property(crs, "properties"), "name");
        var text = name is { ValueKind: JsonValueKind.String } n ? n.GetString() : null;
        if (Parse(text) is { } declared && SourceCrs.Agrees(declared, options.FromCrs))
        {
            return true;
        }

        scope.Add("crs", text ?? JsonValues.Display(crs), options.FromCrsIsExplicit
            ? $"the file declares another CRS than the input CRS given, {options.FromCrs} (--from-crs); one of them is wrong"
            : "only WGS84 longitude, latitude (CRS84 / EPSG:4326) is read from GeoJSON unless another input CRS " +
              "is given (--from-crs); reproject the file or give its CRS");
        return false;
    }

    /// <summary>A supported CRS named in a <c>crs</c> member, also in the old URN form without a version.</summary>
    private static CrsId? Parse(string? text) =>
        string.Equals(text, "urn:ogc:def:crs:OGC::CRS84", StringComparison.OrdinalIgnoreCase) ? CrsId.Crs84
        : CrsId.TryParse(text, out var crs) ? crs
        : null;
}
