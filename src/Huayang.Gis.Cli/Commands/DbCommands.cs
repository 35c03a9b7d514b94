using System.CommandLine;
using Huayang.Gis.PostGis;

namespace Huayang.Gis.Cli.Commands;

/// <summary><c>huayang db migrate</c>: brings a PostGIS database's <c>huayang</c> schema up to date.</summary>
internal static class DbCommands
{
    public static Command Create(CliContext context)
    {
        var migrate = new Command("migrate", "Apply the schema migrations the database has not had yet (safe to repeat).");
        migrate.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var connectionString = DatabaseAccess.RequireConnectionString(context, parse);
            return await DatabaseAccess.RunAsync(context, connectionString, "each migration is applied whole or not at all", async () =>
            {
                await using var dataSource = DatabaseAccess.Open(connectionString);
                var applied = await PostGisMigrator.MigrateAsync(dataSource, ct);
                foreach (var name in applied)
                {
                    await context.Output.WriteLineAsync($"applied {name}");
                }
                await context.Output.WriteLineAsync(applied.Count == 0
                    ? "already up to date"
                    : $"{applied.Count} migration(s) applied");
                return HuayangCli.Success;
            });
        }));

        var db = new Command("db", "Manage the PostGIS database (connection: --pg or ConnectionStrings__PostGis).");
        db.Subcommands.Add(migrate);
        return db;
    }
}
