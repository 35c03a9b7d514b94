using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Cli.Output;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Spectre.Console;

namespace Huayang.Gis.Cli.Commands;

/// <summary><c>huayang coverage</c>: who lives within a life-circle level's walk of a category of site.</summary>
internal static class CoverageCommand
{
    public static Command Create(CliContext context)
    {
        var category = new Option<string?>("--category") { Description = "Site category id, e.g. kindergarten; required." };
        var level = new Option<string?>("--level") { Description = "Life-circle level: 5min, 10min or 15min; required." };
        var status = new Option<string?>("--status")
        {
            Description = "Which sites count: all (existing and planned, default), existing, planned.",
        };
        var method = new Option<string?>("--method")
        {
            Description = "buffer (straight-line distance, default) or network (walking along the walkways; the buffer figures beside).",
        };
        var offNetwork = new Option<string?>("--off-network-m")
        {
            Description = "Network method: a point farther than this many metres from every walkway is off the network (default 250).",
        };
        string[] formats = ["table", "json", "csv", "geojson"];
        var format = QueryCommands.FormatOption(formats);

        var command = new Command("coverage",
            "Population covered by a category of site within a life-circle level, by straight line (buffer) or walking (network).");
        command.Options.Add(category);
        command.Options.Add(level);
        command.Options.Add(status);
        command.Options.Add(method);
        command.Options.Add(offNetwork);
        command.Options.Add(format);
        command.Options.Add(context.FromCrsOption);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            CliContext.Check(AnalysisParameters.Status(parse.GetValue(status), out var statusFilter));
            CliContext.Check(AnalysisParameters.Method(parse.GetValue(method), out var methodId));
            CliContext.Check(AnalysisParameters.OffNetworkLimit(parse.GetValue(offNetwork), out var limit));
            var formatId = QueryCommands.ReadFormat(parse, format, formats);
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var categoryId = CliContext.CheckCategory(lifeCircles, parse.GetValue(category), required: true)!;
            var lifeCircle = CliContext.CheckLevel(lifeCircles, parse.GetValue(level));
            var report = await store.CoverageAsync(
                new CoverageRequest(categoryId, lifeCircle, statusFilter) { Method = methodId, OffNetworkLimitM = limit }, ct);
            switch (formatId)
            {
                case "json":
                    await CliOutput.WriteJsonAsync(context.Output, AnalysisJson.Coverage(report));
                    break;
                case "csv":
                    await context.Output.WriteAsync(ToCsv(report));
                    break;
                case "geojson":
                    await context.Output.WriteLineAsync(JsonSerializer.Serialize(
                        AnalysisJson.CoverageFeatures(report, await store.GetFeaturesAsync(Layers.Communities, null, ct)),
                        AnalysisJson.GeoJsonOptions));
                    break;
                default:
                    WriteTable(context, report, lifeCircle);
                    break;
            }
            return HuayangCli.Success;
        }));
        return command;
    }

    internal static string ToCsv(CoverageReport report)
    {
        var network = report.Network is not null;
        var csv = new StringBuilder();
        csv.Append("community_id,name_zh,name_en,population,covered_population,covered_share,covered_area_share,nearest_site_m");
        csv.Append(network ? ",buffer_covered_population,off_network_population\n" : "\n");
        foreach (var c in report.Communities)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{Csv(c.CommunityId)},{Csv(c.NameZh)},{Csv(c.NameEn)},{c.Population},{c.CoveredPopulation},{c.CoveredShare:0.######},{c.CoveredAreaShare:0.######},{c.NearestSiteM:0.###}");
            csv.Append(network ? string.Create(CultureInfo.InvariantCulture, $",{c.BufferCoveredPopulation},{c.OffNetworkPopulation}\n") : "\n");
        }
        csv.Append(CultureInfo.InvariantCulture,
            $"total,合计,Total,{report.Total.Population},{report.Total.CoveredPopulation},{report.Total.CoveredShare:0.######},{report.Total.CoveredAreaShare:0.######},");
        csv.Append(network
            ? string.Create(CultureInfo.InvariantCulture, $",{report.Total.BufferCoveredPopulation},{report.Total.OffNetworkPopulation}\n")
            : "\n");
        return csv.ToString();
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void WriteTable(CliContext context, CoverageReport report, LifeCircleLevel level)
    {
        var console = CliOutput.Console(context.Output);
        var network = report.Network is not null;
        var walk = report.RadiusM / report.WalkingSpeedMPerMin;
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{report.Category} within {report.RadiusM:0} m ({level.NameEn} / {level.NameZh}; {walk:0.#} min at {report.WalkingSpeedMPerMin:0.#} m/min), ")
            + (network ? "walking along the walkways (network method)" : "straight-line distance (buffer method)")
            + $", {report.SiteCount} sites ({AnalysisJson.StatusId(report.Status)})";
        var table = new Table().Title(Markup.Escape(title))
            .AddColumns("community_id", "name_zh", "name_en", "population", "covered", "share", "area share", "nearest m");
        if (network)
        {
            table.AddColumns("buffer", "buffer share", "off network");
        }
        for (var i = 3; i < table.Columns.Count; i++)
        {
            table.Columns[i].RightAligned();
        }
        foreach (var c in report.Communities)
        {
            var cells = new List<string>
            {
                Markup.Escape(c.CommunityId), Markup.Escape(c.NameZh), Markup.Escape(c.NameEn),
                c.Population.ToString("N0", CultureInfo.InvariantCulture),
                c.CoveredPopulation.ToString("N0", CultureInfo.InvariantCulture),
                CliOutput.Percent(c.CoveredShare), CliOutput.Percent(c.CoveredAreaShare), CliOutput.Metres(c.NearestSiteM),
            };
            if (network)
            {
                cells.AddRange(NetworkCells(c.BufferCoveredPopulation, c.Population, c.OffNetworkPopulation));
            }
            table.AddRow([.. cells]);
        }
        var total = new List<string>
        {
            "[bold]total[/]", "[bold]合计[/]", "",
            report.Total.Population.ToString("N0", CultureInfo.InvariantCulture),
            report.Total.CoveredPopulation.ToString("N0", CultureInfo.InvariantCulture),
            CliOutput.Percent(report.Total.CoveredShare), CliOutput.Percent(report.Total.CoveredAreaShare), "",
        };
        if (network)
        {
            total.AddRange(NetworkCells(report.Total.BufferCoveredPopulation, report.Total.Population, report.Total.OffNetworkPopulation));
        }
        table.AddRow([.. total]);
        console.Write(table);
        if (report.Network is { } facts)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Off the network (farther than {facts.OffNetworkLimitM:0} m from every walkway): {report.Total.OffNetworkPopulation:N0} residents in {facts.OffNetworkCells} cells, ")
                + (facts.OffNetworkSiteIds.Count == 0 ? "no sites." : $"sites {string.Join(", ", facts.OffNetworkSiteIds)}."));
        }
    }

    private static IEnumerable<string> NetworkCells(int? buffer, int population, int? offNetwork) =>
    [
        (buffer ?? 0).ToString("N0", CultureInfo.InvariantCulture),
        CliOutput.Percent(population == 0 ? 0 : (double)(buffer ?? 0) / population),
        (offNetwork ?? 0).ToString("N0", CultureInfo.InvariantCulture),
    ];
}
