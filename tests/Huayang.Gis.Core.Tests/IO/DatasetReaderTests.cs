using System.Text;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;

namespace Huayang.Gis.Core.Tests.IO;

public sealed class DatasetReaderTests
{
    [Fact]
    public void Valid_dataset_reads_with_typed_values()
    {
        using var data = TempDataset.Valid();

        var dataset = DatasetReader.Read(data.Directory);

        Assert.Equal(Path.GetFullPath(data.Directory), dataset.Source);
        Assert.Equal(
            [new Community("qinghe", "清河社区", "Qinghe", 300, 120, dataset.Communities[0].Geometry),
             new Community("luhu", "麓湖国际社区", "Luhu International", 200, 80, dataset.Communities[1].Geometry)],
            dataset.Communities);
        Assert.Equal("POLYGON ((104.04 30.5, 104.05 30.5, 104.05 30.51, 104.04 30.51, 104.04 30.5))",
            dataset.Communities[0].Geometry.AsText());

        Assert.Equal(["axis", "point", "point", "belt", "zone", "zone", "zone"], dataset.Plan.Select(p => p.Kind));
        Assert.Equal("MultiPolygon", dataset.Plan[6].Geometry.GeometryType);
        Assert.Equal("Tianfu Avenue axis", dataset.Plan[0].NameEn);

        Assert.Equal(3, dataset.Sites.Count);
        var s1 = dataset.Sites[0];
        Assert.Equal(("s1", "清河幼儿园", "Qinghe Kindergarten", "kindergarten", "existing", (int?)180, "zone-1"),
            (s1.Id, s1.NameZh, s1.NameEn, s1.Category, s1.Status, s1.Capacity, s1.PlanElementId));
        Assert.Equal("POINT (104.042 30.502)", s1.Geometry.AsText());
        Assert.Null(dataset.Sites[1].Capacity);
        Assert.Null(dataset.Sites[1].PlanElementId);
        Assert.Equal("planned", dataset.Sites[1].Status);

        Assert.Equal([("p1", "qinghe", 100), ("p2", "qinghe", 200), ("p3", "luhu", 200)],
            dataset.Population.Select(p => (p.Id, p.CommunityId, p.Residents)));
        Assert.True(dataset.Layers[Layers.Population][1].Geometry.Contains(dataset.Population[1].Geometry));

        Assert.Equal(["5min", "10min", "15min"], dataset.LifeCircles.Levels.Select(l => l.Id));
        Assert.Equal(500, dataset.LifeCircles.Level("10min")!.RadiusM);
        Assert.Equal(14, dataset.LifeCircles.Categories.Count);
    }

    [Fact]
    public void Layers_hold_every_layer_with_srid_4326_and_optional_layers_empty()
    {
        using var data = TempDataset.Valid();

        var dataset = DatasetReader.Read(data.Directory);

        Assert.Equal(Layers.All.Order(), dataset.Layers.Keys.Order());
        Assert.Empty(dataset.Layers[Layers.Walkways]);
        Assert.Empty(dataset.Layers[Layers.Water]);
        Assert.Single(dataset.Layers[Layers.Roads]);
        Assert.Equal(7, dataset.Layers[Layers.Plan].Count);
        Assert.All(dataset.Layers.Values.SelectMany(f => f), f => Assert.Equal(4326, f.Geometry.SRID));
        Assert.All(dataset.Sites, s => Assert.Equal(4326, s.Geometry.SRID));
        Assert.All(dataset.Population, p => Assert.Equal(4326, p.Geometry.SRID));
    }

    [Fact]
    public void Attributes_are_normalised_clr_values_and_extra_properties_are_kept()
    {
        using var data = TempDataset.Valid();

        var park = DatasetReader.Read(data.Directory).Layers[Layers.Sites][2].Attributes;

        Assert.Equal(2019L, park["opened"]);
        Assert.Equal(4.5, park["area_ha"]);
        Assert.Equal(true, park["accessible"]);
        Assert.Null(park["note"]);
        Assert.Equal(new object?[] { "lake", 3L }, Assert.IsType<object?[]>(park["tags"]));
        Assert.Equal("028", Assert.IsAssignableFrom<IAttributesTable>(park["contact"])["phone"]);
        Assert.Equal("park", park["category"]);
        Assert.Equal(80.0, DatasetReader.Read(data.Directory).Layers[Layers.Communities][1].Attributes["households"]);
    }

