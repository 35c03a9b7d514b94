using System.CommandLine;
using System.Text.Json;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Store;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang restore COLLECTION FEATURE_ID [--seq N] [--as NAME]</c>: puts a feature back as its history recorded it (a
/// deleted feature as it was before the delete), checked as an edit is checked, and kept in the history as a restore.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(CliContext context)
    {
        var collection = new Argument<string>("collection") { Description = "the editable collection (sites, plan)" };
        var featureId = new Argument<string>("feature-id") { Description = "the feature's id" };
        var seq = new Option<long?>("--seq") { Description = "the history entry to restore (default: the latest that records a state; `GET …/items/{id}/history` lists them)" };
        var keyName = new Option<string>("--as") { Description = "the name kept in the history for this change (default: cli)", DefaultValueFactory = _ => "cli" };
        var command = new Command("restore", "Put a feature back from its history on the PostGIS store (undo a delete or a change); the restore is itself kept in the history.");
        command.Arguments.Add(collection);
        command.Arguments.Add(featureId);
        command.Options.Add(seq);
        command.Options.Add(keyName);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var who = parse.GetValue(keyName)!;
            if (!EditKeys.IsValidName(who))
            {
                throw new UsageException($"--as \"{who}\": use 1 to 64 letters, digits, '-', '_' or '.'");
            }

            var connectionString = DatabaseAccess.RequireConnectionString(context, parse);
            return await DatabaseAccess.RunAsync(context, connectionString, "nothing was changed", async () =>
            {
                await using var dataSource = DatabaseAccess.Open(connectionString);
                var store = await PostGisSpatialStore.OpenAsync(dataSource, ct);
                return await RestoreAsync(context, store, parse.GetValue(collection)!, parse.GetValue(featureId)!, parse.GetValue(seq), who, ct);
            });
        }));
        return command;
    }

    private static async Task<int> RestoreAsync(
        CliContext context, PostGisSpatialStore store, string collection, string id, long? seq, string who, CancellationToken ct)
    {
        var state = await store.GetStateAsync(ct);
        if (state.Layers.Find(collection) is not { Editable: true } layer)
        {
            var editable = string.Join(", ", state.Layers.All.Where(l => l.Editable).Select(l => l.Name));
            throw new UsageException($"collection \"{collection}\": not an editable collection (editable: {editable})");
        }

        var history = await store.HistoryAsync(layer.Name, id, ct);
        var (entry, body, refusal) = HistoryRestore.Choose(history, layer.Name, id, seq);
        if (body is null)
        {
            await context.Error.WriteLineAsync($"huayang: {refusal}; nothing was changed");
            return HuayangCli.DataProblems;
        }

        var categories = state.LifeCircles.Categories.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(body);
        var read = FeatureBody.Read(layer, document.RootElement, CrsId.Crs84, categories);
        if (read.Feature is null)
        {
            foreach (var problem in read.Problems)
            {
                await context.Error.WriteLineAsync($"huayang: history entry {entry!.Seq}: {problem}");
            }
            await context.Error.WriteLineAsync("huayang: the recorded state no longer passes the layer's checks; nothing was changed");
            return HuayangCli.DataProblems;
        }

        // The version read now guards the write: a change made meanwhile by someone else refuses the restore.
        var current = await store.VersionAsync(layer.Name, id, ct);
        var result = await store.EditAsync(new FeatureEdit(layer.Name, id, EditOperation.Restore, read.Feature, current, who), ct);
        switch (result.Status)
        {
            case EditStatus.Done:
                await context.Output.WriteLineAsync(
                    $"restored {layer.Name}/{id} from history entry {entry!.Seq} ({entry.Operation} by {entry.KeyName} at {entry.At:u}); "
                    + $"{(current is null ? "it had been deleted and exists again" : "it replaced the current state")}; version {result.ETag}, history entry {result.HistorySeq}");
                return HuayangCli.Success;
            case EditStatus.VersionMismatch:
                await context.Error.WriteLineAsync($"huayang: {layer.Name}/{id} changed while restoring (now {result.ETag}); nothing was changed, run it again");
                return HuayangCli.DataProblems;
            default:
                foreach (var problem in result.Problems)
                {
                    await context.Error.WriteLineAsync($"huayang: {problem}");
                }
                await context.Error.WriteLineAsync($"huayang: {layer.Name}/{id} cannot be restored ({result.Status}); nothing was changed");
                return HuayangCli.DataProblems;
        }
    }
}
