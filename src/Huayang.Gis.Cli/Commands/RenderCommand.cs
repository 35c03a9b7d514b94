using System.CommandLine;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Rendering;
using Huayang.Gis.Rendering.Text;

namespace Huayang.Gis.Cli.Commands;

/// <summary><c>huayang render</c>: a map picture (PNG) of the layers, for a planning report.</summary>
internal static class RenderCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "The PNG file to write.", Required = true };
        var bbox = new Option<string?>("--bbox")
        {
            Description = "minlon,minlat,maxlon,maxlat in WGS84 degrees (default: the data's extent with a margin); at least about 1 cm per pixel.",
        };
        var pixels = $"an integer from 1 to {MapRequest.MaxSize} pixels";
        var width = NumberOptions.Int("--width", $"Width in pixels (1–{MapRequest.MaxSize}).", pixels + " (default 1600)", 1, MapRequest.MaxSize, 1600);
        var height = NumberOptions.Int("--height", $"Height in pixels (1–{MapRequest.MaxSize}).", pixels + " (default 1200)", 1, MapRequest.MaxSize, 1200);
        var layers = new Option<string>("--layers")
        {
            Description = $"Comma-separated layers, drawn in a fixed order: {string.Join(",", MapLayers.All)} and the drawable layers the data declares (default: all of them).",
        };
        var theme = new Option<string?>("--theme") { Description = "coverage: colour communities by the share of residents covered." };
        theme.AcceptOnlyFromAmong("coverage");
        var category = new Option<string?>("--category") { Description = "Site category of the coverage theme, e.g. kindergarten." };
        var level = new Option<string?>("--level") { Description = "Life-circle level of the coverage theme: 5min, 10min or 15min." };
        var status = new Option<string?>("--status")
        {
            Description = "Which sites count for the coverage theme: all (existing and planned, default), existing, planned.",
        };
        var fillBy = new Option<string?>("--fill-by") { Description = "A numeric community attribute to colour by, e.g. population." };
        var title = new Option<string?>("--title") { Description = "The picture's title." };
        var crs = new Option<string>("--crs") { Description = "EPSG:3857 (default), EPSG:4326 or EPSG:4544.", DefaultValueFactory = _ => "EPSG:3857" };

        var command = new Command("render", "Draw a map picture (PNG): communities, plan, sites, water, roads, optional coverage theme.");
        foreach (var option in new Option[] { output, bbox, width, height, layers, theme, category, level, status, fillBy, title, crs })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var size = (W: parse.GetValue(width), H: parse.GetValue(height));
            if (!CrsId.TryParse(parse.GetValue(crs)!, out var target) || !MapLayers.Crss.Contains(target))
            {
                throw new UsageException($"--crs: \"{parse.GetValue(crs)}\" is not supported; allowed: {string.Join(", ", MapLayers.Crss.Select(c => c.Code))}");
            }
            var box = parse.GetValue(bbox) is { } boxText
                ? BoxText.ParseLonLat(boxText) ?? throw new UsageException(
                    $"--bbox: \"{boxText}\" is not minlon,minlat,maxlon,maxlat (WGS84 degrees, min < max), e.g. 104.00,30.45,104.10,30.55")
                : null;
            if (box is not null && MapLimits.LonLatProblem(box, target) is { } outside)
            {
                throw new UsageException($"--bbox: \"{parse.GetValue(bbox)}\": {outside}");
            }
            CoverageTheme? coverage = null;
            if (parse.GetValue(theme) is not null)
            {
                var categoryId = parse.GetValue(category) ?? throw new UsageException("--theme coverage needs --category (e.g. kindergarten)");
                var levelId = parse.GetValue(level) ?? throw new UsageException("--theme coverage needs --level (5min, 10min or 15min)");
                CliContext.Check(AnalysisParameters.Status(parse.GetValue(status), out var statusFilter));
                coverage = new CoverageTheme(categoryId, levelId, statusFilter);
            }
            else if (parse.GetValue(category) is not null || parse.GetValue(level) is not null || parse.GetValue(status) is not null)
            {
                throw new UsageException("--category, --level and --status belong to --theme coverage");
            }

            var store = await context.OpenStoreAsync(parse, ct);
            var state = await store.GetStateAsync(ct);
            var lifeCircles = state.LifeCircles;
            var names = parse.GetValue(layers) is { } layersText
                ? MapLayers.Parse(layersText, state.Layers, out var bad) ?? throw new UsageException(
                    $"--layers: \"{bad}\" is unknown or repeated; allowed: {string.Join(", ", MapLayers.Of(state.Layers))}")
                : MapLayers.Of(state.Layers);
            if (coverage is not null)
            {
                CliContext.CheckCategory(lifeCircles, coverage.Category);
                CliContext.CheckLevel(lifeCircles, coverage.Level);
            }
            var data = await MapSource.LoadAsync(store, box, MapLayers.InDrawingOrder(names, state.Layers), coverage, ct);
            box ??= MapExtent.ForReport(MapExtent.OfData(data, names)
                ?? throw new UsageException("--bbox: the layers are empty, so there is no extent to draw; give --bbox"));
            var fitted = MapExtent.Fit(box, target, size.W, size.H);
            if (MapLimits.Problem(fitted, target, size.W, size.H) is { } problem)
            {
                throw new UsageException($"--bbox: {problem} (the box is fitted to the picture's shape in {target.Code} first)");
            }
            var request = new MapRequest
            {
                Bbox = fitted,
                Crs = target,
                Width = size.W,
                Height = size.H,
                Layers = MapLayers.InDrawingOrder(names, state.Layers),
                Title = parse.GetValue(title),
                FillBy = parse.GetValue(fillBy),
            };
            byte[] png;
            try
            {
                png = MapRenderer.CreateDefault().RenderPng(request, data, ct);
            }
            catch (MissingFontException e)
            {
                await context.Error.WriteLineAsync($"huayang: {e.Message}");
                return HuayangCli.DataProblems;
            }
            catch (ArgumentException e) when (request.FillBy is not null)
            {
                throw new UsageException($"--fill-by: {e.Message}");
            }
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var directory = Path.GetDirectoryName(path);
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new UsageException($"--out: directory \"{directory}\" does not exist");
            }
            await File.WriteAllBytesAsync(path, png, ct);
            await context.Output.WriteLineAsync($"wrote {path} ({size.W}×{size.H}, {png.Length:N0} bytes, {target.Code})");
            return HuayangCli.Success;
        }));
        return command;
    }
}
