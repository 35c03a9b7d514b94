using Huayang.Gis.Core.Store;
using Huayang.Gis.Rendering;
using Huayang.Gis.Rendering.Text;
using System.CommandLine;
using System.Globalization;
using Huayang.Gis.Cli.Output;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Spectre.Console;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang compliance</c>: for each community and level, the categories GB 50180 requires that its residents can
/// reach, those missing, the residents without each and the distance to the nearest — as a table, JSON, CSV or an HTML
/// report (the same as <c>GET /analysis/compliance</c>).
/// </summary>
internal static class ComplianceCommand
{
    public static Command Create(CliContext context)
    {
        var level = new Option<string?>("--level") { Description = "One life-circle level (default: every level)." };
        var method = new Option<string?>("--method") { Description = "network (walking, default) or buffer (straight line)." };
        var status = new Option<string?>("--status") { Description = "Which sites count: existing (default), all, planned." };
        var threshold = new Option<string?>("--threshold")
        {
            Description = "A category is met when at least this share of a community's residents reach a site (default 0.5).",
        };
        var offNetwork = new Option<string?>("--off-network-m") { Description = "Network method: the off-network limit in metres (default 250)." };
        string[] formats = ["table", "json", "csv", "html"];
        var format = QueryCommands.FormatOption(formats);
        var command = new Command("compliance",
            "Life-circle compliance: per community and level, the required categories reached and missing.");
        foreach (var option in new Option[] { level, method, status, threshold, offNetwork, format, context.FromCrsOption })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var formatId = QueryCommands.ReadFormat(parse, format, formats);
            CliContext.Check(AnalysisParameters.Method(parse.GetValue(method) ?? "network", out var methodId));
            CliContext.Check(AnalysisParameters.Status(parse.GetValue(status) ?? "existing", out var statusFilter));
            CliContext.Check(AnalysisParameters.Threshold(parse.GetValue(threshold), out var share));
            CliContext.Check(AnalysisParameters.OffNetworkLimit(parse.GetValue(offNetwork), out var limit));
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            LifeCircleLevel[] levels = parse.GetValue(level) is { } id ? [CliContext.CheckLevel(lifeCircles, id)] : [];
            var report = await ComplianceCalculator.ComputeAsync(
                store, new ComplianceRequest(levels, methodId, statusFilter, share) { OffNetworkLimitM = limit }, ct);
            switch (formatId)
            {
                case "json":
                    await context.Output.WriteLineAsync(ComplianceOutput.Json(report).ToJsonString(AnalysisJson.Options));
                    break;
                case "csv":
                    await context.Output.WriteAsync(ComplianceOutput.Csv(report));
                    break;
                case "html":
                    await context.Output.WriteAsync(ComplianceOutput.Html(report, await PicturesAsync(context, store, report, ct)));
                    break;
                default:
                    WriteTable(context, report);
                    break;
            }
            return HuayangCli.Success;
        }));
        return command;
    }

    /// <summary>The report's map pictures; none (with a warning) where the CJK fonts they need are missing.</summary>
    private static async Task<Func<string, string?, string?>?> PicturesAsync(
        CliContext context, ISpatialStore store, ComplianceReport report, CancellationToken ct)
    {
        try
        {
            return await ComplianceMaps.EmbeddedAsync(store, report, MapRenderer.CreateDefault(), ct);
        }
        catch (MissingFontException e)
        {
            await context.Error.WriteLineAsync($"huayang: the report is written without its map pictures: {e.Message}");
            return null;
        }
    }

    private static void WriteTable(CliContext context, ComplianceReport report)
    {
        var console = CliOutput.Console(context.Output);
        foreach (var level in report.Levels)
        {
            var table = new Table()
                .Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{level.Level.NameEn} / {level.Level.NameZh}: {level.Level.RadiusM:0} m ({level.WalkMinutes:0.#} min), {report.Method}, met at {report.Threshold:P0} of residents")))
                .AddColumns("community_id", "name_zh", "population", "missing", "residents without (by category)");
            table.Columns[2].RightAligned();
            foreach (var community in level.Communities)
            {
                var missing = community.Missing.ToList();
                table.AddRow(
                    Markup.Escape(community.CommunityId), Markup.Escape(community.NameZh),
                    community.Population.ToString("N0", CultureInfo.InvariantCulture),
                    missing.Count == 0 ? "[green]none[/]" : Markup.Escape(string.Join(", ", missing.Select(m => m.Category))),
                    Markup.Escape(string.Join(", ", missing.Select(m => string.Create(CultureInfo.InvariantCulture,
                        $"{m.Category} {m.PopulationWithout:N0}{(m.NearestM is { } d ? $" (nearest {d:N0} m)" : "")}")))));
            }
            console.Write(table);
            console.WriteLine(string.Join("; ", level.Street.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Category} reaches {s.CoveredShare:P1} of the street, met in {s.CommunitiesMet}/{level.Communities.Count} communities"))));
        }
    }
}
