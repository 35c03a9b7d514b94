using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Store;

/// <summary>
/// The one seam between the analyses and where the data lives. Every implementation answers every
/// query the same way (the store-conformance tests demand identical ids and order, and distances
/// within 1 cm).
/// </summary>
/// <remarks>
/// Positions are WGS84 longitude, latitude in degrees (x = longitude). Distances are metres, measured
/// in the plane of CGCS2000 / 3-degree Gauss-Kruger CM 105E (EPSG:4544), which within Huayang differs
/// from the geodesic distance by less than 0.02%. Results at equal distance are ordered by id
/// (ordinal), so every store returns the same order.
/// </remarks>
public interface ISpatialStore
{
    /// <summary>
    /// The loaded dataset's version and its life-circle levels and site categories. Follows the data: after a new load
    /// into the database the next call (the PostGIS store reads the version again at most once a second) returns the new
    /// rules, so a running server never answers with the rules of an older load.
    /// </summary>
    ValueTask<DatasetState> GetStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Features of a layer (see <see cref="Layers"/>) whose geometry intersects <paramref name="bbox"/>
    /// (lon/lat degrees; null for all), ordered by id.
    /// </summary>
    /// <exception cref="UnknownLayerException">The layer does not exist.</exception>
    Task<IReadOnlyList<IFeature>> GetFeaturesAsync(string layer, Envelope? bbox, CancellationToken cancellationToken = default);

    /// <summary>One page of a layer's features by bbox and property equality, with the number that match in all.</summary>
    /// <exception cref="UnknownLayerException">The layer does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Offset below 0, or limit outside 1..<see cref="FeatureQuery.MaxLimit"/>.</exception>
    Task<FeaturePage> QueryFeaturesAsync(FeatureQuery query, CancellationToken cancellationToken = default);

    /// <summary>The feature of a layer whose <c>id</c> attribute is <paramref name="id"/>, or null.</summary>
    /// <exception cref="UnknownLayerException">The layer does not exist.</exception>
    Task<IFeature?> GetFeatureAsync(string layer, string id, CancellationToken cancellationToken = default);

    /// <summary>The layer's feature count, extent and property names.</summary>
    /// <exception cref="UnknownLayerException">The layer does not exist.</exception>
    Task<LayerSummary> DescribeLayerAsync(string layer, CancellationToken cancellationToken = default);

    /// <summary>The community covering the position (the lowest id where two share a boundary), or null outside every community.</summary>
    Task<Community?> CommunityAtAsync(double lon, double lat, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="k"/> sites nearest the position, nearest first, optionally of one category.</summary>
    Task<IReadOnlyList<SiteDistance>> NearestSitesAsync(
        double lon, double lat, int k, string? category, CancellationToken cancellationToken = default);

    /// <summary>Sites within <paramref name="radiusM"/> metres of the position (inclusive), nearest first.</summary>
    Task<IReadOnlyList<SiteDistance>> SitesWithinAsync(
        double lon, double lat, double radiusM, string? category, CancellationToken cancellationToken = default);

    /// <summary>Buffer (straight-line) coverage of the population by the sites of a category within a life-circle level's radius.</summary>
    Task<CoverageReport> CoverageAsync(CoverageRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// What can be reached on foot from the request's sites within each distance: the reached walkways (partial edges
    /// cut at the exact distance), the cost at each node, and the area. Sites off the network are listed, unjoined.
    /// </summary>
    Task<ServiceAreaReport> ServiceAreaAsync(ServiceAreaRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The demand and candidates of a siting question: the population cells, which the existing sites of the category
    /// cover, and which each candidate would cover within the level's distance (walking or straight line).
    /// </summary>
    /// <exception cref="ArgumentException">Too many candidates, or the candidate layer is unknown or has no points.</exception>
    Task<SitingInput> SitingInputAsync(SitingInputRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A site and its distance in metres from the query position.</summary>
public sealed record SiteDistance(Site Site, double DistanceM);

/// <summary>Thrown when a layer name is not one of <see cref="Layers.All"/>.</summary>
public sealed class UnknownLayerException(string layer, IEnumerable<string> known)
    : ArgumentException($"unknown layer \"{layer}\"; known layers: {string.Join(", ", known)}", nameof(layer))
{
    /// <summary>An unknown layer among the built-in ones.</summary>
    public UnknownLayerException(string layer)
        : this(layer, Layers.All)
    {
    }

    /// <summary>The name that was asked for.</summary>
    public string Layer { get; } = layer;
}
