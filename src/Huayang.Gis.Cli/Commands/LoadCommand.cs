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

            var dataset = DatasetReader.Read(target, readOptions);
            var options = new LoadOptions(parse.GetValue(replace), Path.GetFullPath(target), DatasetChecksum.Compute(target));
            return await DatabaseAccess.RunAsync(context, connectionString, "nothing was loaded", async () =>
            {
                await using var dataSource = DatabaseAccess.Open(connectionString);
                LoadResult result;
                try
                {
                    result = await LoadWithProgressAsync(context, dataSource, dataset, options, ct);
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

    private static async Task<LoadResult> LoadWithProgressAsync(
        CliContext context, Npgsql.NpgsqlDataSource dataSource, Dataset dataset, LoadOptions options, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        var interactive = context.Error == Console.Error && !Console.IsErrorRedirected && console.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return await PostGisLoader.LoadAsync(dataSource, dataset, options, new PlainLines(context.Error), ct);
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
                return await PostGisLoader.LoadAsync(dataSource, dataset, options, new Bars(tasks), ct);
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
