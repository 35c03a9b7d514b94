using System.CommandLine;
using System.Globalization;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.PostGis;
using Spectre.Console;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang load &lt;dir-or-file&gt; [--pg conn] [--replace] [--from-crs crs]</c>: validates a dataset, then
/// loads it into PostGIS in one transaction, with a progress bar per layer on stderr. When the tables as loaded
/// would break a cross-layer rule (see <see cref="LoadCheckException"/>), every problem is printed and the exit
/// code is 1, as for a dataset that does not validate.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path")
        {
            Description = "The dataset: a directory of layer files (GeoJSON, GeoPackage, Shapefile, CSV) or one GeoPackage.",
        };
        var replace = new Option<bool>("--replace")
        {
            Description = "Each layer replaces its table's content (default: merge by id, keeping other rows).",
        };
        var command = new Command("load", "Validate a dataset and load it into PostGIS, all or nothing.");
        command.Arguments.Add(path);
        command.Options.Add(replace);
        command.Options.Add(context.FromCrsOption);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var connectionString = DatabaseAccess.RequireConnectionString(context, parse);
            var readOptions = context.ReadOptions(parse);
            var target = parse.GetValue(path)!;
            if (!Directory.Exists(target) && !File.Exists(target))
            {
                throw new UsageException($"path: \"{target}\" is neither a directory nor a file");
            }

            LoadTimings.Mark("process start to load command");
            using var withoutCollections = LoadWithoutCollections.Begin(target);
            // The database work that needs no data (connecting, the lock, any missing migration: a LoadSession) and
            // the input's checksum run while the files are read and validated; when they do not validate, the
            // session is rolled back unseen and the problems are what is reported, as before.
            UsageException? badConnectionString = null;
            Npgsql.NpgsqlDataSource? dataSource = null;
            try
            {
                dataSource = DatabaseAccess.Open(connectionString);
            }
            catch (UsageException e)
            {
                badConnectionString = e;
            }

            await using var ownedDataSource = dataSource;
            var session = dataSource is null ? null : Task.Run(() => LoadSession.BeginAsync(dataSource, ct), ct);
            var checksum = Task.Run(() => DatasetChecksum.Compute(target), ct);
            Dataset dataset;
            try
            {
                dataset = DatasetReader.Read(target, readOptions);
                LoadTimings.Mark("read+validate");
                await checksum;
            }
            catch
            {
                await DiscardAsync(session);
                throw;
            }

            LoadTimings.Mark("checksum (wait)");
            if (badConnectionString is not null)
            {
                throw badConnectionString;
            }

            var options = new LoadOptions(parse.GetValue(replace), Path.GetFullPath(target), await checksum);
            return await DatabaseAccess.RunAsync(context, connectionString, "nothing was loaded", async () =>
            {
                await using var begun = await session!;
                LoadTimings.Mark("session (wait)");
                LoadResult result;
                try
                {
                    result = await LoadWithProgressAsync(context, begun, dataset, options, ct);
                }
                catch (LoadCheckException e)
                {
                    // Every problem, one a line, as huayang validate prints them.
                    await context.Error.WriteLineAsync($"huayang: {LoadCheckException.Summary(e.DatasetSource, e.Problems.Count)}:");
                    foreach (var problem in e.Problems)
                    {
                        await context.Error.WriteLineAsync($"  {problem}");
                    }
                    return HuayangCli.DataProblems;
                }
                foreach (var (layer, count) in result.FeatureCounts)
                {
                    await context.Output.WriteLineAsync(
                        string.Create(CultureInfo.InvariantCulture, $"{layer,-12} {count,9:N0} features"));
                }
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"dataset version {result.Version} ({(options.Replace ? "replaced" : "merged")}, sha256 {options.Checksum[..12]}…)"));
                return HuayangCli.Success;
            });
        }));
        return command;
    }

    /// <summary>Rolls back a session begun for a dataset that did not validate; its own failure is not the news.</summary>
    private static async Task DiscardAsync(Task<LoadSession>? session)
    {
        if (session is null)
        {
            return;
        }

        try
        {
            await using var begun = await session;
        }
        catch (Exception)
        {
            // The database could not be reached (or the load was cancelled): the dataset's problems are reported.
        }
    }

    private static async Task<LoadResult> LoadWithProgressAsync(
        CliContext context, LoadSession session, Dataset dataset, LoadOptions options, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        var interactive = context.Error == Console.Error && !Console.IsErrorRedirected && console.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return await session.LoadAsync(dataset, options, new PlainLines(context.Error), ct);
        }

        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var tasks = dataset.Registry.Names.Where(dataset.Layers.ContainsKey).ToDictionary(
                    layer => layer,
                    layer => progress.AddTask(layer, autoStart: false, maxValue: Math.Max(1, dataset.Layers[layer].Count)),
                    StringComparer.Ordinal);
                return await session.LoadAsync(dataset, options, new Bars(tasks), ct);
            });
    }

    /// <summary>Moves the layer's bar; called on the loading thread.</summary>
    private sealed class Bars(IReadOnlyDictionary<string, ProgressTask> tasks) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value)
        {
            var task = tasks[value.Layer];
            task.StartTask();
            task.Value = value.RowsTotal == 0 ? task.MaxValue : value.RowsWritten;
        }
    }

    /// <summary>Without a terminal: a line when a layer starts, at each further tenth, and when it is done.</summary>
    private sealed class PlainLines(TextWriter error) : IProgress<LoadProgress>
    {
        private string? _layer;
        private long _lastTenth;

        public void Report(LoadProgress value)
        {
            if (value.Layer != _layer)
            {
                _layer = value.Layer;
                _lastTenth = 0;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loading {value.Layer}: {value.RowsTotal:N0} features"));
                return;
            }
            var tenth = value.RowsTotal == 0 ? 10 : value.RowsWritten * 10 / value.RowsTotal;
            if (tenth > _lastTenth)
            {
                _lastTenth = tenth;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"loading {value.Layer}: {value.RowsWritten:N0} of {value.RowsTotal:N0}{(tenth == 10 ? ", done" : "")}"));
            }
        }
    }
}
