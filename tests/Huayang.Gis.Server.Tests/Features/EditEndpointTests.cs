using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Crs;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>
/// Edits through OGC API – Features Part 4 on a real PostGIS: what a designer's client does (add, read with its ETag,
/// replace, patch in another CRS, delete) and what it must never be able to do (write without a key, overwrite a
/// version it has not seen, store a feature a load would refuse, break a reference). Every refusal is 4xx
/// problem+json and leaves the tables exactly as they were (checksums); every change is in the history.
/// </summary>
public sealed class EditEndpointTests(EditApp app) : IClassFixture<EditApp>
{
    private const string NewSite = """
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [104.0701, 30.4802]},
         "properties": {"name_zh": "华阳国际人才公寓", "name_en": "Huayang Talent Apartments", "category": "talent_service",
                        "status": "planned", "capacity": 120, "plan_element": "zone-education-talent", "community_id": "hubin"}}
        """;

    [SkippableFact]
    public async Task A_site_is_added_read_replaced_patched_in_EPSG_4544_and_deleted_and_every_step_is_in_its_history()
    {
        using var alice = app.Client(EditApp.AliceKey);
        using var bob = app.Client(EditApp.BobKey);

        // Add: 201, Location, a strong ETag, the server naming the feature.
        using var created = await alice.PostAsync("collections/sites/items", EditApp.GeoJson(NewSite));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var location = created.Headers.Location!;
        Assert.Matches("^/collections/sites/items/sites-[0-9a-f]{12}$", location.AbsolutePath);
        var id = location.AbsolutePath.Split('/')[^1];
        var etag = created.Headers.ETag!;
        Assert.False(etag.IsWeak);

        // Read back: the same ETag, Chinese intact, the point where it was put.
        var (feature, readTag) = await GetAsync(alice, id);
        Assert.Equal(etag, readTag);
        Assert.Equal("华阳国际人才公寓", (string?)feature["properties"]!["name_zh"]);
        Assert.Equal(104.0701, (double)feature["geometry"]!["coordinates"]![0]!, 9);

        // Replace with the version read: 204 and a new version.
        var replaced = NewSite.Replace("Huayang Talent Apartments", "Talent Apartments", StringComparison.Ordinal);
        using var put = await SendAsync(bob, HttpMethod.Put, id, replaced, etag);
        Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        var afterPut = put.Headers.ETag!;
        Assert.NotEqual(etag, afterPut);

        // Alice still holds the first version: 412 with the current one, and nothing changes.
        var before = await app.TablesChecksumAsync();
        using var stale = await SendAsync(alice, HttpMethod.Put, id, NewSite, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var problem = await ProblemAsync(stale);
        Assert.Equal(afterPut.Tag, (string?)problem["currentVersion"]);
        Assert.Equal(afterPut, stale.Headers.ETag);
        Assert.Equal(before, await app.TablesChecksumAsync());
        Assert.Equal("Talent Apartments", (string?)(await GetAsync(alice, id)).Feature["properties"]!["name_en"]);

        // The edit shows at once in the tiles: a new ETag for the tile of the sites.
        var tileBefore = await TileTagAsync(alice);

        // Patch: move it, the new position given in EPSG:4544 metres (Content-Crs; northing first, as Part 2 orders
        // that CRS's axes), and drop the capacity.
        var target = (104.0712, 30.4811);
        var metric = MetricProjection.ToMetric(target.Item1, target.Item2);
        var patch = $$$"""{"geometry": {"type": "Point", "coordinates": [{{{metric.Y:R}}}, {{{metric.X:R}}}]}, "properties": {"capacity": null}}""";
        using var patchRequest = new HttpRequestMessage(HttpMethod.Patch, $"collections/sites/items/{id}")
        {
            Content = EditApp.GeoJson(patch, "application/merge-patch+json"),
        };
        patchRequest.Headers.IfMatch.Add(afterPut);
        patchRequest.Content.Headers.Add("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/4544>");
        using var patched = await alice.SendAsync(patchRequest);
        Assert.True(patched.StatusCode == HttpStatusCode.NoContent, await patched.Content.ReadAsStringAsync());
        var (moved, movedTag) = await GetAsync(alice, id);
        Assert.Equal(patched.Headers.ETag, movedTag);
        Assert.Equal(target.Item1, (double)moved["geometry"]!["coordinates"]![0]!, 7);
        Assert.Equal(target.Item2, (double)moved["geometry"]!["coordinates"]![1]!, 7);
        Assert.False(moved["properties"]!.AsObject().ContainsKey("capacity") && moved["properties"]!["capacity"] is not null);
        Assert.Equal("Talent Apartments", (string?)moved["properties"]!["name_en"]); // untouched fields kept

        Assert.NotEqual(tileBefore, await TileTagAsync(alice));

        // The edit shows at once: the items of a box around the new place list it.
        var box = await JsonAsync(alice, $"collections/sites/items?bbox=104.0711,30.4810,104.0713,30.4812&f=json");
        Assert.Contains(box["features"]!.AsArray(), f => (string?)f!["id"] == id);

        // Delete: 204, then 404; the history keeps every step with its key and before/after.
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"collections/sites/items/{id}");
        delete.Headers.IfMatch.Add(movedTag);
        using var deleted = await bob.SendAsync(delete);
        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync());
        using var gone = await alice.GetAsync($"collections/sites/items/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        var history = await JsonAsync(alice, $"collections/sites/items/{id}/history");
        var changes = history["changes"]!.AsArray();
        Assert.Equal(["create", "replace", "update", "delete"], changes.Select(c => (string?)c!["operation"]));
        Assert.Equal(["alice", "bob", "alice", "bob"], changes.Select(c => (string?)c!["key"]));
        Assert.Null(changes[0]!["before"]);
        Assert.Equal("华阳国际人才公寓", (string?)changes[0]!["after"]!["properties"]!["name_zh"]);
        Assert.Equal("Talent Apartments", (string?)changes[3]!["before"]!["properties"]!["name_en"]);
        Assert.Null(changes[3]!["after"]);
    }

