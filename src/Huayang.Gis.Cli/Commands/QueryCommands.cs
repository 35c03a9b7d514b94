using System.CommandLine;
using Huayang.Gis.Cli.Output;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Store;
using Spectre.Console;

namespace Huayang.Gis.Cli.Commands;

/// <summary><c>huayang nearest</c>, <c>huayang within</c> and <c>huayang community</c>: point queries against the store.</summary>
internal static class QueryCommands
{
    /// <summary>The most sites <c>nearest --k</c> may ask for.</summary>
    public const int MaxK = AnalysisLimits.MaxK;

    /// <summary>The largest radius <c>within</c> accepts, in metres.</summary>
    public const double MaxRadiusM = AnalysisLimits.MaxRadiusM;

    public static Command CreateNearest(CliContext context)
    {
        var position = new PositionOptions();
        var category = CategoryOption();
        var k = new Option<string?>("--k") { Description = $"How many sites (1–{MaxK}, default 3)." };
        var format = FormatOption("table", "json");
        var command = new Command("nearest", "The k sites nearest a position, nearest first (metres, EPSG:4544 plane).");
        position.AddTo(command);
        command.Options.Add(category);
        command.Options.Add(k);
        command.Options.Add(format);
        command.Options.Add(context.FromCrsOption);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (lon, lat) = position.Read(parse);
            CliContext.Check(AnalysisParameters.K(parse.GetValue(k), out var count));
            var formatId = ReadFormat(parse, format, "table", "json");
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var sites = await store.NearestSitesAsync(lon, lat, count, CliContext.CheckCategory(lifeCircles, parse.GetValue(category)), ct);
            await WriteSitesAsync(context, formatId, sites);
            return HuayangCli.Success;
        }));
        return command;
    }

    public static Command CreateWithin(CliContext context)
    {
        var position = new PositionOptions();
        var category = CategoryOption();
        var radius = new Option<string?>("--radius-m") { Description = $"Radius in metres (0–{MaxRadiusM:0}), required." };
        var format = FormatOption("table", "json");
        var command = new Command("within", "Sites within a radius of a position, nearest first.");
        position.AddTo(command);
        command.Options.Add(radius);
        command.Options.Add(category);
        command.Options.Add(format);
        command.Options.Add(context.FromCrsOption);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (lon, lat) = position.Read(parse);
            CliContext.Check(AnalysisParameters.Radius(parse.GetValue(radius), out var radiusM));
            var formatId = ReadFormat(parse, format, "table", "json");
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var sites = await store.SitesWithinAsync(lon, lat, radiusM, CliContext.CheckCategory(lifeCircles, parse.GetValue(category)), ct);
            await WriteSitesAsync(context, formatId, sites);
            return HuayangCli.Success;
        }));
        return command;
    }

    public static Command CreateCommunity(CliContext context)
    {
        var position = new PositionOptions();
        var format = FormatOption("table", "json");
        var command = new Command("community", "The community (社区) at a position.");
        position.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(context.FromCrsOption);
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var (lon, lat) = position.Read(parse);
            var formatId = ReadFormat(parse, format, "table", "json");
            var store = await context.OpenStoreAsync(parse, ct);
            var community = await store.CommunityAtAsync(lon, lat, ct);
            if (community is null)
            {
                await context.Error.WriteLineAsync($"huayang: no community at lon {lon}, lat {lat}");
                return HuayangCli.DataProblems;
            }
            if (formatId == "json")
            {
                await CliOutput.WriteJsonAsync(context.Output, AnalysisJson.Community(community));
            }
            else
            {
                await context.Output.WriteLineAsync($"{community.Id}\t{community.NameZh}\t{community.NameEn}\tpopulation {community.Population}");
            }
            return HuayangCli.Success;
        }));
        return command;
    }

    internal static Option<string?> CategoryOption() =>
        new("--category") { Description = "Site category id (see data/life-circles.json), e.g. kindergarten." };

    /// <summary><c>--format</c>: one of <paramref name="formats"/>, the first by default; read by <see cref="ReadFormat"/>.</summary>
    internal static Option<string?> FormatOption(params string[] formats) =>
        new("--format") { Description = $"Output format: {string.Join(", ", formats)} (default {formats[0]})." };

    /// <summary>The <c>--format</c> given, or a usage error worded as the HTTP API words a bad parameter.</summary>
    internal static string ReadFormat(ParseResult parse, Option<string?> option, params string[] formats)
    {
        CliContext.Check(AnalysisParameters.Format(parse.GetValue(option), formats, out var format));
        return format;
    }

    private static async Task WriteSitesAsync(CliContext context, string format, IReadOnlyList<SiteDistance> sites)
    {
        if (format == "json")
        {
            await CliOutput.WriteJsonAsync(context.Output, AnalysisJson.Sites(sites));
            return;
        }
        var table = new Table().AddColumns("#", "id", "name_zh", "name_en", "category", "status", "distance_m");
        table.Columns[6].RightAligned();
        var rank = 1;
        foreach (var s in sites)
        {
            table.AddRow(
                Markup.Escape((rank++).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Markup.Escape(s.Site.Id), Markup.Escape(s.Site.NameZh), Markup.Escape(s.Site.NameEn),
                Markup.Escape(s.Site.Category), Markup.Escape(s.Site.Status), CliOutput.Metres(s.DistanceM));
        }
        CliOutput.Console(context.Output).Write(table);
        if (sites.Count == 0)
        {
            await context.Output.WriteLineAsync("(no sites)");
        }
    }

    /// <summary><c>--lon</c> and <c>--lat</c>, WGS84 degrees, read by <see cref="AnalysisParameters.Position"/> as the HTTP API reads them.</summary>
    private sealed class PositionOptions
    {
        private readonly Option<string?> _lon = new("--lon") { Description = "Longitude, WGS84 degrees (e.g. 104.05), required." };

        private readonly Option<string?> _lat = new("--lat") { Description = "Latitude, WGS84 degrees (e.g. 30.50), required." };

        public void AddTo(Command command)
        {
            command.Options.Add(_lon);
            command.Options.Add(_lat);
        }

        public (double Lon, double Lat) Read(ParseResult parse)
        {
            CliContext.Check(AnalysisParameters.Position(
                parse.GetValue(_lon), parse.GetValue(_lat), ParameterSpelling.Option, out var lon, out var lat));
            return (lon, lat);
        }
    }
}
