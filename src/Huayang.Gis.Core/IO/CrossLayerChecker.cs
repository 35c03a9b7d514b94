using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Checks between files: every <see cref="FieldSpec.References"/> names an existing id (or category), and the
/// residents of each community's population cells add up to the community's population. A check is skipped
/// when the file it needs could not be read, and values that already had a problem (including duplicated
/// community ids) are not checked again, so that one mistake is reported once.
/// </summary>
/// <remarks>The loader applies the same rules to the tables it writes (<c>Huayang.Gis.PostGis</c>), with the
/// wording of <see cref="UnknownId"/>, <see cref="NotACategory"/> and <see cref="ResidentsMismatch"/>: those are
/// public so that every store reports a broken rule in the same words; the check itself is internal.</remarks>
public static class CrossLayerChecker
{
    /// <summary>A reference to an id that <paramref name="targetFile"/> (a file, or a table) does not have.</summary>
    public static string UnknownId(string targetFile) => $"unknown id: no feature of {targetFile} has this id";

    /// <summary>A site category that the life-circle table does not list.</summary>
    public static string NotACategory(IEnumerable<string> categories) =>
        $"not a category of {Layers.LifeCirclesFile}; the categories are: {string.Join(", ", categories)}";

    /// <summary>A community whose cells in <paramref name="populationFile"/> (a file, or a table) do not add up.</summary>
    public static string ResidentsMismatch(string populationFile, long actual, long expected) =>
        $"the residents of this community's cells in {populationFile} add up to " +
        $"{JsonValues.Format(actual)}, not the community's population {JsonValues.Format(expected)}";

    internal static void Check(
        IReadOnlyDictionary<string, LayerData> layers, LifeCircleData lifeCircles, List<DatasetProblem> problems)
    {
        foreach (var layer in layers.Values)
        {
            foreach (var spec in layer.Schema.Fields.Where(f => f.References is not null))
            {
                CheckReferences(layer, spec, Targets(spec.References!, layers, lifeCircles), problems);
            }
        }

        if (layers.TryGetValue(Layers.Communities, out var communities) && communities.Readable
            && layers.TryGetValue(Layers.Population, out var population) && population.Readable)
        {
            CheckResidents(communities, population, problems);
        }
    }

    private sealed record Target(IReadOnlySet<string> Ids, string Describe);

    private static Target? Targets(
        string reference, IReadOnlyDictionary<string, LayerData> layers, LifeCircleData lifeCircles)
    {
        if (reference == LayerSchemas.CategoriesReference)
        {
            return lifeCircles.CategoryIds is { } categories
                ? new Target(categories, NotACategory(categories))
                : null;
        }

        return layers.TryGetValue(reference, out var layer) && layer.Readable
            ? new Target(layer.Ids, UnknownId(layer.File))
            : null;
    }

    private static void CheckReferences(LayerData layer, FieldSpec spec, Target? target, List<DatasetProblem> problems)
    {
        if (target is null)
        {
            return;
        }

        foreach (var feature in layer.Features)
        {
            if (feature.GoodString(spec.Name) is { } value && !target.Ids.Contains(value))
            {
                problems.Add(new DatasetProblem(
                    layer.File, feature.Index, feature.Id, spec.Name, value, target.Describe));
            }
        }
    }

    private static void CheckResidents(LayerData communities, LayerData population, List<DatasetProblem> problems)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in population.Features)
        {
            if (cell.GoodString("community_id") is not { } communityId)
            {
                continue;
            }

            if (cell.GoodInt("residents") is { } residents)
            {
                sums[communityId] = sums.GetValueOrDefault(communityId) + residents;
            }
            else
            {
                unknown.Add(communityId);
            }
        }

        var duplicated = communities.Features.GroupBy(c => c.Id, StringComparer.Ordinal)
            .Where(g => g.Key is not null && g.Count() > 1).Select(g => g.Key!).ToHashSet(StringComparer.Ordinal);
        foreach (var community in communities.Features)
        {
            if (community.GoodString("id") is not { } id || unknown.Contains(id) || duplicated.Contains(id)
                || community.GoodInt("population") is not { } expected)
            {
                continue;
            }

            var actual = sums.GetValueOrDefault(id);
            if (actual != expected)
            {
                problems.Add(new DatasetProblem(
                    communities.File, community.Index, id, "population", JsonValues.Format(expected),
                    ResidentsMismatch(population.File, actual, expected)));
            }
        }
    }
}
