using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.PostGis.Tiles;
using Spectre.Console;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang tiles export --layers a,b --zoom 10-17 --out FILE.mbtiles [--force]</c>: the layers' vector tiles as an
/// MBTiles archive (<see cref="MbTilesExport"/>), made by the tile source the server uses for the chosen store
/// (embedded: <see cref="InMemoryTileSource"/>; PostGIS: <see cref="PostGisTileSource"/>), with a progress bar on
/// stderr and one line on stdout at the end. The zooms and the file are checked before the store is opened, the
/// layers against the store's; a bad argument exits 2 and writes nothing.
/// </summary>
internal static class TilesCommand
{
    /// <summary>The exit code after Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>The zooms exported when <c>--zoom</c> is not given.</summary>
    public const string DefaultZooms = "10-16";

    public static Command Create(CliContext context)
    {
        var tiles = new Command("tiles", "Vector tiles of the layers, as the server serves them.");
        tiles.Subcommands.Add(CreateExport(context));
        return tiles;
    }

    private static Command CreateExport(CliContext context)
    {
        var layers = new Option<string?>("--layers") { Description = "Comma-separated layers, each at most once (default: every layer of the data)." };
        var zoom = new Option<string>("--zoom")
        {
            Description = $"Zooms: FROM-TO or one zoom, each 0–{VectorTileGrid.MaxZoom} (default {DefaultZooms}).",
            DefaultValueFactory = _ => DefaultZooms,
        };
        var output = new Option<string>("--out") { Description = "The archive to write: FILE.mbtiles (MBTiles 1.3).", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists." };
        var command = new Command("export", "Write the layers' vector tiles to an MBTiles archive, for offline use and static hosting.");
        command.Options.Add(layers);
        command.Options.Add(zoom);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (minZoom, maxZoom) = ParseZooms(parse.GetValue(zoom)!);
            var target = CheckTarget(parse.GetValue(output)!, parse.GetValue(force));
            var store = await context.OpenStoreAsync(parse, ct);
            IVectorTileSource source = store switch
            {
                InMemorySpatialStore memory => new InMemoryTileSource(memory),
                PostGisSpatialStore postGis => new PostGisTileSource(postGis.DataSource),
                _ => throw new InvalidOperationException($"no tile source for {store.GetType().Name}"),
            };
            var state = await source.GetStateAsync(ct);
            var names = ParseLayers(parse.GetValue(layers), state);
            var request = new TileExportRequest(names, minZoom, maxZoom);
            TileExportResult result;
            // Ctrl-C or SIGTERM cancels the export, which deletes its temporary file; a second signal ends the process.
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(ct);
            void Interrupt(PosixSignalContext signal)
            {
                if (!interrupted.IsCancellationRequested)
                {
                    signal.Cancel = true;
                    interrupted.Cancel();
                }
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
            try
            {
                result = await ExportWithProgressAsync(context, source, request, target, parse.GetValue(force), interrupted.Token);
            }
            catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync($"huayang: cancelled; {target} was not written");
                return Cancelled;
            }
            catch (IOException e)
            {
                // The file system refused (full, read-only, the file appeared meanwhile): the arguments were fine.
                await context.Error.WriteLineAsync($"huayang: {target} was not written: {e.Message}");
                return HuayangCli.DataProblems;
            }
            var seconds = result.Elapsed.TotalSeconds;
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{target}: {result.Written:N0} tiles written of {result.Candidates:N0} candidates ({result.Built:N0} built; z{Zooms(minZoom, maxZoom)}; "
                + $"{string.Join(",", names)}), {result.FileBytes:N0} bytes, {seconds:0.0} s ({(seconds > 0 ? result.Written / seconds : 0):N0} tiles/s)"));
            return HuayangCli.Success;
        }));
        return command;
    }

    /// <summary><c>FROM-TO</c> or one zoom, each 0 to <see cref="VectorTileGrid.MaxZoom"/>, FROM not above TO.</summary>
    /// <exception cref="UsageException">Anything else, naming <c>--zoom</c> and the value.</exception>
    internal static (int Min, int Max) ParseZooms(string text)
    {
        var allowed = $"FROM-TO or one zoom, integers 0–{VectorTileGrid.MaxZoom} with FROM ≤ TO, e.g. {DefaultZooms}";
        var parts = text.Split('-');
        if (parts.Length > 2 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new UsageException($"--zoom: \"{text}\" is not {allowed}");
        }
        var min = int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        var max = int.Parse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture);
        if (min > VectorTileGrid.MaxZoom || max > VectorTileGrid.MaxZoom)
        {
            throw new UsageException($"--zoom: \"{text}\" is outside 0–{VectorTileGrid.MaxZoom}; expected {allowed}");
        }
        if (min > max)
        {
            throw new UsageException($"--zoom: \"{text}\" is reversed (from {min} to {max}); expected {allowed}");
        }
        return (min, max);
    }

    /// <summary>The archive's full path: an <c>.mbtiles</c> file in an existing directory, not there yet unless <c>--force</c>.</summary>
    /// <exception cref="UsageException">Any other, naming <c>--out</c> (or <c>--force</c>) and the value.</exception>
    internal static string CheckTarget(string path, bool force)
    {
        var extension = Path.GetExtension(path);
        if (string.Equals(extension, ".pmtiles", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--out: \"{path}\": PMTiles (.pmtiles) is not supported yet; write an .mbtiles file");
        }
        if (!string.Equals(extension, ".mbtiles", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--out: \"{path}\" does not end in .mbtiles (the one archive format written)");
        }
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"--out: the directory \"{directory}\" of \"{path}\" does not exist");
        }
        if (Directory.Exists(full))
        {
            throw new UsageException($"--out: \"{path}\" is a directory");
        }
        if (File.Exists(full) && !force)
        {
            throw new UsageException($"--out: \"{path}\" exists; give --force to replace it");
        }
        return full;
    }

    /// <summary>The asked layers (each known, none empty or twice), or every layer of the data when none is asked.</summary>
    private static IReadOnlyList<string> ParseLayers(string? text, TileSetState state)
    {
        if (text is null)
        {
            return state.Layers.Names;
        }
        var allowed = $"comma-separated names from: {string.Join(", ", state.Layers.Names)}, each at most once";
        var names = text.Split(',');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name.Length == 0 || !seen.Add(name))
            {
                throw new UsageException($"--layers: \"{text}\" names a layer twice or an empty one; expected {allowed}");
            }
            if (!state.Layers.Contains(name))
            {
                throw new UsageException($"--layers: there is no layer \"{name}\"; expected {allowed}");
            }
        }
        return names;
    }

    private static string Zooms(int min, int max) =>
        min == max ? min.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{min}–{max}");

    private static async Task<TileExportResult> ExportWithProgressAsync(
        CliContext context, IVectorTileSource source, TileExportRequest request, string target, bool force, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        var interactive = context.Error == Console.Error && !Console.IsErrorRedirected && console.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return await MbTilesExport.WriteAsync(source, request, target, force, new PlainLines(context.Error), ct);
        }
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"tiles z{Zooms(request.MinZoom, request.MaxZoom)}", maxValue: 1);
                return await MbTilesExport.WriteAsync(source, request, target, force, new Bar(task), ct);
            });
    }

    /// <summary>Moves the bar: candidates dealt with of all.</summary>
    private sealed class Bar(ProgressTask task) : IProgress<TileExportProgress>
    {
        public void Report(TileExportProgress value)
        {
            task.MaxValue = Math.Max(1, value.Candidates);
            task.Value = value.Candidates == 0 ? task.MaxValue : value.Done;
            task.Description = string.Create(CultureInfo.InvariantCulture, $"tiles: {value.Written:N0} written");
        }
    }

    /// <summary>Without a terminal: a line at each further tenth of the candidates.</summary>
    private sealed class PlainLines(TextWriter error) : IProgress<TileExportProgress>
    {
        private long _lastTenth = -1;

        public void Report(TileExportProgress value)
        {
            var tenth = value.Candidates == 0 ? 10 : value.Done * 10 / value.Candidates;
            if (tenth > _lastTenth)
            {
                _lastTenth = tenth;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"tiles: {tenth * 10}% ({value.Done:N0} of {value.Candidates:N0} candidates, {value.Written:N0} written)"));
            }
        }
    }
}
