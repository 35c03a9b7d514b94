using System.Text.Json.Nodes;
using Huayang.Gis.Core.IO;

namespace Huayang.Gis.Core.Tests.IO;

/// <summary>
/// Each case breaks one thing in an otherwise valid dataset and expects exactly one problem naming the right
/// file, feature (0-based index and id), field and value, with a message containing the given words.
/// </summary>
public sealed class BadInputTests
{
    private sealed record Case(Action<TempDataset> Break, DatasetProblem Expected);

    private static DatasetProblem P(string file, int? index, string? id, string? field, string? value, string message) =>
        new(file, index, id, field, value, message);

    private const string Communities = "communities.geojson";
    private const string Sites = "sites.geojson";
    private const string Plan = "plan.geojson";
    private const string Population = "population.geojson";
    private const string LifeCircles = "life-circles.json";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["self-intersecting bowtie polygon"] = new(
            d => d.SetGeometry("communities", 0, """
                {"type": "Polygon", "coordinates": [[[104.0, 30.5], [104.5, 31.0], [104.5, 30.5], [104.0, 31.0], [104.0, 30.5]]]}
                """),
            P(Communities, 0, "qinghe", "geometry", "(104.25, 30.75)", "invalid geometry: Self-intersection")),
        ["ring that is not closed"] = new(
            d => d.SetGeometry("communities", 0, """
                {"type": "Polygon", "coordinates": [[[104.04, 30.5], [104.05, 30.5], [104.05, 30.51], [104.04, 30.51]]]}
                """),
            P(Communities, 0, "qinghe", "geometry", "Polygon", "geometry cannot be read")),
        ["point in the communities layer"] = new(
            d => d.SetGeometry("communities", 1, TempDataset.Point(104.055, 30.505)),
            P(Communities, 1, "luhu", "geometry", "Point", "wrong geometry type: layer communities takes Polygon or MultiPolygon")),
        ["missing name_zh"] = new(
            d => d.SetProperty("communities", 0, "name_zh", null, remove: true),
            P(Communities, 0, "qinghe", "name_zh", null, "missing required field")),
        ["name_en a number"] = new(
            d => d.SetProperty("communities", 0, "name_en", 42),
            P(Communities, 0, "qinghe", "name_en", "42", "expected a string")),
        ["population \"abc\""] = new(
            d => d.SetProperty("communities", 1, "population", "abc"),
            P(Communities, 1, "luhu", "population", "abc", "expected an integer")),
        ["population 12.5"] = new(
            d => d.SetProperty("communities", 1, "population", 12.5),
            P(Communities, 1, "luhu", "population", "12.5", "expected an integer")),
        ["households negative"] = new(
            d => d.SetProperty("communities", 1, "households", -1),
            P(Communities, 1, "luhu", "households", "-1", "must be at least 0")),
        ["duplicate id"] = new(
            d => d.SetProperty("sites", 2, "id", "s1"),
            P(Sites, 2, "s1", "id", "s1", "duplicate id: feature #0 has the same id")),
        ["id missing"] = new(
            d => d.SetProperty("sites", 1, "id", null, remove: true),
            P(Sites, 1, null, "id", null, "missing required field")),
        ["longitude 200"] = new(
            d => d.SetGeometry("sites", 1, TempDataset.Point(200, 30.5)),
            P(Sites, 1, "s2", "geometry", "(200, 30.5)", "longitude 200 is outside [-180, 180]")),
        ["lat/lon swapped (30.5, 104.05)"] = new(
            d => d.SetGeometry("sites", 0, TempDataset.Point(30.5, 104.05)),
            P(Sites, 0, "s1", "geometry", "(30.5, 104.05)", "looks like latitude, longitude order; GeoJSON is longitude, latitude")),
        ["latitude beyond 90 that fits as longitude"] = new(
            d => d.SetGeometry("sites", 0, TempDataset.Point(-33.9, 151.2)),
            P(Sites, 0, "s1", "geometry", "(-33.9, 151.2)", "looks like latitude, longitude order")),
        ["coordinate 1e999 (Infinity)"] = new(
            d => d.Replace(Sites, "104.052", "1e999"),
            P(Sites, 1, "s2", "geometry", "1e999", "not a finite number")),
        ["extra property 1e999"] = new(
            d => d.Replace(Sites, "\"opened\": 2019", "\"opened\": -1e999"),
            P(Sites, 2, "s3", "opened", "-1e999", "not a finite number")),
        ["missing geometry"] = new(
            d => d.EditFeature("sites", 1, f => f.Remove("geometry")),
            P(Sites, 1, "s2", "geometry", null, "missing geometry")),
        ["empty geometry"] = new(
            d => d.SetGeometry("plan", 5, """{"type": "Polygon", "coordinates": []}"""),
            P(Plan, 5, "zone-2", "geometry", "Polygon", "geometry is empty")),
        ["status not allowed"] = new(
            d => d.SetProperty("sites", 0, "status", "closed"),
            P(Sites, 0, "s1", "status", "closed", "expected one of: existing, planned")),
        ["capacity \"ten\""] = new(
            d => d.SetProperty("sites", 0, "capacity", "ten"),
            P(Sites, 0, "s1", "capacity", "ten", "expected an integer")),
        ["unknown category"] = new(
            d => d.SetProperty("sites", 0, "category", "casino"),
            P(Sites, 0, "s1", "category", "casino", "not a category of life-circles.json")),
        ["unknown plan element"] = new(
            d => d.SetProperty("sites", 0, "plan_element", "zone-9"),
            P(Sites, 0, "s1", "plan_element", "zone-9", "unknown id: no feature of plan.geojson has this id")),
        ["unknown community_id"] = new(
            d => d.AddFeature("population", TempDataset.Point(104.05, 30.5), """{"id": "p4", "community_id": "nowhere", "residents": 5}"""),
            P(Population, 3, "p4", "community_id", "nowhere", "unknown id: no feature of communities.geojson has this id")),
        ["residents not summing to the population"] = new(
            d => d.SetProperty("population", 0, "residents", 99),
            P(Communities, 0, "qinghe", "population", "300", "add up to 299, not the community's population 300")),
        ["plan axis given as a Point"] = new(
            d => d.SetGeometry("plan", 0, TempDataset.Point(104.045, 30.5)),
            P(Plan, 0, "axis-1", "geometry", "Point", "kind \"axis\" needs LineString geometry")),
        ["plan kind not allowed"] = new(
            d => d.SetProperty("plan", 1, "kind", "node"),
            P(Plan, 1, "point-1", "kind", "node", "expected one of: axis, point, belt, zone")),
        ["broken JSON"] = new(
            d => d.WriteRaw(Sites, "{\"type\": \"FeatureCollection\",\n \"features\": [ {\"type\": } ]}"),
            P(Sites, null, null, null, null, "not valid JSON at line 2, position 25")),
        ["not a FeatureCollection"] = new(
            d => d.WriteRaw(Plan, """{"type": "Feature", "geometry": null, "properties": {}}"""),
            P(Plan, null, null, null, "Feature", "not a GeoJSON FeatureCollection")),
        ["empty FeatureCollection for a required layer"] = new(
            d => d.WriteRaw(Sites, """{"type": "FeatureCollection", "features": []}"""),
            P(Sites, null, null, null, null, "no features; the required layer sites needs at least one")),
        ["required file missing"] = new(
            d => d.Delete(Population),
            P(Population, null, null, null, null, "required file is missing")),
        ["another crs"] = new(
            d => d.Edit(Sites, n => n["crs"] = JsonNode.Parse("""{"type": "name", "properties": {"name": "EPSG:4544"}}""")),
            P(Sites, null, null, "crs", "EPSG:4544", "only WGS84 longitude, latitude")),
        ["life circle radius 0"] = new(
            d => d.Edit(LifeCircles, n => n["levels"]![1]!["radius_m"] = 0),
            P(LifeCircles, null, "10min", "levels[1].radius_m", "0", "must be greater than 0")),
        ["life circle requiring an unknown category"] = new(
            d => d.Edit(LifeCircles, n => n["levels"]![0]!["required_categories"]![0] = "kindergarden"),
            P(LifeCircles, null, "5min", "levels[0].required_categories[0]", "kindergarden", "unknown category")),
        ["life circle category without name_en"] = new(
            d => d.Edit(LifeCircles, n => n["categories"]![2]!.AsObject().Remove("name_en")),
            P(LifeCircles, null, "middle_school", "categories[2].name_en", null, "missing required field")),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void One_broken_thing_is_one_problem_naming_its_place(string name)
    {
        var @case = Cases[name];
        using var data = TempDataset.Valid();
        @case.Break(data);

        var problems = DatasetReader.Validate(data.Directory);

        var problem = Assert.Single(problems);
        Assert.Equal(@case.Expected with { Message = problem.Message }, problem);
        Assert.Contains(@case.Expected.Message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Read_throws_with_the_same_problem(string name)
    {
        using var data = TempDataset.Valid();
        Cases[name].Break(data);

        var error = Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(data.Directory));

        Assert.Equal(DatasetReader.Validate(data.Directory), error.Problems);
    }
}
