using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.PostGis.Tests.Loading;
using Huayang.Gis.PostGis.Tests.Support;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Store;

/// <summary>
/// Pages read from a query's kept ordered ids (<see cref="PostGisSpatialStore.QueryFeaturesAsync"/>): every page
/// and total against PostGIS asked directly, after edits that add, remove and change matches, and past the limit
/// of ids kept.
/// </summary>
public sealed class OrderedPagesTests
{
    private static readonly Envelope Box = new(104.03, 104.07, 30.47, 30.51);

    [SkippableFact]
    public async Task Every_page_follows_edits_that_remove_add_and_change_matches()
    {
        await using var database = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(database.DataSource, LoaderTestData.BundledDataset, LoaderTestData.DataDirectory);
        await using var store = await PostGisSpatialStore.OpenAsync(database.DataSource);
        var expected = await ReferenceAsync(database.DataSource);
        Assert.True(expected.Count > 30, $"the box holds {expected.Count} sites; the test needs several pages");
        await AssertPagesAsync(store, database.DataSource, limit: 10);

        // Removed: the first site of the second page. Added: a new site inside the box. Changed: the capacity of
        // the last site of the first page, which must show on that page's next read.
        var removed = expected[10];
        var changed = expected[9];
        var template = (await store.GetFeatureAsync(Layers.Sites, changed))!;
        Assert.Equal(EditStatus.Done, (await store.EditAsync(
            new FeatureEdit(Layers.Sites, removed, EditOperation.Delete, null, null, "test"))).Status);
        var updated = Copy(template, changed, capacity: 4321);
        Assert.Equal(EditStatus.Done, (await store.EditAsync(
            new FeatureEdit(Layers.Sites, changed, EditOperation.Replace, updated, null, "test"))).Status);
        var added = Copy(template, "site-ordered-pages-新", capacity: 7);
        Assert.Equal(EditStatus.Done, (await store.EditAsync(
            new FeatureEdit(Layers.Sites, "site-ordered-pages-新", EditOperation.Create, added, null, "test"))).Status);

        var now = await ReferenceAsync(database.DataSource);
        Assert.DoesNotContain(removed, now);
        Assert.Contains("site-ordered-pages-新", now);
        Assert.Equal(expected.Count, now.Count);
        await AssertPagesAsync(store, database.DataSource, limit: 10);
        var page = await store.QueryFeaturesAsync(new FeatureQuery(Layers.Sites, Box, [], 0, 10));
        var site = page.Features.Single(f => (string)f.Attributes["id"] == changed);
        Assert.Equal(4321L, Convert.ToInt64(site.Attributes["capacity"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task Queries_with_more_matches_than_are_kept_are_paged_and_counted_the_same()
    {
        await using var database = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(database.DataSource, LoaderTestData.BundledDataset, LoaderTestData.DataDirectory);
        await using var store = await PostGisSpatialStore.OpenAsync(database.DataSource);
        store.MaxOrderedIds = 15;
        await AssertPagesAsync(store, database.DataSource, limit: 10);
        await AssertPagesAsync(store, database.DataSource, limit: 10);
        store.MaxOrderedIds = 100_000;
        await AssertPagesAsync(store, database.DataSource, limit: 7);
    }

    /// <summary>Reads every page of the box twice (the second time from the kept ids) and compares each with PostGIS.</summary>
    private static async Task AssertPagesAsync(PostGisSpatialStore store, NpgsqlDataSource dataSource, int limit)
    {
        var expected = await ReferenceAsync(dataSource);
        for (var pass = 0; pass < 2; pass++)
        {
            var seen = new List<string>();
            for (long offset = 0; offset <= expected.Count; offset += limit)
            {
                var page = await store.QueryFeaturesAsync(new FeatureQuery(Layers.Sites, Box, [], offset, limit));
                Assert.Equal(expected.Count, page.NumberMatched);
                seen.AddRange(page.Features.Select(f => (string)f.Attributes["id"]));
            }
            Assert.Equal(expected, seen);
            var past = await store.QueryFeaturesAsync(new FeatureQuery(Layers.Sites, Box, [], expected.Count + 5, limit));
            Assert.Empty(past.Features);
            Assert.Equal(expected.Count, past.NumberMatched);
        }
    }

    /// <summary>The sites that intersect the box, in id order, asked of PostGIS directly.</summary>
    private static async Task<List<string>> ReferenceAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id FROM huayang.sites WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326)) ORDER BY id COLLATE \"C\"");
        foreach (var value in new[] { Box.MinX, Box.MinY, Box.MaxX, Box.MaxY })
        {
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = value });
        }
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static NetTopologySuite.Features.Feature Copy(NetTopologySuite.Features.IFeature template, string id, int capacity)
    {
        var attributes = new NetTopologySuite.Features.AttributesTable();
        foreach (var name in template.Attributes.GetNames())
        {
            attributes.Add(name, template.Attributes[name]);
        }
        attributes["id"] = id;
        attributes["capacity"] = capacity;
        return new NetTopologySuite.Features.Feature(template.Geometry.Copy(), attributes);
    }
}
