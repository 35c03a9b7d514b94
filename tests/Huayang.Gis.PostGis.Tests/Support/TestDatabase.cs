using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Support;

/// <summary>
/// A fresh, empty database for one test, copied from the cluster's template (with PostGIS and
/// pgRouting installed) named by <c>HUAYANG_TEST_PG</c>; dropped on dispose.
/// Without <c>HUAYANG_TEST_PG</c> the test is skipped, or fails when <c>CI=true</c>.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "HUAYANG_TEST_PG";

    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        DataSource = PostGisDataSource.Create(ConnectionString);
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>A connection string for this database (dropping it with FORCE ends any pooled connection).</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The configured server, or a skip (a failure under CI) that says how to configure one.</summary>
    public static string RequireServer()
    {
        var connection = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(connection))
        {
            return connection;
        }
        const string why = $"no PostGIS configured: set {EnvironmentVariable} (tests/run.sh starts a throwaway cluster and sets it)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(why + "; CI=true, so this is a failure");
        }
        Skip.If(true, why);
        return "";
    }

    /// <summary>Creates a new database from the template database of <c>HUAYANG_TEST_PG</c>.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var server = RequireServer();
        var template = new NpgsqlConnectionStringBuilder(server).Database ?? "postgres";
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            // Identifiers cannot be parameters: both names are checked against a plain-identifier whitelist.
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE {PlainIdentifier(name)} TEMPLATE {PlainIdentifier(template)}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PlainIdentifier(Name)} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string PlainIdentifier(string identifier) =>
        System.Text.RegularExpressions.Regex.IsMatch(identifier, "^[a-z_][a-z0-9_]*$")
            ? identifier
            : throw new ArgumentException($"database name \"{identifier}\" is not a plain lower-case identifier", nameof(identifier));
}
