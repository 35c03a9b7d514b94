using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Cli.Output;
using Huayang.Gis.Core.Analysis;
using Spectre.Console;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang service-area</c>: what can be reached on foot from sites within each distance — the same answer as
/// <c>GET /analysis/service-area</c>, as GeoJSON (default) or a summary table.
/// </summary>
internal static class ServiceAreaCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Option<string?>("--site") { Description = "Site ids, comma-separated (at most 100); else every site of --category." };
        var category = QueryCommands.CategoryOption();
        var status = new Option<string?>("--status") { Description = "With --category: all (default), existing, planned." };
        var level = new Option<string?>("--level") { Description = "One ring at a life-circle level's distance (default: a ring per level)." };
        var distance = new Option<string?>("--distance-m") { Description = "Ring distances in metres, comma-separated (1 to 5, each up to 5000)." };
        var offNetwork = new Option<string?>("--off-network-m")
        {
            Description = "A site farther than this many metres from every walkway is off the network (default 250).",
        };
        var nodes = new Option<bool>("--nodes") { Description = "Add the reached nodes with their walking cost (geojson)." };
        string[] formats = ["geojson", "table"];
        var format = QueryCommands.FormatOption(formats);
        var command = new Command("service-area",
            "Walking service area of sites: the reached walkways (cut at the exact distance) and the area, per ring.");
        foreach (var option in new Option[] { site, category, status, level, distance, offNetwork, nodes, format, context.FromCrsOption })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var formatId = QueryCommands.ReadFormat(parse, format, formats);
            CliContext.Check(AnalysisParameters.SiteIds(parse.GetValue(site), out var siteIds));
            CliContext.Check(AnalysisParameters.Status(parse.GetValue(status), out var statusFilter));
            CliContext.Check(AnalysisParameters.OffNetworkLimit(parse.GetValue(offNetwork), out var limit));
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var categoryId = CliContext.CheckCategory(lifeCircles, parse.GetValue(category));
            CliContext.Check(AnalysisParameters.Distances(lifeCircles, parse.GetValue(distance), parse.GetValue(level), out var distances));
            if (siteIds is not null && categoryId is not null)
            {
                throw new UsageException("--site and --category: name sites with --site, or choose them with --category, not both");
            }
            if (siteIds is null && categoryId is null)
            {
                throw new UsageException("--site or --category: say which sites (a service area of every site of every category is the whole street)");
            }

            var report = await store.ServiceAreaAsync(
                new ServiceAreaRequest(siteIds, categoryId, statusFilter, distances) { OffNetworkLimitM = limit }, ct);
            if (siteIds is not null && siteIds.Except(report.Sites.Select(s => s.Site.Id), StringComparer.Ordinal).ToList() is [_, ..] unknown)
            {
                throw new UsageException($"--site: no site has the id {string.Join(", ", unknown.Select(u => $"\"{u}\""))}");
            }

            if (formatId == "table")
            {
                WriteTable(context, report);
            }
            else
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(
                    AnalysisJson.ServiceAreaFeatures(report, parse.GetValue(nodes)), AnalysisJson.GeoJsonOptions));
            }
            return HuayangCli.Success;
        }));
        return command;
    }

    private static void WriteTable(CliContext context, ServiceAreaReport report)
    {
        var console = CliOutput.Console(context.Output);
        var onNetwork = report.Sites.Count(s => s.Join is not null);
        var table = new Table()
            .Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Walking service area of {report.Sites.Count} site(s), {onNetwork} on the network ({report.Method}, {report.WalkingSpeedMPerMin:0.#} m/min)")))
            .AddColumns("distance m", "minutes", "reached walkways km", "cut edges", "nodes", "area km²");
        foreach (var column in table.Columns)
        {
            column.RightAligned();
        }
        foreach (var ring in report.Rings)
        {
            var lines = ring.Area.Lines.Where(l => !l.Connector).ToList();
            table.AddRow(
                ring.Area.DistanceM.ToString("0", CultureInfo.InvariantCulture),
                ring.Minutes.ToString("0.0", CultureInfo.InvariantCulture),
                (lines.Sum(l => l.ToM - l.FromM) / 1000).ToString("0.00", CultureInfo.InvariantCulture),
                lines.Count(l => l.Partial).ToString(CultureInfo.InvariantCulture),
                ring.Area.Nodes.Count.ToString(CultureInfo.InvariantCulture),
                (ring.Area.Area.Area / 1e6).ToString("0.000", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        foreach (var (s, _) in report.Sites.Where(s => s.Join is null))
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Id} ({s.NameEn}) is off the network: farther than {report.OffNetworkLimitM:0} m from every walkway"));
        }
    }
}
