using Huayang.Gis.PostGis.Tests.Support;

namespace Huayang.Gis.PostGis.Tests;

/// <summary>The test server is what the project needs: PostgreSQL 15 with PostGIS 3 and pgRouting.</summary>
public sealed class ServerTests
{
    [SkippableFact]
    public async Task Test_databases_have_postgis_3_and_pgrouting()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var command = db.DataSource.CreateCommand(
            "SELECT current_setting('server_version_num')::int, postgis_lib_version(), pgr_version()");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.InRange(reader.GetInt32(0), 150000, 159999);
        Assert.StartsWith("3.", reader.GetString(1));
        Assert.False(string.IsNullOrEmpty(reader.GetString(2)));
    }

    [Fact]
    public void Redact_hides_the_password()
    {
        var redacted = PostGisDataSource.Redact("Host=db;Username=planner;Password=s3cret;Database=huayang");
        Assert.DoesNotContain("s3cret", redacted);
        Assert.Contains("Host=db", redacted);
    }
}
