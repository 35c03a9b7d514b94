using Huayang.Gis.Cli;
using Huayang.Gis.PostGis.Tests.Support;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>
/// What the README says the migrations need: a user that is not a superuser cannot create PostGIS or pgRouting (the
/// message names the extension and says who must), and once a superuser has created both, the database's owner migrates.
/// </summary>
public sealed class MigrateAsOwnerTests
{
    [SkippableFact]
    public async Task A_non_superuser_owner_migrates_once_a_superuser_has_created_postgis()
    {
        var server = TestDatabase.RequireServer();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var (role, database, password) = ("r_" + suffix, "t_owner_" + suffix, "pw-" + suffix);
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE ROLE {role} LOGIN PASSWORD '{password}'", $"CREATE DATABASE {database} OWNER {role} TEMPLATE template0");
        try
        {
            var owner = new NpgsqlConnectionStringBuilder(server)
            {
                Database = database, Username = role, Password = password, Pooling = false,
            }.ConnectionString;

            var (code, _, stderr) = await RunAsync("db", "migrate", "--pg", owner);
            Assert.Equal(HuayangCli.DataProblems, code);
            Assert.Contains("permission denied to create extension \"postgis\"", stderr, StringComparison.Ordinal);
            Assert.Contains("have one run CREATE EXTENSION postgis; in this database", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(password, stderr, StringComparison.Ordinal);

            await ExecuteAsync(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, "CREATE EXTENSION postgis");
            // Migration 3 (the walking network) needs pgRouting, which is not trusted either.
            (code, _, stderr) = await RunAsync("db", "migrate", "--pg", owner);
            Assert.Equal(HuayangCli.DataProblems, code);
            Assert.Contains("permission denied to create extension \"pgrouting\"", stderr, StringComparison.Ordinal);
            Assert.Contains("have one run CREATE EXTENSION pgrouting; in this database", stderr, StringComparison.Ordinal);

            await ExecuteAsync(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, "CREATE EXTENSION pgrouting");
            (code, var stdout, stderr) = await RunAsync("db", "migrate", "--pg", owner);
            Assert.True(code == HuayangCli.Success, stderr);
            Assert.Contains("migration(s) applied", stdout, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", $"DROP ROLE IF EXISTS {role}");
        }
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            // The names are generated above (letters, digits, underscores), never a caller's text.
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
