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
        IReadOnlyDictionary<string, IReadOnlyList<IFeature>> layers,
        IReadOnlyList<Community> communities,
        IReadOnlyList<Site> sites,
        IReadOnlyList<PopulationCell> population,
        IReadOnlyList<PlanElement> plan,
        LifeCircleStandard lifeCircles)
    {
        Source = source;
        Layers = layers;
        Communities = communities;
        Sites = sites;
        Population = population;
        Plan = plan;
        LifeCircles = lifeCircles;
    }

    /// <summary>The full path of the directory, or of the dataset <c>.gpkg</c> file, read.</summary>
    public string Source { get; }

    /// <summary>
    /// The features of every layer in <see cref="Model.Layers.All"/>, keyed by layer name (an optional layer whose
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
