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
        string[] formats = ["table", "json", "csv", "geojson"];
        var format = QueryCommands.FormatOption(formats);

        var command = new Command("coverage", "Population covered by a category of site within a life-circle level (buffer method).");
        command.Options.Add(category);
        command.Options.Add(level);
        command.Options.Add(status);
        command.Options.Add(format);
        command.Options.Add(context.FromCrsOption);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            CliContext.Check(AnalysisParameters.Status(parse.GetValue(status), out var statusFilter));
            var formatId = QueryCommands.ReadFormat(parse, format, formats);
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var categoryId = CliContext.CheckCategory(lifeCircles, parse.GetValue(category), required: true)!;
            var lifeCircle = CliContext.CheckLevel(lifeCircles, parse.GetValue(level));
            var report = await store.CoverageAsync(new CoverageRequest(categoryId, lifeCircle, statusFilter), ct);
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
        var csv = new StringBuilder();
        csv.Append("community_id,name_zh,name_en,population,covered_population,covered_share,covered_area_share,nearest_site_m\n");
        foreach (var c in report.Communities)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{Csv(c.CommunityId)},{Csv(c.NameZh)},{Csv(c.NameEn)},{c.Population},{c.CoveredPopulation},{c.CoveredShare:0.######},{c.CoveredAreaShare:0.######},{c.NearestSiteM:0.###}\n");
        }
        csv.Append(CultureInfo.InvariantCulture,
            $"total,合计,Total,{report.Total.Population},{report.Total.CoveredPopulation},{report.Total.CoveredShare:0.######},{report.Total.CoveredAreaShare:0.######},\n");
        return csv.ToString();
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void WriteTable(CliContext context, CoverageReport report, LifeCircleLevel level)
    {
        var console = CliOutput.Console(context.Output);
        var table = new Table()
            .Title(Markup.Escape(
                $"{report.Category} within {report.RadiusM:0} m ({level.NameEn} / {level.NameZh}), {report.Method} method, {report.SiteCount} sites ({AnalysisJson.StatusId(report.Status)})"))
            .AddColumns("community_id", "name_zh", "name_en", "population", "covered", "share", "area share", "nearest m");
        for (var i = 3; i < 8; i++)
        {
            table.Columns[i].RightAligned();
        }
        foreach (var c in report.Communities)
        {
            table.AddRow(
                Markup.Escape(c.CommunityId), Markup.Escape(c.NameZh), Markup.Escape(c.NameEn),
                c.Population.ToString("N0", CultureInfo.InvariantCulture),
                c.CoveredPopulation.ToString("N0", CultureInfo.InvariantCulture),
                CliOutput.Percent(c.CoveredShare), CliOutput.Percent(c.CoveredAreaShare), CliOutput.Metres(c.NearestSiteM));
        }
        table.AddRow(
            "[bold]total[/]", "[bold]合计[/]", "",
            report.Total.Population.ToString("N0", CultureInfo.InvariantCulture),
            report.Total.CoveredPopulation.ToString("N0", CultureInfo.InvariantCulture),
            CliOutput.Percent(report.Total.CoveredShare), CliOutput.Percent(report.Total.CoveredAreaShare), "");
        console.Write(table);
    }
}
