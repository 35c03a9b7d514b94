using NetTopologySuite.Features;

namespace Huayang.Gis.Core.Model;

/// <summary>
/// A whole validated dataset, as read by <c>Huayang.Gis.Core.IO.DatasetReader.Read</c>; never partly filled.
/// </summary>
/// <remarks>
/// All geometry is WGS84 longitude, latitude (x = longitude, y = latitude, degrees) with SRID 4326, valid by
/// NTS rules and not empty. Lists keep the order of the features in their files.
/// </remarks>
public sealed class Dataset
{
    internal Dataset(
        string source,
        LayerRegistry registry,
        IReadOnlyDictionary<string, IReadOnlyList<IFeature>> layers,
        IReadOnlyList<Community> communities,
        IReadOnlyList<Site> sites,
        IReadOnlyList<PopulationCell> population,
        IReadOnlyList<PlanElement> plan,
        LifeCircleStandard lifeCircles)
    {
        Source = source;
        Registry = registry;
        Layers = layers;
        Communities = communities;
        Sites = sites;
        Population = population;
        Plan = plan;
        LifeCircles = lifeCircles;
    }

    /// <summary>The full path of the directory, or of the dataset <c>.gpkg</c> file, read.</summary>
    public string Source { get; }

    /// <summary>The layers of the dataset: the built-in ones and those its <c>layers.json</c> declares.</summary>
    public LayerRegistry Registry { get; }

    /// <summary>
    /// The features of every layer of <see cref="Registry"/>, in its order, keyed by layer name (an optional layer whose
    /// file is absent is an empty list). Attributes are the GeoJSON properties as read, extra ones included, with
    /// values normalised to <see cref="string"/>, <see cref="long"/> (integers), <see cref="double"/> (other
    /// numbers), <see cref="bool"/>, null, <c>object?[]</c> (arrays) or a nested <see cref="IAttributesTable"/>
    /// (objects). <c>id</c> is always an attribute.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IFeature>> Layers { get; }

    public IReadOnlyList<Community> Communities { get; }

    public IReadOnlyList<Site> Sites { get; }

    /// <summary>
    /// The population cells. A cell drawn as a polygon is represented here by its interior point
    /// (<see cref="NetTopologySuite.Geometries.Geometry.InteriorPoint"/>); its polygon is in <see cref="Layers"/>.
    /// </summary>
    public IReadOnlyList<PopulationCell> Population { get; }

    public IReadOnlyList<PlanElement> Plan { get; }

    public LifeCircleStandard LifeCircles { get; }
}
