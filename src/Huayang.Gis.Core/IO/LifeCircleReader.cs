using System.Text.Json;
using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.IO;

/// <summary>What was read from <c>life-circles.json</c>.</summary>
/// <param name="Standard">The standard, or null when the file has any problem.</param>
/// <param name="CategoryIds">The category ids, or null when the <c>categories</c> list could not be read;
/// used to check sites even when other parts of the file have problems.</param>
internal sealed record LifeCircleData(LifeCircleStandard? Standard, IReadOnlySet<string>? CategoryIds);

/// <summary>
/// Reads and checks <c>life-circles.json</c>: a <c>standard</c> name, a non-empty list of <c>levels</c>
/// (id, minutes &gt; 0, radius_m &gt; 0, names, required_categories naming known categories) and a
/// non-empty list of <c>categories</c> (id, name_zh, name_en), with unique ids in each list.
/// </summary>
internal static class LifeCircleReader
{
    private const string Levels = "levels";
    private const string Categories = "categories";
    private const string RequiredCategories = "required_categories";

    public static LifeCircleData Read(string path, string fileName, List<DatasetProblem> problems)
    {
        var before = problems.Count;
        var scope = new ProblemScope(problems, fileName);
        using var document = JsonFile.Parse(path, scope);
        if (document is null)
        {
            return new LifeCircleData(null, null);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            scope.Add(null, JsonValues.Display(root), "expected a JSON object with \"standard\", \"levels\" and \"categories\"");
            return new LifeCircleData(null, null);
        }

        foreach (var spec in LayerSchemas.LifeCircleRoot)
        {
            FieldChecker.Check(JsonValues.Property(root, spec.Name), spec, scope, spec.Name);
        }

        var categories = CheckList(root, Categories, LayerSchemas.SiteCategory, scope);
        var categoryIds = categories?.Select(c => c.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var levels = CheckList(root, Levels, LayerSchemas.LifeCircleLevel, scope);
        foreach (var level in levels ?? [])
        {
            CheckRequiredCategories(level, categoryIds);
        }

        if (problems.Count > before || levels is null || categories is null)
        {
            return new LifeCircleData(null, categoryIds);
        }

        var standard = new LifeCircleStandard(
            root.GetProperty("standard").GetString() ?? "",
            levels.Select(l => ToLevel(l.Element)).ToList(),
            categories.Select(c => new SiteCategory(
                Text(c.Element, "id"), Text(c.Element, "name_zh"), Text(c.Element, "name_en"))).ToList(),
            JsonValues.Property(root, "walking_speed_m_per_min") is { ValueKind: JsonValueKind.Number } speed
                ? speed.GetDouble()
                : LifeCircleStandard.DefaultWalkingSpeedMPerMin);
        return new LifeCircleData(standard, categoryIds);
    }

    /// <summary>The file names of further service standards: <c>standard-NAME.json</c>.</summary>
    public const string SupplementPattern = "standard-*.json";

    /// <summary>
    /// Reads a further service standard: <c>standard</c> (its name) and <c>levels</c> as in <c>life-circles.json</c>,
    /// whose required categories must be categories of <c>life-circles.json</c>; null when it has problems.
    /// </summary>
    public static ServiceStandard? ReadSupplement(string path, string fileName, IReadOnlySet<string>? categoryIds, List<DatasetProblem> problems)
    {
        var before = problems.Count;
        var scope = new ProblemScope(problems, fileName);
        using var document = JsonFile.Parse(path, scope);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            scope.Add(null, JsonValues.Display(root), "expected a JSON object with \"standard\" and \"levels\"");
            return null;
        }

        FieldChecker.Check(JsonValues.Property(root, "standard"), LayerSchemas.LifeCircleRoot.First(f => f.Name == "standard"), scope, "standard");
        var levels = CheckList(root, Levels, LayerSchemas.LifeCircleLevel, scope);
        foreach (var level in levels ?? [])
        {
            CheckRequiredCategories(level, categoryIds);
        }

        return problems.Count > before || levels is null
            ? null
            : new ServiceStandard(root.GetProperty("standard").GetString() ?? "", fileName, levels.Select(l => ToLevel(l.Element)).ToList());
    }

    private sealed record Entry(int Index, string? Id, JsonElement Element, ProblemScope Scope);

    /// <summary>Checks a list of objects against their fields and for duplicate ids; null when it is not a list.</summary>
    private static List<Entry>? CheckList(
        JsonElement root, string name, IReadOnlyList<FieldSpec> fields, ProblemScope scope)
    {
        if (JsonValues.Property(root, name) is not { ValueKind: JsonValueKind.Array } list)
        {
            var found = JsonValues.Property(root, name) is { } other ? JsonValues.Display(other) : null;
            scope.Add(name, found, found is null ? "missing required list" : "expected a list");
            return null;
        }

        if (list.GetArrayLength() == 0)
        {
            scope.Add(name, "[]", "the list is empty; at least one entry is needed");
        }

        var entries = new List<Entry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var id = JsonValues.Property(element, "id") is { ValueKind: JsonValueKind.String } idElement
                ? idElement.GetString()
                : null;
            var entry = new Entry(index, id, element, scope.For(null, id));
            var path = $"{name}[{JsonValues.Format(index)}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                entry.Scope.Add(path, JsonValues.Display(element), "expected a JSON object");
            }
            else
            {
                foreach (var spec in fields)
                {
                    FieldChecker.Check(JsonValues.Property(element, spec.Name), spec, entry.Scope, $"{path}.{spec.Name}");
                }

                if (id is not null && !seen.TryAdd(id, index))
                {
                    entry.Scope.Add($"{path}.id", id, $"duplicate id: {name}[{JsonValues.Format(seen[id])}] has the same id");
                }
            }

            entries.Add(entry);
            index++;
        }

        return entries;
    }

    private static void CheckRequiredCategories(Entry level, IReadOnlySet<string>? categoryIds)
    {
        var path = $"{Levels}[{JsonValues.Format(level.Index)}].{RequiredCategories}";
        if (level.Element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (JsonValues.Property(level.Element, RequiredCategories) is not { ValueKind: JsonValueKind.Array } required)
        {
            var found = JsonValues.Property(level.Element, RequiredCategories) is { } other ? JsonValues.Display(other) : null;
            level.Scope.Add(path, found, found is null ? "missing required field" : "expected a list of category ids");
            return;
        }

        var index = 0;
        foreach (var category in required.EnumerateArray())
        {
            var itemPath = $"{path}[{JsonValues.Format(index++)}]";
            if (category.ValueKind != JsonValueKind.String)
            {
                level.Scope.Add(itemPath, JsonValues.Display(category), "expected a string");
            }
            else if (categoryIds is not null && !categoryIds.Contains(category.GetString() ?? ""))
            {
                level.Scope.Add(itemPath, category.GetString(),
                    $"unknown category; the categories are: {string.Join(", ", categoryIds)}");
            }
        }
    }

    private static LifeCircleLevel ToLevel(JsonElement level) => new(
        Text(level, "id"),
        (int)level.GetProperty("minutes").GetDouble(),
        level.GetProperty("radius_m").GetDouble(),
        Text(level, "name_zh"),
        Text(level, "name_en"),
        level.GetProperty(RequiredCategories).EnumerateArray().Select(c => c.GetString() ?? "").ToList());

    private static string Text(JsonElement owner, string name) => owner.GetProperty(name).GetString() ?? "";
}
