using Huayang.Gis.Core.IO;

namespace Huayang.Gis.Core.Tests.IO;

/// <summary>Further service standards: <c>standard-*.json</c> beside <c>life-circles.json</c>, read and checked like it.</summary>
public sealed class ServiceStandardTests
{
    [Fact]
    public void A_standard_file_adds_its_levels_to_the_dataset()
    {
        using var data = TempDataset.Valid();
        data.WriteRaw("standard-test.json", """
            {"standard": "Test standard", "levels": [
              {"id": "test-20min", "minutes": 20, "radius_m": 1300, "name_zh": "二十分钟", "name_en": "20 minutes", "required_categories": ["park"]}]}
            """);

        var dataset = DatasetReader.Read(data.Directory);

        var supplement = Assert.Single(dataset.LifeCircles.Supplements);
        Assert.Equal(("Test standard", "standard-test.json"), (supplement.Standard, supplement.File));
        Assert.Equal(1300, dataset.LifeCircles.Level("test-20min")!.RadiusM);
        Assert.Equal(["park"], dataset.LifeCircles.Level("test-20min")!.RequiredCategories);
        // The table's own levels are unchanged, and the standard survives the store's JSON round trip.
        Assert.DoesNotContain(dataset.LifeCircles.Levels, l => l.Id == "test-20min");
        var again = Huayang.Gis.Core.Model.LifeCircleStandard.FromJson(dataset.LifeCircles.ToJson());
        Assert.Equal(1300, again.Level("test-20min")!.RadiusM);
    }

    [Fact]
    public void A_bad_standard_file_is_a_problem_naming_the_file_the_entry_and_the_value()
    {
        using var data = TempDataset.Valid();
        data.WriteRaw("standard-bad.json", """
            {"standard": "Bad", "levels": [
              {"id": "bad-1", "minutes": 5, "radius_m": -3, "name_zh": "坏", "name_en": "bad", "required_categories": ["bakery"]}]}
            """);

        var problems = DatasetReader.Validate(data.Directory).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("standard-bad.json", StringComparison.Ordinal)
            && p.Contains("levels[0].required_categories[0]", StringComparison.Ordinal) && p.Contains("bakery", StringComparison.Ordinal)
            && p.Contains("unknown category", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("standard-bad.json", StringComparison.Ordinal)
            && p.Contains("levels[0].radius_m", StringComparison.Ordinal));
        Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(data.Directory));
    }
}
