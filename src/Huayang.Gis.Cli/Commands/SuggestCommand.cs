using System.CommandLine;
using System.Globalization;
using Huayang.Gis.Cli.Output;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Siting;
using Spectre.Console;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// <c>huayang suggest</c>: where to build next — new sites of a category chosen among candidates to cover the most
/// residents (<c>--count</c>) or to reach a share with the fewest (<c>--target-share</c>), keeping the existing sites.
/// </summary>
internal static class SuggestCommand
{
    public static Command Create(CliContext context)
    {
        var category = new Option<string?>("--category") { Description = "Site category id, e.g. kindergarten; required." };
        var level = new Option<string?>("--level") { Description = "Life-circle level: 5min, 10min or 15min; required." };
        var count = new Option<string?>("--count") { Description = "How many new sites to choose (maximal covering), 1 to 1000." };
        var share = new Option<string?>("--target-share") { Description = "Reach this share of residents with the fewest new sites (set covering), e.g. 0.9." };
        var candidates = new Option<string?>("--candidates")
        {
            Description = "planned (the category's planned sites, default), walkways (points along the walkways), or layer:NAME.",
        };
        var spacing = new Option<string?>("--spacing-m") { Description = "With --candidates walkways: metres between candidates (default 200)." };
        var method = new Option<string?>("--method") { Description = "network (walking, default) or buffer (straight line)." };
        var offNetwork = new Option<string?>("--off-network-m") { Description = "Network method: the off-network limit in metres (default 250)." };
        var strategy = new Option<string?>("--solver") { Description = "auto (default: exact when small), heuristic, exact." };
        string[] formats = ["table", "json"];
        var format = QueryCommands.FormatOption(formats);
        var command = new Command("suggest",
            "Where to build next: new sites of a category that cover the most residents, with the distance from optimal stated.");
        foreach (var option in new Option[] { category, level, count, share, candidates, spacing, method, offNetwork, strategy, format, context.FromCrsOption })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var formatId = QueryCommands.ReadFormat(parse, format, formats);
            CliContext.Check(AnalysisParameters.SuggestGoal(parse.GetValue(count), parse.GetValue(share), out var countValue, out var shareValue));
            CliContext.Check(AnalysisParameters.Candidates(parse.GetValue(candidates), parse.GetValue(spacing), out var source, out var layer, out var spacingM));
            CliContext.Check(AnalysisParameters.Method(parse.GetValue(method) ?? "network", out var methodId));
            CliContext.Check(AnalysisParameters.OffNetworkLimit(parse.GetValue(offNetwork), out var limit));
            var solver = parse.GetValue(strategy) switch
            {
                null or "auto" => SitingStrategy.Auto,
                "heuristic" => SitingStrategy.Heuristic,
                "exact" => SitingStrategy.Exact,
                var other => throw new UsageException($"--solver: \"{other}\" is not one of auto, heuristic, exact"),
            };
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var categoryId = CliContext.CheckCategory(lifeCircles, parse.GetValue(category), required: true)!;
            var lifeCircle = CliContext.CheckLevel(lifeCircles, parse.GetValue(level));
            SuggestAnswer answer;
            try
            {
                answer = await Suggestions.AnswerAsync(store, new SuggestRequest(
                    new SitingInputRequest(categoryId, lifeCircle, methodId, source, layer, spacingM) { OffNetworkLimitM = limit },
                    countValue, shareValue, solver), ct);
            }
            catch (Core.Store.UnknownLayerException e)
            {
                throw new UsageException($"--candidates: {e.Message}");
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--candidates: {e.Message}");
            }

            var json = Suggestions.Json(answer);
            if (formatId == "json")
            {
                await CliOutput.WriteJsonAsync(context.Output, json);
            }
            else
            {
                WriteTable(context, json, lifeCircle.NameEn);
            }
            return HuayangCli.Success;
        }));
        return command;
    }

    private static void WriteTable(CliContext context, SuggestJson answer, string levelName)
    {
        var console = CliOutput.Console(context.Output);
        var goal = answer.Count is { } n ? $"{n} new site(s)" : string.Create(CultureInfo.InvariantCulture, $"the fewest new sites for {answer.TargetShare:P0} of residents");
        var table = new Table()
            .Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{answer.Category} within {answer.RadiusM:0} m ({levelName}, {answer.Method}): {goal} among {answer.CandidateCount} candidates ({answer.Candidates})")))
            .AddColumns("rank", "id", "name_zh", "name_en", "lon", "lat", "adds residents");
        foreach (var i in new[] { 0, 4, 5, 6 })
        {
            table.Columns[i].RightAligned();
        }
        foreach (var site in answer.Chosen)
        {
            table.AddRow(
                site.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(site.Id), Markup.Escape(site.NameZh ?? ""), Markup.Escape(site.NameEn ?? ""),
                site.Lon.ToString("0.00000", CultureInfo.InvariantCulture), site.Lat.ToString("0.00000", CultureInfo.InvariantCulture),
                site.AddedResidents.ToString("N0", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Covered: {answer.CoveredBefore:N0} → {answer.CoveredAfter:N0} of {answer.Population:N0} residents ({answer.ShareBefore:P1} → {answer.ShareAfter:P1}); {answer.ExistingSiteCount} existing sites kept."));
        var unit = answer.Model == "maximal_covering" ? "residents" : "sites";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Solved by {answer.Solver}: {answer.Objective:N0} {(answer.Model == "maximal_covering" ? "residents added" : "sites")}, bound {answer.Bound:N0}; ")
            + (answer.Optimal ? "optimal." : string.Create(CultureInfo.InvariantCulture, $"at most {answer.Gap:N0} {unit} ({answer.RelativeGap:P2}) from optimal."))
            + (answer.TargetReached ? "" : " The target cannot be reached with these candidates; this is the best share they reach."));
    }
}