    [Fact]
    public void Chinese_emoji_and_quotes_read_unchanged_with_or_without_a_byte_order_mark()
    {
        const string NameZh = "华阳「国际」社区 🌏🏫";
        const string NameEn = "O'Brien \"Lakeside\" School \\ 湖畔 👩‍👧";
        using var data = TempDataset.Valid();
        var text = File.ReadAllText(data.PathOf("sites.geojson"))
            .Replace("清河幼儿园", NameZh.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("Qinghe Kindergarten", "O'Brien \\\"Lakeside\\\" School \\\\ 湖畔 👩‍👧", StringComparison.Ordinal);
        File.WriteAllText(data.PathOf("sites.geojson"), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var site = DatasetReader.Read(data.Directory).Sites[0];

        Assert.Equal(NameZh, site.NameZh);
        Assert.Equal(NameEn, site.NameEn);
    }

    [Fact]
    public void A_feature_id_outside_properties_is_used_as_the_id()
    {
        using var data = TempDataset.Valid();
        data.EditFeature("roads", 0, f =>
        {
            f["properties"]!.AsObject().Remove("id");
            f["id"] = 7;
        });

        var road = DatasetReader.Read(data.Directory).Layers[Layers.Roads][0];

        Assert.Equal("7", road.Attributes["id"]);
    }

    [Fact]
    public void One_bad_feature_in_the_middle_throws_and_nothing_is_returned()
    {
        using var data = TempDataset.Valid();
        data.SetGeometry("sites", 1, TempDataset.Point(200, 30.5));
        Dataset? dataset = null;

        var error = Assert.Throws<DatasetValidationException>(() => dataset = DatasetReader.Read(data.Directory));

        Assert.Null(dataset);
        var problem = Assert.Single(error.Problems);
        Assert.Equal((1, "s2"), (problem.FeatureIndex, problem.FeatureId));
        Assert.Equal(data.Directory, error.Path);
        Assert.Contains("has 1 problem:", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_not_only_the_first()
    {
        using var data = TempDataset.Valid();
        data.SetProperty("communities", 0, "population", "abc")
            .SetProperty("communities", 1, "name_en", null, remove: true)
            .SetGeometry("plan", 0, TempDataset.Point(104.045, 30.5))
            .SetProperty("sites", 0, "category", "casino")
            .SetProperty("sites", 2, "status", "closed")
            .SetProperty("population", 2, "residents", 12.5)
            .Edit("life-circles.json", n => n["levels"]![2]!["minutes"] = "fifteen");

        var error = Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(data.Directory));

        Assert.Equal(
            [
                ("communities.geojson", 0, "population"),
                ("communities.geojson", 1, "name_en"),
                ("plan.geojson", 0, "geometry"),
                ("sites.geojson", 2, "status"),
                ("population.geojson", 2, "residents"),
                ("life-circles.json", -1, "levels[2].minutes"),
                ("sites.geojson", 0, "category"),
            ],
            error.Problems.Select(p => (p.File, p.FeatureIndex ?? -1, p.Field!)));
        Assert.Contains("has 7 problems:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_message_lists_the_first_problems_and_the_count()
    {
        using var data = TempDataset.Valid();
        for (var i = 0; i < 12; i++)
        {
            data.AddFeature("walkways", """{"type": "Point", "coordinates": [104.05, 30.5]}""",
                $$"""{"id": "w{{i}}", "kind": "path"}""");
        }

        var error = Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(data.Directory));

        Assert.Equal(12, error.Problems.Count);
        Assert.Contains("has 12 problems:", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Problems[9].ToString(), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Problems[10].ToString(), error.Message, StringComparison.Ordinal);
        Assert.EndsWith("... and 2 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_directory_is_a_problem()
    {
        var missing = Path.Combine(Path.GetTempPath(), "huayang-no-such-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(missing));

        Assert.Equal("no such directory", Assert.Single(error.Problems).Message);
        Assert.Equal("no such file or directory", Assert.Single(DatasetReader.Validate(missing)).Message);
    }

    [Fact]
    public void Valid_dataset_has_no_problems()
    {
        using var data = TempDataset.Valid();

        Assert.Empty(DatasetReader.Validate(data.Directory));
        Assert.Empty(DatasetReader.Validate(data.PathOf("sites.geojson")));
        Assert.Empty(DatasetReader.Validate(data.PathOf("life-circles.json")));
        Assert.Empty(DatasetReader.Validate(TempDataset.RepositoryLifeCircles()));
    }

    [Fact]
    public void Validating_one_layer_file_checks_that_layer_only()
    {
        using var data = TempDataset.Valid();
        data.SetProperty("sites", 0, "category", "casino")
            .SetProperty("sites", 1, "status", "closed");

        var problem = Assert.Single(DatasetReader.Validate(data.PathOf("sites.geojson")));

        Assert.Equal(("sites.geojson", 1, "status"), (problem.File, problem.FeatureIndex, problem.Field));
    }

    [Fact]
    public void Validating_a_file_of_an_unknown_layer_names_the_known_layers()
    {
        using var data = TempDataset.Valid();
        File.Copy(data.PathOf("sites.geojson"), data.PathOf("old.sites.geojson"));

        var problem = Assert.Single(DatasetReader.Validate(data.PathOf("old.sites.geojson")));

        Assert.Equal("old.sites.geojson", problem.File);
        Assert.Contains("unknown layer", problem.Message, StringComparison.Ordinal);
        Assert.Contains("communities.geojson, plan.geojson, sites.geojson, population.geojson, walkways.geojson, " +
            "water.geojson, roads.geojson, life-circles.json", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validating_life_circles_json_alone_checks_its_structure()
    {
        using var data = TempDataset.Valid();
        data.Edit("life-circles.json", n => n["levels"]![0]!["id"] = "10min");

        var problem = Assert.Single(DatasetReader.Validate(data.PathOf("life-circles.json")));

        Assert.Equal(
            new DatasetProblem("life-circles.json", null, "10min", "levels[1].id", "10min", "duplicate id: levels[0] has the same id"),
            problem);
    }
}
