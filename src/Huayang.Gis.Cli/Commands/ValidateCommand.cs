using System.CommandLine;
using Huayang.Gis.Core.IO;

namespace Huayang.Gis.Cli.Commands;

/// <summary><c>huayang validate &lt;dir-or-file&gt;</c>: every problem in a dataset, exit code 1 if any.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path")
        {
            Description = "A dataset directory or GeoPackage, or one layer file such as sites.geojson, sites.csv, sites.shp.",
        };
        var command = new Command("validate", "Check a dataset (or one layer file) and print every problem.");
        command.Arguments.Add(path);
        command.Options.Add(context.FromCrsOption);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var target = parse.GetValue(path)!;
            if (!Directory.Exists(target) && !File.Exists(target))
            {
                throw new UsageException($"path: \"{target}\" is neither a directory nor a file");
            }
            var problems = DatasetReader.Validate(target, context.ReadOptions(parse));
            foreach (var problem in problems)
            {
                await context.Output.WriteLineAsync(problem.ToString());
            }
            await context.Output.WriteLineAsync(problems.Count == 0
                ? $"{target}: no problems found"
                : $"{target}: {problems.Count} problem(s)");
            return problems.Count == 0 ? HuayangCli.Success : HuayangCli.DataProblems;
        }));
        return command;
    }
}