    public static TheoryData<string, string, string, int, string> Refusals() => new()
    {
        // name, method, body, expected status, a word the problem must contain
        { "no key", "POST-nokey", NewSite, 401, "Authorization" },
        { "a wrong key", "POST-wrongkey", NewSite, 401, "not one of the configured keys" },
        { "not JSON", "POST", "{\"type\": \"Feature\", ", 400, "not JSON" },
        { "an array", "POST", "[1, 2]", 400, "GeoJSON Feature" },
        { "a polygon for a site", "POST", NewSite.Replace("\"type\": \"Point\", \"coordinates\": [104.0701, 30.4802]", "\"type\": \"Polygon\", \"coordinates\": [[[104.07, 30.48], [104.08, 30.48], [104.08, 30.49], [104.07, 30.48]]]", StringComparison.Ordinal), 422, "geometry" },
        { "an unknown category", "POST", NewSite.Replace("talent_service", "casino", StringComparison.Ordinal), 422, "casino" },
        { "an unknown community", "POST", NewSite.Replace("\"hubin\"", "\"atlantis\"", StringComparison.Ordinal), 422, "atlantis" },
        { "an unknown plan element", "POST", NewSite.Replace("zone-education-talent", "zone-nowhere", StringComparison.Ordinal), 422, "zone-nowhere" },
        { "a status not allowed", "POST", NewSite.Replace("\"planned\"", "\"closed\"", StringComparison.Ordinal), 422, "closed" },
        { "a negative capacity", "POST", NewSite.Replace("120", "-5", StringComparison.Ordinal), 422, "capacity" },
        { "latitude out of range", "POST", NewSite.Replace("30.4802", "130.4802", StringComparison.Ordinal), 422, "130.4802" },
        { "a missing name", "POST", NewSite.Replace("\"name_zh\": \"华阳国际人才公寓\", ", "", StringComparison.Ordinal), 422, "name_zh" },
        { "an id that is taken", "POST", NewSite.Replace("{\"type\": \"Feature\",", "{\"type\": \"Feature\", \"id\": \"site-sports-town\",", StringComparison.Ordinal), 409, "site-sports-town" },
        { "a text body", "POST-text", NewSite, 415, "application/geo+json" },
        { "an unknown Content-Crs", "POST-crs", NewSite, 400, "Content-Crs" },
        { "PUT without If-Match", "PUT-noifmatch", NewSite, 428, "If-Match" },
        { "PUT with another id", "PUT", NewSite.Replace("{\"type\": \"Feature\",", "{\"type\": \"Feature\", \"id\": \"site-other\",", StringComparison.Ordinal), 400, "site-other" },
        { "PUT with a wrong version", "PUT-wrongtag", NewSite, 412, "has changed" },
        { "PATCH removing a required field", "PATCH", "{\"properties\": {\"category\": null}}", 422, "category" },
        { "a feature that does not exist", "PUT-missing", NewSite, 404, "site-missing" },
        { "a community (not editable)", "POST-communities", NewSite, 405, "load" },
        { "deleting a plan zone sites belong to", "DELETE-zone", "", 422, "site-sports-town" },
    };

