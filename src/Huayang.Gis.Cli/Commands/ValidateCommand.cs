using System.CommandLine;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using System.Globalization;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang validate &lt;dir-or-file&gt;</c>: every problem in a dataset, exit code 1 if any. One layer file is checked as
/// that layer of a dataset (the file's own directory when it holds <c>life-circles.json</c>, else <c>--data</c>, else the
/// bundled data), so it gets the directory's checks: references, categories, residents.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path")
        {
            Description = "A dataset directory or GeoPackage, or one layer file of any name (my-sites.geojson, sites.csv, sites.shp, …).",
        };
        var layer = new Option<string?>("--layer")
        {
            Description = "The layer a single file holds (default: the file name without .geojson/.gpkg/.shp/.csv, e.g. sites).",
        };
        var command = new Command("validate",
            "Check a dataset, or one layer file against the other layers of a dataset, and print every problem.");
        command.Arguments.Add(path);
        command.Options.Add(layer);
        command.Options.Add(context.FromCrsOption);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var target = parse.GetValue(path)!;
            if (!Directory.Exists(target) && !File.Exists(target))
            {
                throw new UsageException($"path: \"{target}\" is neither a directory nor a file");
            }
            var options = context.ReadOptions(parse);
            var problems = Directory.Exists(target) || IsWholeFile(target, parse.GetValue(layer))
                ? DatasetReader.Validate(target, options)
                : await ValidateLayerFileAsync(context, parse, target, parse.GetValue(layer), options);
            foreach (var problem in problems)
            {
                await context.Output.WriteLineAsync(problem.ToString());
            }
            var warnings = problems.Count == 0 && (Directory.Exists(target) || IsWholeFile(target, parse.GetValue(layer)))
                && Path.GetFileName(target) != Layers.LifeCirclesFile
                ? CrossingWarnings(DatasetReader.Read(target, options))
                : [];
            foreach (var warning in warnings)
            {
                await context.Output.WriteLineAsync(warning);
            }
            await context.Output.WriteLineAsync(problems.Count == 0
                ? $"{target}: no problems found" + (warnings.Count == 0 ? "" : $", {warnings.Count} warning(s)")
                : $"{target}: {problems.Count} problem(s)");
            return problems.Count == 0 ? HuayangCli.Success : HuayangCli.DataProblems;
        }));
        return command;
    }

    /// <summary>
    /// Walkways that cross where neither has a vertex: the walking network does not connect them there. Right for a bridge
    /// over a path, wrong for a junction whose vertex is missing, so it is a warning, not a problem.
    /// </summary>
    private static List<string> CrossingWarnings(Dataset dataset)
    {
        const int Shown = 50;
        var crossings = NetworkCrossings.Find(dataset.Layers.GetValueOrDefault(Layers.Walkways) ?? [], Shown + 1);
        var warnings = crossings.Take(Shown).Select(c =>
            $"warning: {Layers.Walkways}: feature #{c.FirstIndex} (id \"{c.FirstId}\") and feature #{c.SecondIndex} (id \"{c.SecondId}\") "
            + $"cross at ({Degrees(c.Position.X)}, {Degrees(c.Position.Y)}) without a shared vertex, so walking does not connect "
            + "them there (right for a bridge over a path; otherwise give both lines a vertex there)").ToList();
        if (crossings.Count > Shown)
        {
            warnings.Add($"warning: {Layers.Walkways}: more crossings without a shared vertex; the first {Shown} are shown");
        }

        return warnings;

        static string Degrees(double value) => value.ToString("0.0000000", CultureInfo.InvariantCulture);
    }

    /// <summary>A file checked on its own: <c>life-circles.json</c>, or a GeoPackage whose name is no layer's (a whole dataset).</summary>
    private static bool IsWholeFile(string file, string? layer)
    {
        var name = Path.GetFileName(file);
        return name == Layers.LifeCirclesFile
            || (layer is null && name.EndsWith(".gpkg", StringComparison.Ordinal) && LayerName(name) is null);
    }

    private static async Task<IReadOnlyList<DatasetProblem>> ValidateLayerFileAsync(
        CliContext context, ParseResult parse, string file, string? layer, DatasetReadOptions options)
    {
        var name = layer ?? LayerName(Path.GetFileName(file)) ?? throw new UsageException(
            $"--layer: \"{Path.GetFileName(file)}\" is not named like a layer; say which layer it holds with --layer "
            + $"(one of: {string.Join(", ", LayerRegistry.BuiltIn.Names)}, or a layer the dataset's layers.json declares)");
        var own = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var (dataset, why) = File.Exists(Path.Combine(own, Layers.LifeCirclesFile))
            ? (own, "the file's directory")
            : parse.GetValue(context.DataOption) is { } data
                ? (data, "--data")
                : (CliContext.BundledDataDirectory, "the bundled data");
        if (!Directory.Exists(dataset))
        {
            throw new UsageException($"--data: directory \"{dataset}\" does not exist");
        }
        await context.Error.WriteLineAsync(
            $"huayang: checking {Path.GetFileName(file)} as the layer {name} of the dataset in {Path.GetFullPath(dataset)} ({why}), against its other layers and {Layers.LifeCirclesFile}");
        return DatasetReader.ValidateLayer(file, name, dataset, options);
    }

    /// <summary>The built-in layer a file is named after (<c>sites.csv</c> → sites), or null.</summary>
    private static string? LayerName(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        var stem = dot < 0 ? fileName : fileName[..dot];
        return LayerRegistry.BuiltIn.Names.Contains(stem, StringComparer.Ordinal) ? stem : null;
    }
}
