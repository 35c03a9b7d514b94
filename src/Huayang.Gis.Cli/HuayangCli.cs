using System.CommandLine;
using Huayang.Gis.Cli.Commands;

namespace Huayang.Gis.Cli;

/// <summary>The <c>huayang</c> command line. Exit codes: 0 success, 1 the data has problems, 2 bad arguments.</summary>
public static class HuayangCli
{
    public const int Success = 0;
    public const int DataProblems = 1;
    public const int BadArguments = 2;

    /// <summary>Parses and runs a command line, writing results to <paramref name="output"/> and messages to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(output, error);
        var root = new RootCommand("Huayang.Gis: life-circle coverage and spatial queries over Huayang Street (华阳街道), Chengdu.");
        root.Options.Add(context.DataOption);
        root.Options.Add(context.PgOption);
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(QueryCommands.CreateNearest(context));
        root.Subcommands.Add(QueryCommands.CreateWithin(context));
        root.Subcommands.Add(QueryCommands.CreateCommunity(context));
        root.Subcommands.Add(CoverageCommand.Create(context));
        root.Subcommands.Add(ServiceAreaCommand.Create(context));
        root.Subcommands.Add(SuggestCommand.Create(context));
        root.Subcommands.Add(ComplianceCommand.Create(context));
        root.Subcommands.Add(GenerateCommand.Create(context));
        root.Subcommands.Add(DbCommands.Create(context));
        root.Subcommands.Add(KeyCommand.Create(context));
        root.Subcommands.Add(RestoreCommand.Create(context));
        root.Subcommands.Add(LoadCommand.Create(context));
        root.Subcommands.Add(RenderCommand.Create(context));
        root.Subcommands.Add(TilesCommand.Create(context));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"huayang: {problem.Message}");
            }
            await error.WriteLineAsync("Run 'huayang --help' for usage.");
            return BadArguments;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