    [SkippableTheory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_edit_is_a_problem_naming_what_is_wrong_and_changes_nothing(
        string name, string method, string body, int status, string word)
    {
        using var alice = app.Client(EditApp.AliceKey);
        var (_, currentTag) = await GetAsync(alice, "site-sports-town");
        var (_, zoneTag) = await GetAsync(alice, "zone-health-sports", "plan");
        var before = await app.TablesChecksumAsync();

        using var request = method switch
        {
            "POST" or "POST-nokey" or "POST-wrongkey" or "POST-crs" => Message(HttpMethod.Post, "collections/sites/items", body),
            "POST-text" => Message(HttpMethod.Post, "collections/sites/items", body, "text/plain"),
            "POST-communities" => Message(HttpMethod.Post, "collections/communities/items", body),
            "PUT" or "PUT-noifmatch" => Message(HttpMethod.Put, "collections/sites/items/site-sports-town", body),
            "PUT-wrongtag" => Message(HttpMethod.Put, "collections/sites/items/site-sports-town", body),
            "PUT-missing" => Message(HttpMethod.Put, "collections/sites/items/site-missing", body),
            "PATCH" => Message(HttpMethod.Patch, "collections/sites/items/site-sports-town", body, "application/merge-patch+json"),
            "DELETE-zone" => new HttpRequestMessage(HttpMethod.Delete, "collections/plan/items/zone-health-sports"),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, name),
        };
        if (method is "PUT" or "PATCH")
        {
            request.Headers.IfMatch.Add(currentTag);
        }
        else if (method == "PUT-wrongtag")
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"0\""));
        }
        else if (method == "PUT-missing")
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1.0\""));
        }
        else if (method == "DELETE-zone")
        {
            request.Headers.IfMatch.Add(zoneTag);
        }

        if (method == "POST-crs")
        {
            request.Content!.Headers.Add("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/9999>");
        }

        using var client = method switch
        {
            "POST-nokey" => app.Client(),
            "POST-wrongkey" => app.Client("not-a-key"),
            _ => app.Client(EditApp.AliceKey),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(word, text, StringComparison.Ordinal);
        Assert.Equal(before, await app.TablesChecksumAsync());
    }

    [SkippableFact]
    public async Task A_deleted_site_is_restored_from_its_history_as_it_was()
    {
        using var alice = app.Client(EditApp.AliceKey);
        using var created = await alice.PostAsync("collections/sites/items", EditApp.GeoJson(NewSite));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = created.Headers.Location!.AbsolutePath.Split('/')[^1];
        var (original, tag) = await GetAsync(alice, id);
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"collections/sites/items/{id}"))
        {
            delete.Headers.IfMatch.Add(tag);
            using var deleted = await alice.SendAsync(delete);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var changes = (await JsonAsync(alice, $"collections/sites/items/{id}/history"))["changes"]!.AsArray();
        var deleteSeq = (long)changes[^1]!["seq"]!;
        using var anonymous = app.Client();
        using (var refused = await anonymous.PostAsync($"collections/sites/items/{id}/history/{deleteSeq}/restore", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var restored = await alice.PostAsync($"collections/sites/items/{id}/history/{deleteSeq}/restore", null);
        Assert.True(restored.StatusCode == HttpStatusCode.NoContent, await restored.Content.ReadAsStringAsync());
        var (back, backTag) = await GetAsync(alice, id);
        Assert.Equal(restored.Headers.ETag, backTag);
        Assert.Equal(original["properties"]!.ToJsonString(), back["properties"]!.ToJsonString());
        Assert.Equal(original["geometry"]!.ToJsonString(), back["geometry"]!.ToJsonString());
        changes = (await JsonAsync(alice, $"collections/sites/items/{id}/history"))["changes"]!.AsArray();
        Assert.Equal(["create", "delete", "restore"], changes.Select(c => (string?)c!["operation"]));

        // Restoring the creation's state over the live feature needs its version, like any other write.
        using var again = await alice.PostAsync($"collections/sites/items/{id}/history/{(long)changes[0]!["seq"]!}/restore", null);
        Assert.Equal((HttpStatusCode)428, again.StatusCode);
    }

    [SkippableFact]
    public async Task Of_twenty_writers_from_the_same_version_exactly_one_wins_and_the_history_has_exactly_its_change()
    {
        using var alice = app.Client(EditApp.AliceKey);
        using var created = await alice.PostAsync("collections/sites/items", EditApp.GeoJson(NewSite));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = created.Headers.Location!.AbsolutePath.Split('/')[^1];
        var etag = created.Headers.ETag!;

        var writers = Enumerable.Range(0, 20).Select(async i =>
        {
            using var client = app.Client(i % 2 == 0 ? EditApp.AliceKey : EditApp.BobKey);
            using var request = Message(HttpMethod.Put, $"collections/sites/items/{id}",
                NewSite.Replace("\"capacity\": 120", $"\"capacity\": {i}", StringComparison.Ordinal));
            request.Headers.IfMatch.Add(etag);
            using var response = await client.SendAsync(request);
            return (i, response.StatusCode);
        }).ToList();
        var results = await Task.WhenAll(writers);

        var winners = results.Where(r => r.StatusCode == HttpStatusCode.NoContent).ToList();
        Assert.Single(winners);
        Assert.All(results.Except(winners), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var changes = (await JsonAsync(alice, $"collections/sites/items/{id}/history"))["changes"]!.AsArray();
        Assert.Equal(["create", "replace"], changes.Select(c => (string?)c!["operation"]));
        Assert.Equal(winners[0].i, (int)changes[1]!["after"]!["properties"]!["capacity"]!);
        Assert.Equal(winners[0].i, (int)(await GetAsync(alice, id)).Feature["properties"]!["capacity"]!);
    }

    [SkippableFact]
    public async Task Options_list_what_each_collection_allows_and_conformance_declares_part_4()
    {
        using var client = app.Client();
        async Task<string> AllowAsync(string path)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, path));
            Assert.True(response.IsSuccessStatusCode, $"OPTIONS {path}: {(int)response.StatusCode}");
            return string.Join(", ", response.Content.Headers.Allow);
        }

        Assert.Equal("GET, POST, OPTIONS", await AllowAsync("collections/sites/items"));
        Assert.Equal("GET, PUT, PATCH, DELETE, OPTIONS", await AllowAsync("collections/sites/items/site-sports-town"));
        Assert.Equal("GET, POST, OPTIONS", await AllowAsync("collections/plan/items"));
        Assert.Equal("GET, OPTIONS", await AllowAsync("collections/communities/items"));
        Assert.Equal("GET, OPTIONS", await AllowAsync("collections/population/items/x"));

        var conformance = (await JsonAsync(client, "conformance?f=json"))["conformsTo"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete", conformance);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-common-5/1.0/conf/optimistic-locking-etags", conformance);
    }

    /// <summary>The ETag of the z14 tile of the sites over the street.</summary>
    private static async Task<EntityTagHeaderValue> TileTagAsync(HttpClient client)
    {
        var (ux, uy) = Huayang.Gis.Core.Tiles.VectorTileThinning.WorldUnits(104.0712, 30.4811, 14);
        var (x, y) = ((int)(ux / Huayang.Gis.Core.Tiles.VectorTileGrid.Extent), (int)(uy / Huayang.Gis.Core.Tiles.VectorTileGrid.Extent));
        using var response = await client.GetAsync($"tiles/sites/14/{x}/{y}.mvt");
        Assert.True(response.IsSuccessStatusCode, $"tile: {(int)response.StatusCode}");
        return response.Headers.ETag ?? throw new Xunit.Sdk.XunitException("the tile has no ETag");
    }

    private static HttpRequestMessage Message(HttpMethod method, string path, string body, string type = "application/geo+json") =>
        new(method, path) { Content = EditApp.GeoJson(body, type) };

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string id, string body, EntityTagHeaderValue ifMatch)
    {
        var request = Message(method, $"collections/sites/items/{id}", body);
        request.Headers.IfMatch.Add(ifMatch);
        return client.SendAsync(request);
    }

    private static async Task<(JsonNode Feature, EntityTagHeaderValue ETag)> GetAsync(HttpClient client, string id, string collection = "sites")
    {
        using var response = await client.GetAsync($"collections/{collection}/items/{id}?f=json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {collection}/{id}: {(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text)!, response.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"GET {collection}/{id} has no ETag"));
    }

    private static async Task<JsonNode> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
