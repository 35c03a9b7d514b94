using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Synthetic;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Core.Tests.Synthetic;

/// <summary>
/// A city of copies of the street (<c>huayang generate --copies K</c>), the dataset the network-coverage benchmarks grow:
/// it loads with no problem (every id unique, every reference resolved, the residents adding up), everything is
/// multiplied by the copies, and each copy answers a walking-coverage question as the street itself does.
/// </summary>
public sealed class CityTilerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "huayang-city-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Three_copies_load_with_three_times_everything_and_each_copy_is_covered_as_the_street_is()
    {
        HuayangDatasetGenerator.WriteTo(_directory, copies: 3);
        File.Copy(Path.Combine(RepositoryRoot.DataDirectory, Layers.LifeCirclesFile), Path.Combine(_directory, Layers.LifeCirclesFile));

        var street = DatasetReader.Read(RepositoryRoot.DataDirectory);
        var city = DatasetReader.Read(_directory);

        foreach (var layer in Layers.All)
        {
            Assert.Equal(3 * street.Layers[layer].Count, city.Layers[layer].Count);
        }
        Assert.Equal(3L * street.Communities.Sum(c => (long)c.Population), city.Communities.Sum(c => (long)c.Population));
        Assert.Equal(3 * street.Population.Count, city.Population.Count);
        Assert.Contains(city.Communities, c => c.Id == "zhengxi-c2" && c.NameZh == "正西社区·3");
        Assert.All(city.Population.Where(p => p.Id.EndsWith("-c1", StringComparison.Ordinal)),
            p => Assert.EndsWith("-c1", p.CommunityId, StringComparison.Ordinal));

        // No walkway joins two copies, so each copy walks as the street does, in a slightly smaller street: a copy lies
        // east of the street (nearer EPSG:4544's central meridian, where its scale is smaller) or north of it (where a
        // degree of longitude is shorter), so its metres are up to 0.1% fewer. A walk in a copy is never longer than in the
        // street (but for the 1e-7° grid its coordinates are snapped to, about 1 cm) and at most 0.1% shorter, and a copy
        // covers at least the residents the street covers.
        var level = street.LifeCircles.Level("10min")!;
        var request = new CoverageRequest("kindergarten", level) { Method = CoverageMethod.Network, WithArea = false };
        var one = await new InMemorySpatialStore(street).CoverageAsync(request);
        var three = await new InMemorySpatialStore(city).CoverageAsync(request);
        Assert.Equal(3 * one.SiteCount, three.SiteCount);
        foreach (var community in one.Communities)
        {
            for (var k = 1; k < 3; k++)
            {
                var copy = three.Communities.Single(c => c.CommunityId == $"{community.CommunityId}-c{k}");
                Assert.Equal(community.Population, copy.Population);
                Assert.InRange(copy.CoveredPopulation, community.CoveredPopulation, community.CoveredPopulation + 0.05 * community.Population);
                Assert.InRange(copy.NearestSiteM!.Value, community.NearestSiteM!.Value * 0.999, community.NearestSiteM.Value + 0.02);
            }
        }
        Assert.InRange(three.Total.CoveredShare, one.Total.CoveredShare, one.Total.CoveredShare + 0.01);
    }
}
