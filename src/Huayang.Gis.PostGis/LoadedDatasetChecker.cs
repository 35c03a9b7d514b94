using System.Globalization;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>
/// The cross-layer rules of <c>huayang validate</c> (see <see cref="CrossLayerChecker"/>), applied
/// in SQL to the layer tables as a load leaves them, inside the load's transaction: every reference names an
/// existing id (<c>sites.plan_element</c> → plan, <c>sites.community_id</c> and <c>population.community_id</c> →
/// communities) or a category of the life-circle table being loaded (<c>sites.category</c>), and the residents
/// of each community's population cells add up to the community's population.
/// </summary>
/// <remarks>
/// <para>A dataset that passed validation can still break these rules once merged: rows already in the tables
/// and not in the dataset stay, so cells of a larger dataset keep counting for their communities, and sites
/// keep categories the new life-circle table may not have. The checks are set-based (anti-joins and one
/// grouped sum), so they cost a few scans of the tables, never a read of them into .NET.</para>
/// <para>The references are taken from the layer definitions (<see cref="LayerRegistry"/>, declared layers
/// included), so that a reference added to a layer is checked here too; table and column names come from <see cref="LayerTables"/>, never from data.</para>
/// <para>Problems are worded as <c>huayang validate</c> words them, with the table (<c>huayang.sites</c>) in
/// place of the file and no feature number (a row has no position in a file).</para>
/// </remarks>
internal static class LoadedDatasetChecker
{
    private sealed record Reference(LayerTable Table, string Column, LayerTable? Target);

    private static IReadOnlyList<Reference> ReferencesOf(LayerRegistry registry) => registry.ReadingOrder
        .SelectMany(layer => layer.Fields
            .Where(f => f.References is not null)
            .Select(f => new Reference(
                LayerTables.For(layer),
                LayerTables.For(layer).Typed.Single(c => c.Name == f.Name && c.Kind == ColumnKind.Text).Name,
                f.References == LayerRegistry.CategoriesReference ? null : LayerTables.For(registry.Get(f.References!)))))
        .ToList();

    /// <summary>Every problem of the tables as they are in <paramref name="transaction"/>, references first
    /// (layer by layer, in schema order, by id), then the population sums (by community id).</summary>
    /// <param name="categories">The site category ids of the life-circle table being loaded.</param>
    /// <param name="registry">The layers of the dataset being loaded.</param>
    public static async Task<IReadOnlyList<DatasetProblem>> CheckAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LayerRegistry registry, IReadOnlyList<string> categories,
        CancellationToken ct)
    {
        var references = ReferencesOf(registry);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var reference in references)
        {
            var column = reference.Column;
            var sql = reference.Target is { } target
                ? $"SELECT s.id, s.{column} FROM {reference.Table.Table} s WHERE s.{column} IS NOT NULL " +
                  $"AND NOT EXISTS (SELECT 1 FROM {target.Table} t WHERE t.id = s.{column}) ORDER BY s.id"
                : $"SELECT s.id, s.{column} FROM {reference.Table.Table} s WHERE s.{column} IS NOT NULL " +
                  $"AND s.{column} <> ALL ($1) ORDER BY s.id";
            var command = new NpgsqlBatchCommand(sql);
            if (reference.Target is null)
            {
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. categories] });
            }
            batch.BatchCommands.Add(command);
        }

        var communities = LayerTables.For(Layers.Communities).Table;
        var population = LayerTables.For(Layers.Population).Table;
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
            SELECT c.id, c.population, coalesce(p.residents, 0)
            FROM {communities} c
            LEFT JOIN (SELECT community_id, sum(residents) AS residents FROM {population} GROUP BY community_id) p
                   ON p.community_id = c.id
            WHERE c.population <> coalesce(p.residents, 0)
            ORDER BY c.id
            """));

        var problems = new List<DatasetProblem>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        foreach (var reference in references)
        {
            var message = reference.Target is { } target
                ? CrossLayerChecker.UnknownId(target.Table)
                : CrossLayerChecker.NotACategory(categories);
            while (await reader.ReadAsync(ct))
            {
                problems.Add(new DatasetProblem(
                    reference.Table.Table, null, reader.GetString(0), reference.Column, reader.GetString(1), message));
            }
            await reader.NextResultAsync(ct);
        }

        while (await reader.ReadAsync(ct))
        {
            var expected = reader.GetInt32(1);
            var actual = reader.GetInt64(2);
            problems.Add(new DatasetProblem(
                communities, null, reader.GetString(0), "population", expected.ToString(CultureInfo.InvariantCulture),
                CrossLayerChecker.ResidentsMismatch(population, actual, expected)));
        }
        return problems;
    }
}
