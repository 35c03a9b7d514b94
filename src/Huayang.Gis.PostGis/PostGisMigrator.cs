using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>
/// Brings a database's <c>huayang</c> schema up to date with the SQL migrations embedded in this assembly
/// (<c>Migrations/NNNN_name.sql</c>, applied in version order).
/// </summary>
/// <remarks>
/// <para>Each migration runs in its own transaction together with its row in
/// <c>huayang.schema_migrations(version, name, applied_at)</c>: a migration is applied completely or not at
/// all. The schema and that table are created first when missing.</para>
/// <para>Concurrent migrators (two servers starting, a server and <c>huayang load</c>) are serialised by a
/// transaction-scoped advisory lock, so each migration is applied exactly once.</para>
/// <para>The database user needs the right to create schemas and, for the first migration, the PostGIS
/// extension unless it is already installed.</para>
/// </remarks>
public static partial class PostGisMigrator
{
    /// <summary>The schema and the table of applied migrations, made before the first migration.</summary>
    private const string BootstrapSql = """
        CREATE SCHEMA IF NOT EXISTS huayang;
        CREATE TABLE IF NOT EXISTS huayang.schema_migrations (
            version     integer PRIMARY KEY,
            name        text NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        """;

    /// <summary>
    /// The key of the advisory lock (<c>pg_advisory_xact_lock</c>) held while the migrator reads or changes
    /// the schema: the ASCII bytes of "hymigr" as a number.
    /// </summary>
    internal const long AdvisoryLockKey = 0x68796D696772;

    private const string ResourcePrefix = "Migrations/";

    /// <summary>Applies every embedded migration the database has not recorded yet.</summary>
    /// <returns>The migrations applied now, as <c>NNNN_name</c> in the order applied; empty when the schema was
    /// already up to date.</returns>
    /// <exception cref="NpgsqlException">The database cannot be reached or a migration fails; a failed migration
    /// leaves no trace and the ones before it stay applied.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(ct);

        await using (var bootstrap = await connection.BeginTransactionAsync(ct))
        {
            await LockAsync(connection, bootstrap, ct);
            await using var create = new NpgsqlCommand(BootstrapSql, connection, bootstrap);
            await create.ExecuteNonQueryAsync(ct);
            await bootstrap.CommitAsync(ct);
        }

        var applied = new List<string>();
        foreach (var migration in Migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await LockAsync(connection, transaction, ct);
            await using (var check = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM huayang.schema_migrations WHERE version = $1)", connection, transaction))
            {
                check.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                if ((bool)(await check.ExecuteScalarAsync(ct))!)
                {
                    continue;
                }
            }

            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(ct);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO huayang.schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
                await record.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            applied.Add(migration.Name);
        }

        return applied;
    }

    /// <summary>
    /// Applies every embedded migration the database has not recorded yet inside <paramref name="transaction"/>, the
    /// transaction of a load (<see cref="LoadSession"/>): they commit with the load or not at all, so that a load that
    /// fails leaves a database that had no schema without one. The migrator's advisory lock is taken only when a
    /// migration is missing, and then held until that transaction ends (a concurrent migrator waits for it).
    /// </summary>
    internal static async Task ApplyInTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if ((await RecordedAsync(connection, transaction, ct)).Count == Migrations.Count)
        {
            return;
        }

        await LockAsync(connection, transaction, ct);
        await using (var create = new NpgsqlCommand(BootstrapSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        var recorded = await RecordedAsync(connection, transaction, ct);
        foreach (var migration in Migrations.Where(m => !recorded.Contains(m.Version)))
        {
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(ct);
            }

            await using var record = new NpgsqlCommand(
                "INSERT INTO huayang.schema_migrations (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            await record.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The versions recorded in <c>huayang.schema_migrations</c>; empty when it does not exist.</summary>
    private static async Task<HashSet<int>> RecordedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var versions = new HashSet<int>();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('huayang.schema_migrations') IS NOT NULL", connection, transaction))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return versions;
            }
        }

        await using var read = new NpgsqlCommand("SELECT version FROM huayang.schema_migrations", connection, transaction);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt32(0));
        }
        return versions;
    }

    /// <summary>One embedded migration: <c>Migrations/0001_initial.sql</c> is version 1, name <c>0001_initial</c>.</summary>
    internal sealed record Migration(int Version, string Name, string Sql);

    /// <summary>The embedded migrations in version order.</summary>
    /// <exception cref="InvalidOperationException">A resource is misnamed or two share a version (a build mistake).</exception>
    internal static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(PostGisMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var match = MigrationName().Match(resource[ResourcePrefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"embedded migration \"{resource}\" is not named Migrations/NNNN_name.sql");
            }
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        foreach (var pair in migrations.Zip(migrations.Skip(1)).Where(p => p.First.Version == p.Second.Version))
        {
            throw new InvalidOperationException($"migrations {pair.First.Name} and {pair.Second.Name} share a version");
        }
        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
        await command.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex(@"^(?<name>(?<version>[0-9]{4})_[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex MigrationName();
}
