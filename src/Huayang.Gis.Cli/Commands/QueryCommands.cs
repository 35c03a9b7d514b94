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

    private static readonly string KAllowed = $"an integer from 1 to {MaxK} (default 3)";
    private static readonly string RadiusAllowed = ParameterText.Range("a distance in metres", 0, MaxRadiusM);

    public static Command CreateNearest(CliContext context)
    {
        var position = new PositionOptions();
        var category = CategoryOption();
        var k = NumberOptions.Int("--k", $"How many sites (1–{MaxK}).", KAllowed, 1, MaxK, 3);
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
            var count = parse.GetValue(k);
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var sites = await store.NearestSitesAsync(lon, lat, count, CliContext.CheckCategory(lifeCircles, parse.GetValue(category)), ct);
            await WriteSitesAsync(context, parse.GetValue(format)!, sites);
            return HuayangCli.Success;
        }));
        return command;
    }

    public static Command CreateWithin(CliContext context)
    {
        var position = new PositionOptions();
        var category = CategoryOption();
        var radius = NumberOptions.Double("--radius-m", "Radius in metres.", RadiusAllowed, 0, MaxRadiusM);
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
            var radiusM = parse.GetValue(radius);
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var sites = await store.SitesWithinAsync(lon, lat, radiusM, CliContext.CheckCategory(lifeCircles, parse.GetValue(category)), ct);
            await WriteSitesAsync(context, parse.GetValue(format)!, sites);
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
            var store = await context.OpenStoreAsync(parse, ct);
            var lifeCircles = (await store.GetStateAsync(ct)).LifeCircles;
            var community = await store.CommunityAtAsync(lon, lat, ct);
            if (community is null)
            {
                await context.Error.WriteLineAsync($"huayang: no community at lon {lon}, lat {lat}");
                return HuayangCli.DataProblems;
            }
            if (parse.GetValue(format) == "json")
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

    internal static Option<string> FormatOption(params string[] formats)
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
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

    /// <summary><c>--lon</c> and <c>--lat</c>, WGS84 degrees, checked for range.</summary>
    private sealed class PositionOptions
    {
        private readonly Option<double> _lon = NumberOptions.Double(
            "--lon", "Longitude, WGS84 degrees (e.g. 104.05).", ParameterText.LonAllowed, -180, 180);

        // Any number here: the range is checked in Read, which can then say when --lon and --lat look swapped.
        private readonly Option<double> _lat = NumberOptions.Double(
            "--lat", "Latitude, WGS84 degrees (e.g. 30.50).", ParameterText.LatAllowed, double.MinValue, double.MaxValue);

        public void AddTo(Command command)
        {
            command.Options.Add(_lon);
            command.Options.Add(_lat);
        }

        public (double Lon, double Lat) Read(ParseResult parse)
        {
            var lon = parse.GetValue(_lon);
            var lat = parse.GetValue(_lat);
            if (lat is < -90 or > 90)
            {
                var swapped = lat is >= -180 and <= 180 && lon is >= -90 and <= 90;
                throw new UsageException(ParameterText.Refusal("--lat", parse.GetResult(_lat)?.Tokens[^1].Value, ParameterText.LatAllowed,
                    swapped ? "Are --lon and --lat swapped? --lon is the east-west coordinate: --lon 104.05 --lat 30.5 is in Huayang" : null));
            }
            return (lon, lat);
        }
    }
}
