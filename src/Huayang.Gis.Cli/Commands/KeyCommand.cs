using System.CommandLine;
using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Cli.Commands;

/// <summary><c>huayang key new NAME</c>: a fresh API key for edits and the server's configuration line for it.</summary>
internal static class KeyCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "who the key is for (kept with every change it makes): letters, digits, - _ ." };
        var create = new Command("new", "Print a fresh API key and the configuration line (its SHA-256) that lets the server accept it.");
        create.Arguments.Add(name);
        create.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var who = parse.GetValue(name)!;
            if (!EditKeys.IsValidName(who))
            {
                await context.Error.WriteLineAsync($"huayang: key name \"{who}\": use 1 to 64 letters, digits, '-', '_' or '.'");
                return HuayangCli.BadArguments;
            }

            var key = EditKeys.NewKey();
            await context.Output.WriteLineAsync($"key: {key}");
            await context.Output.WriteLineAsync($"configuration: Editing__Keys__{who}={EditKeys.Hash(key)}");
            await context.Output.WriteLineAsync($"(appsettings.json: \"Editing\": {{ \"Keys\": {{ \"{who}\": \"{EditKeys.Hash(key)}\" }} }}; give the key to its user, keep only the hash)");
            return HuayangCli.Success;
        }));

        var key = new Command("key", "API keys for edits (OGC API – Features Part 4 on the PostGIS store).");
        key.Subcommands.Add(create);
        return key;
    }
}
