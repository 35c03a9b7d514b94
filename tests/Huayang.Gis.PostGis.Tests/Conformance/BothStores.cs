using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.PostGis.Tests.Loading;
using Huayang.Gis.PostGis.Tests.Support;

namespace Huayang.Gis.PostGis.Tests.Conformance;

/// <summary>
/// The bundled data twice: in the in-memory store, and loaded by <c>PostGisLoader</c> into a fresh
/// PostGIS database behind <see cref="PostGisSpatialStore"/>. Shared by the conformance tests.
/// </summary>
public sealed class BothStores : IAsyncLifetime
{
    private TestDatabase? _database;
    private Exception? _unavailable;

    public InMemorySpatialStore Memory { get; private set; } = null!;

    public PostGisSpatialStore PostGis { get; private set; } = null!;

    /// <summary>The loaded database's connection string, for the CLI's <c>--pg</c>.</summary>
    public string ConnectionString => _database?.ConnectionString ?? "";

    public async Task InitializeAsync()
    {
        var dataset = LoaderTestData.BundledDataset;
        Memory = new InMemorySpatialStore(dataset);
        try
        {
            _database = await TestDatabase.CreateAsync();
        }
        catch (Exception e) when (e is SkipException or Xunit.Sdk.FailException)
        {
            _unavailable = e;
            return;
        }
        await PostGisLoader.LoadAsync(_database.DataSource, dataset,
            new LoadOptions(Replace: false, Source: LoaderTestData.DataDirectory, Checksum: DatasetChecksum.Compute(LoaderTestData.DataDirectory)));
        PostGis = await PostGisSpatialStore.OpenAsync(_database.DataSource);
    }

    /// <summary>Skips (or, under CI, fails) the calling test when there is no database.</summary>
    public void Require()
    {
        if (_unavailable is not null)
        {
            TestDatabase.RequireServer();
        }
    }

    public async Task DisposeAsync()
    {
        if (PostGis is not null)
        {
            await PostGis.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
