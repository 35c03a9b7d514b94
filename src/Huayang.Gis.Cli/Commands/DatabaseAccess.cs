using System.CommandLine;
using Huayang.Gis.PostGis;
using Npgsql;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// What the database commands share: the connection string from <c>--pg</c> or the environment, and database
/// failures turned into one line naming host and port (never the password) and exit code 1.
/// </summary>
internal static class DatabaseAccess
{
    /// <summary>
    /// The connection string, or a usage error (exit 2) naming both ways to give one; says on stderr which database the
    /// command will use and where the connection string came from (never the password).
    /// </summary>
    public static string RequireConnectionString(CliContext context, ParseResult parse)
    {
        var connectionString = context.ConnectionString(parse)
            ?? throw new UsageException(
                $"no database: pass --pg <connection string> or set the environment variable {PostGisDataSource.EnvironmentVariable}");
        var source = parse.GetValue(context.PgOption) is not null ? "--pg" : $"from {PostGisDataSource.EnvironmentVariable}";
        context.Error.WriteLine($"huayang: using PostGIS at {PostGisDataSource.Redact(connectionString)} ({source})");
        return connectionString;
    }

    /// <summary>A data source for the connection string, or a usage error when it cannot be parsed.</summary>
    public static NpgsqlDataSource Open(string connectionString)
    {
        try
        {
            return PostGisDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw new UsageException($"--pg: {message.Split('\n')[0]}");
        }
    }

    /// <summary>Runs a database command body, mapping database failures to a message and exit code 1.</summary>
    /// <param name="nothingChanged">Said after the failure, e.g. "nothing was loaded".</param>
    public static async Task<int> RunAsync(
        CliContext context, string connectionString, string nothingChanged, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (PostGisLoadException e)
        {
            await context.Error.WriteLineAsync($"huayang: {e.Message}");
            return HuayangCli.DataProblems;
        }
        catch (PostgresException e)
        {
            await context.Error.WriteLineAsync(
                $"huayang: PostgreSQL at {Server(connectionString)} answered: {e.MessageText} (SQLSTATE {e.SqlState}); {nothingChanged}"
                + Hint(e));
            return HuayangCli.DataProblems;
        }
        catch (NpgsqlException e)
        {
            await context.Error.WriteLineAsync(
                $"huayang: cannot use PostgreSQL at {Server(connectionString)}: {Reason(e)}; {nothingChanged}");
            return HuayangCli.DataProblems;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync($"huayang: cancelled; {nothingChanged}");
            return HuayangCli.DataProblems;
        }
    }

    /// <summary>Host and port of a connection string, for messages (the rest, password included, is left out).</summary>
    public static string Server(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host ?? "localhost"}:{builder.Port}";
    }

    /// <summary>The innermost cause (e.g. "Connection refused"), which names no credentials.</summary>
    private static string Reason(Exception e)
    {
        var reasons = new List<string>();
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            reasons.Add(cause.Message.Split('\n')[0].Trim().TrimEnd('.'));
        }
        return string.Join(": ", reasons.Distinct(StringComparer.Ordinal));
    }

    /// <summary>What to do about a refusal a user can fix, or empty.</summary>
    private static string Hint(PostgresException e)
    {
        if (e.SqlState != PostgresErrorCodes.InsufficientPrivilege || !e.MessageText.Contains("extension", StringComparison.Ordinal))
        {
            return "";
        }

        // The extension the message names: postgis (migration 1) or pgrouting (migration 3, the walking network).
        var extension = e.MessageText.Contains("\"pgrouting\"", StringComparison.Ordinal) ? "pgrouting" : "postgis";
        var what = extension == "pgrouting" ? "pgRouting (for walking distances)" : "PostGIS";
        return $". {what} is created by a superuser: have one run CREATE EXTENSION {extension}; in this database, then migrate or load again";
    }
}
