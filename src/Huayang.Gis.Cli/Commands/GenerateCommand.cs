using System.CommandLine;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Synthetic;
using Spectre.Console;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang generate --out DIR [--scale N]</c>: writes the illustrative Huayang dataset (scale 1 is the
/// bundled one) or a larger Huayang-like one for benchmarks.
/// </summary>
internal static class GenerateCommand
{
    public const int MaxScale = 1000;

    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Directory to write the dataset into (created if missing).", Required = true };
        var scale = new Option<int>("--scale") { Description = $"Population cells and everyday sites multiplied by N (1–{MaxScale}).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed writes the same files.", DefaultValueFactory = _ => 2019 };
        var command = new Command("generate", "Write the illustrative Huayang dataset, or an N-times larger one for benchmarks.");
        command.Options.Add(output);
        command.Options.Add(scale);
        command.Options.Add(seed);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var n = parse.GetValue(scale);
            if (n is < 1 or > MaxScale)
            {
                throw new UsageException($"--scale: {n} is out of range; allowed 1–{MaxScale}");
            }
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(directory);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
            console.Status().Start($"Generating Huayang dataset ×{n}…", status =>
            {
                var progress = new SynchronousProgress(message =>
                {
                    status.Status(Markup.Escape(message));
                    if (!console.Profile.Capabilities.Interactive)
                    {
                        console.WriteLine(message);
                    }
                });
                HuayangDatasetGenerator.WriteTo(directory, n, parse.GetValue(seed), progress);
            });
            var lifeCircles = Path.Combine(directory, Layers.LifeCirclesFile);
            var bundled = Path.Combine(CliContext.BundledDataDirectory, Layers.LifeCirclesFile);
            if (!File.Exists(lifeCircles) && File.Exists(bundled))
            {
                File.Copy(bundled, lifeCircles);
            }
            await context.Output.WriteLineAsync($"wrote {directory}");
            return HuayangCli.Success;
        }));
        return command;
    }

    /// <summary>Reports on the calling thread (System.Progress would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
