using Huayang.Gis.Core.Model;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.IO;

/// <summary>Everything read from a directory; turned into a <see cref="Dataset"/> only when there were no problems.</summary>
internal sealed class LoadedDataset(
    string source, LayerRegistry registry, IReadOnlyDictionary<string, LayerData> layers, LifeCircleStandard? lifeCircles)
{
    public Dataset ToDataset()
    {
        var standard = lifeCircles
            ?? throw new InvalidOperationException("life-circles.json was not read; the dataset has problems");
        var features = layers.ToDictionary(l => l.Key, l => l.Value.ToFeatures(), StringComparer.Ordinal);

        var communities = features[Layers.Communities].Select(f => new Community(
            DatasetValues.Text(f.Attributes, "id"),
            DatasetValues.Text(f.Attributes, "name_zh"),
            DatasetValues.Text(f.Attributes, "name_en"),
            DatasetValues.Int(f.Attributes, "population"),
            DatasetValues.Int(f.Attributes, "households"),
            f.Geometry)).ToList();

        var sites = features[Layers.Sites].Select(f => new Site(
            DatasetValues.Text(f.Attributes, "id"),
            DatasetValues.Text(f.Attributes, "name_zh"),
            DatasetValues.Text(f.Attributes, "name_en"),
            DatasetValues.Text(f.Attributes, "category"),
            DatasetValues.Text(f.Attributes, "status"),
            DatasetValues.OptionalInt(f.Attributes, "capacity"),
            DatasetValues.OptionalText(f.Attributes, "plan_element"),
            (Point)f.Geometry)).ToList();

        var population = features[Layers.Population].Select(f => new PopulationCell(
            DatasetValues.Text(f.Attributes, "id"),
            DatasetValues.Text(f.Attributes, "community_id"),
            DatasetValues.Int(f.Attributes, "residents"),
            f.Geometry as Point ?? f.Geometry.InteriorPoint)).ToList();

        var plan = features[Layers.Plan].Select(f => new PlanElement(
            DatasetValues.Text(f.Attributes, "id"),
            DatasetValues.Text(f.Attributes, "kind"),
            DatasetValues.Text(f.Attributes, "name_zh"),
            DatasetValues.Text(f.Attributes, "name_en"),
            DatasetValues.Text(f.Attributes, "theme"),
            f.Geometry)).ToList();

        var ordered = registry.Names.ToDictionary(
            name => name, name => features[name], StringComparer.Ordinal);
        return new Dataset(source, registry, ordered, communities, sites, population, plan, standard);
    }
}
