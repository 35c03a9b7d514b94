using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Synthetic;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang generate --out DIR [--scale N] [--copies K]</c>: writes the illustrative Huayang dataset (scale 1 is the
/// bundled one) or a larger Huayang-like one for benchmarks: a finer population grid (N) or a city of K streets.
/// </summary>
internal static class GenerateCommand
{
    public const int MaxScale = 1000;

    /// <summary>The most copies of the street: 100 make a city of 44 million residents.</summary>
    public const int MaxCopies = 100;

    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Directory to write the dataset into (created if missing).", Required = true };
        var scale = NumberOptions.Int("--scale", $"Population cells and everyday sites multiplied by N (1–{MaxScale}).",
            $"an integer from 1 to {MaxScale} (default 1)", 1, MaxScale, 1);
        var seed = NumberOptions.Int("--seed", "Random seed; the same seed writes the same files.",
            "an integer (default 2019)", int.MinValue, int.MaxValue, 2019);
        var copies = NumberOptions.Int("--copies",
            $"Copies of the street side by side, a city of K × its residents, walkways and sites (1–{MaxCopies}).",
            $"an integer from 1 to {MaxCopies} (default 1)", 1, MaxCopies, 1);
        var command = new Command("generate", "Write the illustrative Huayang dataset, or an N-times larger one for benchmarks.");
        command.Options.Add(output);
        command.Options.Add(scale);
        command.Options.Add(seed);
        command.Options.Add(copies);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var n = parse.GetValue(scale);
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var clock = Stopwatch.StartNew();
            var progress = new SynchronousProgress(message =>
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{clock.Elapsed.TotalSeconds,6:F1} s] {message}")));
            context.Error.WriteLine($"generating the Huayang dataset ×{n} into {directory}");
            try
            {
                Directory.CreateDirectory(directory);
                HuayangDatasetGenerator.WriteTo(directory, n, parse.GetValue(seed), progress, parse.GetValue(copies));
                var lifeCircles = Path.Combine(directory, Layers.LifeCirclesFile);
                var bundled = Path.Combine(CliContext.BundledDataDirectory, Layers.LifeCirclesFile);
                if (!File.Exists(lifeCircles) && File.Exists(bundled))
                {
                    File.Copy(bundled, lifeCircles);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One line, never a stack trace: a failure here is a generator bug or an unwritable directory.
                var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
                var kind = e is IOException or UnauthorizedAccessException or InvalidOperationException ? "" : e.GetType().Name + ": ";
                await context.Error.WriteLineAsync($"huayang: generate ×{n} failed: {kind}{message}");
                return HuayangCli.DataProblems;
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
