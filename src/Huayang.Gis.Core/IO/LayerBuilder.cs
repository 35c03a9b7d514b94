using Huayang.Gis.Core.Crs;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Collects the features of one layer as they are read, in any format, reporting duplicate ids; and builds one
/// feature from a record of named values (a table row, a DBF record, a CSV row) with the same checks as GeoJSON.
/// </summary>
internal sealed class LayerBuilder(LayerSchema schema, string file, List<DatasetProblem> problems)
{
    private readonly List<FeatureData> _features = [];
    private readonly Dictionary<string, int> _firstIndexOfId = new(StringComparer.Ordinal);

    /// <summary>Problems about the whole file.</summary>
    public ProblemScope Scope { get; } = new(problems, file);

    /// <summary>Reports a required layer with no features.</summary>
    public void CheckCount(int count)
    {
        if (schema.Required && count == 0)
        {
            Scope.Add(null, null, $"no features; the required layer {schema.Name} needs at least one");
        }
    }

    /// <summary>Adds a feature, reporting an id that an earlier feature already has.</summary>
    public void Add(FeatureData data)
    {
        if (data.Id is { } id && !data.BadFields.Contains("id"))
        {
            if (_firstIndexOfId.TryGetValue(id, out var first))
            {
                Scope.For(data.Index, id).Add("id", id, $"duplicate id: feature #{JsonValues.Format(first)} has the same id");
            }
            else
            {
                _firstIndexOfId[id] = data.Index;
            }
        }

        _features.Add(data);
    }

    /// <summary>The layer read, its coordinates having been in <paramref name="crs"/>.</summary>
    public LayerData Build(CrsId crs) => new(schema, file, Present: true, Readable: true, _features) { Crs = crs };

    /// <summary>
    /// Checks and adds one record: its <c>id</c> field names the feature, every schema field is checked with
    /// <see cref="FieldChecker"/>, and the geometry that <paramref name="readGeometry"/> gives (in
    /// <paramref name="source"/>'s CRS; null after it reported why) with <see cref="GeometryChecker"/>.
    /// </summary>
    /// <param name="fields">The record's values by field name, in file order.</param>
    public void AddRecord(
        int index,
        IReadOnlyList<KeyValuePair<string, FieldValue>> fields,
        Func<ProblemScope, Geometry?> readGeometry,
        CoordinateSource source)
    {
        var before = problems.Count;
        var byName = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        var attributes = new AttributesTable();
        foreach (var (name, value) in fields)
        {
            if (byName.TryAdd(name, value))
            {
                attributes.Add(name, value.Value);
            }
        }

        string? id = byName.TryGetValue("id", out var idValue) && idValue.Kind is FieldValueKind.String or FieldValueKind.Number
            ? idValue.Display
            : null;
        var scope = Scope.For(index, id);
        foreach (var spec in schema.Fields)
        {
            FieldChecker.Check(byName.TryGetValue(spec.Name, out var value) ? value : null, spec, scope, spec.Name);
        }

        var geometry = readGeometry(scope) is { } raw ? GeometryChecker.Check(raw, schema, scope, source) : null;
        if (geometry is not null && schema.GeometryRule is { } rule
            && byName.TryGetValue(rule.Field, out var ruleValue) && ruleValue.Value is string ruleText
            && rule.Types.TryGetValue(ruleText, out var allowed))
        {
            GeometryChecker.CheckType(geometry, allowed, $"{rule.Field} \"{ruleText}\" needs", scope);
        }

        Add(new FeatureData(index, id, geometry, attributes, BadFields(before)));
    }

    /// <summary>The fields named by the problems added since <paramref name="before"/>.</summary>
    public IReadOnlySet<string> BadFields(int before) => FeatureData.BadFieldsSince(problems, before);
}
