using System.Net.Http.Headers;
using System.Text;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Server.Tests.Analysis;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>
/// The server in process on a PostGIS database of its own, loaded with the repository's data by <c>huayang load</c>,
/// with two API keys (<c>alice</c>, <c>bob</c>) configured by their SHA-256 as an operator would.
/// </summary>
public sealed class EditApp : IAsyncLifetime
{
    private AnalysisDatabase? _database;
    private Factory? _factory;
    private Factory? _second;

    public static string AliceKey { get; } = EditKeys.NewKey();

    public static string BobKey { get; } = EditKeys.NewKey();

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await AnalysisDatabase.CreateAsync();
        await LoadedDatabase.LoadAsync(_database.ConnectionString, RepositoryRoot.DataDirectory);
        _factory = new Factory(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A client; with <paramref name="key"/> it sends <c>Authorization: Bearer</c>.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = _factory!.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A client of a second server on the same database (its own store, caches and change feed), started on first use.</summary>
    public HttpClient SecondServer(string? key = null)
    {
        lock (this)
        {
            _second ??= new Factory(_database!.ConnectionString);
        }

        var client = _second.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A fingerprint of every table an edit can touch: equal before and after means nothing changed.</summary>
    public async Task<string> TablesChecksumAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT concat_ws(' ',
              (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY id COLLATE "C"), '')) FROM huayang.sites t),
              (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY id COLLATE "C"), '')) FROM huayang.plan t),
              (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY id COLLATE "C"), '')) FROM huayang.communities t),
              (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY seq), '')) FROM huayang.feature_history t),
              (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY version), '')) FROM huayang.dataset_versions t))
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static StringContent GeoJson(string json, string type = "application/geo+json") => new(json, Encoding.UTF8, type);

    private sealed class Factory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:PostGis", connectionString);
            builder.UseSetting("Editing:Keys:alice", EditKeys.Hash(AliceKey));
            builder.UseSetting("Editing:Keys:bob", EditKeys.Hash(BobKey));
            builder.UseEnvironment("Production");
        }
    }
}
