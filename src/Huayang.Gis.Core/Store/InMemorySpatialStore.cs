using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Filtering;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Huayang.Gis.Core.Store;

/// <summary>
/// The embedded store: a validated <see cref="Dataset"/> held in memory with STR-tree indexes,
/// lon/lat for features and communities and EPSG:4544 metres for sites and population.
/// Immutable after construction and safe to share between threads.
/// </summary>
public sealed class InMemorySpatialStore : ISpatialStore
{
    private readonly Dataset _dataset;
    private readonly Dictionary<string, LayerIndex> _layers = new(StringComparer.Ordinal);
    private readonly STRtree<IndexedCommunity> _communities = new();
    private readonly SiteIndex _allSites;
    private readonly Dictionary<string, SiteIndex> _sitesByCategory = new(StringComparer.Ordinal);
    private readonly BufferCoverageCalculator _coverage;
    private readonly Lazy<NetworkCoverageCalculator> _network;

    /// <summary>Indexes a dataset that <see cref="DatasetReader"/> has validated.</summary>
    public InMemorySpatialStore(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        _dataset = dataset;

        foreach (var layer in dataset.Registry.Names)
        {
            var features = dataset.Layers.TryGetValue(layer, out var list) ? list : [];
            _layers[layer] = new LayerIndex(features);
        }

        foreach (var community in dataset.Communities)
        {
            _communities.Insert(community.Geometry.EnvelopeInternal,
                new IndexedCommunity(community, PreparedGeometryFactory.Prepare(community.Geometry)));
        }
        _communities.Build();

        var metricSites = dataset.Sites
            .Select(s => new MetricSite(s, MetricProjection.ToMetric(s.Geometry.X, s.Geometry.Y)))
            .ToList();
        _allSites = new SiteIndex(metricSites);
        foreach (var group in metricSites.GroupBy(s => s.Site.Category, StringComparer.Ordinal))
        {
            _sitesByCategory[group.Key] = new SiteIndex(group.ToList());
        }

        _coverage = new BufferCoverageCalculator(dataset);
        _network = new(() => new NetworkCoverageCalculator(
            dataset, _coverage, WalkingNetwork.Build(dataset.Layers.GetValueOrDefault(Layers.Walkways) ?? [])));
        Version = "mem-" + DatasetFingerprint.Of(dataset);
        _state = new DatasetState(Version, dataset.LifeCircles, dataset.Registry);
    }

    /// <summary>Reads and validates a dataset directory, then indexes it.</summary>
    /// <exception cref="DatasetValidationException">The dataset has problems; nothing is loaded.</exception>
    public static InMemorySpatialStore Open(string directory) => new(DatasetReader.Read(directory));

    private readonly DatasetState _state;

    /// <summary>
    /// <c>mem-</c> and a hash of the dataset's content: the same data always has the same version, so tile ETags and cached
    /// answers stay valid across restarts.
    /// </summary>
    public string Version { get; }

    /// <inheritdoc />
    public ValueTask<DatasetState> GetStateAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_state);

    /// <summary>The dataset this store answers from.</summary>
    public Dataset Dataset => _dataset;

    /// <inheritdoc />
    public Task<IReadOnlyList<IFeature>> GetFeaturesAsync(string layer, Envelope? bbox, CancellationToken cancellationToken = default)
    {
        if (!_layers.TryGetValue(layer, out var index))
        {
            throw new UnknownLayerException(layer, _dataset.Registry.Names);
        }
        return Task.FromResult(index.Query(bbox));
    }

    /// <inheritdoc />
    public Task<FeaturePage> QueryFeaturesAsync(FeatureQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var index = LayerOf(query.Layer);
        query.Check();
        var evaluator = query.Filter is null ? null : new FilterEvaluator(query.Filter);
        var matches = index.Query(query.Bbox)
            .Where(f => Matches(f, query.Filters) && (query.Family is not { } family || GeometryFamilies.Of(f.Geometry) == family)
                && (evaluator is null || evaluator.Matches(f)))
            .ToList();
        if (query.SortBy is { Count: > 0 } sortBy)
        {
            // List.Sort is not stable, but the comparer ends with the id, which is unique.
            matches.Sort(SortTerm.Comparer(sortBy));
        }
        var start = (int)Math.Min(query.Offset, matches.Count);
        var page = matches.GetRange(start, Math.Min(query.Limit, matches.Count - start));
        return Task.FromResult(new FeaturePage(page, matches.Count));
    }

    /// <inheritdoc />
    public Task<IFeature?> GetFeatureAsync(string layer, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(LayerOf(layer).ById.GetValueOrDefault(id));

    /// <inheritdoc />
    public Task<LayerSummary> DescribeLayerAsync(string layer, CancellationToken cancellationToken = default) =>
        Task.FromResult(LayerOf(layer).Summary(layer));

    /// <inheritdoc />
    public Task<Community?> CommunityAtAsync(double lon, double lat, CancellationToken cancellationToken = default)
    {
        var point = new Point(lon, lat) { SRID = 4326 };
        var hit = _communities.Query(point.EnvelopeInternal)
            .Where(c => c.Prepared.Covers(point))
            .Select(c => c.Community)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        return Task.FromResult(hit);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SiteDistance>> NearestSitesAsync(
        double lon, double lat, int k, string? category, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var index = SitesOf(category);
        IReadOnlyList<SiteDistance> result = index is null
            ? []
            : index.Nearest(MetricProjection.ToMetric(lon, lat), k);
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SiteDistance>> SitesWithinAsync(
        double lon, double lat, double radiusM, string? category, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(radiusM) || radiusM < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(radiusM), radiusM, "radius must be a finite number of metres ≥ 0");
        }
        var index = SitesOf(category);
        IReadOnlyList<SiteDistance> result = index is null
            ? []
            : index.Within(MetricProjection.ToMetric(lon, lat), radiusM);
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<CoverageReport> CoverageAsync(CoverageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Computed on the caller's thread; the token is checked as it goes (see BufferCoverageCalculator.Compute).
        return Task.FromResult(request.Method == CoverageMethod.Network
            ? _network.Value.Compute(request, cancellationToken)
            : _coverage.Compute(request, cancellationToken));
    }

    /// <inheritdoc />
    public Task<ServiceAreaReport> ServiceAreaAsync(ServiceAreaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var calculator = _network.Value;
        var joiner = calculator.Joiner(request.OffNetworkLimitM);
        var sites = _dataset.Sites
            .Where(request.Includes)
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => (Site: s, Metric: MetricProjection.ToMetric(s.Geometry.X, s.Geometry.Y)))
            .Select(s => (s.Site, s.Metric, Join: joiner.Join(s.Metric)))
            .ToList();
        var sources = sites
            .Where(s => s.Join is not null)
            .Select(s => (s.Site.Id, s.Metric, s.Join!.Value))
            .ToList();
        var (street, water) = calculator.Clipping;
        var speed = _dataset.LifeCircles.WalkingSpeedMPerMin;
        var rings = request.DistancesM.Select(distance =>
        {
            var distances = NetworkDistances.Search(joiner.Network, sources.Select(s => s.Item3), distance, cancellationToken);
            return new ServiceAreaRing(distance / speed, ServiceAreas.Build(distances, sources, street, water, cancellationToken));
        }).ToList();
        return Task.FromResult(new ServiceAreaReport(
            "dijkstra", speed, request.OffNetworkLimitM, sites.Select(s => new JoinedSite(s.Site, s.Join)).ToList(), rings));
    }

    /// <inheritdoc />
    public Task<SitingInput> SitingInputAsync(SitingInputRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var candidates = request.Candidates == CandidateSource.Layer
            ? SitingCandidates.FromFeatures(request.CandidateLayer ?? "", _dataset.Layers.TryGetValue(request.CandidateLayer ?? "", out var features)
                ? features
                : throw new UnknownLayerException(request.CandidateLayer ?? "", _dataset.Registry.Names))
            : [];
        return Task.FromResult(SitingInputs.Build(
            request, _dataset.Population, _dataset.Sites, _network.Value.Network, candidates, cancellationToken));
    }

    private LayerIndex LayerOf(string layer) =>
        _layers.TryGetValue(layer, out var index) ? index : throw new UnknownLayerException(layer, _dataset.Registry.Names);

    private static bool Matches(IFeature feature, IReadOnlyList<KeyValuePair<string, string>> filters)
    {
        foreach (var (name, value) in filters)
        {
            var attributes = feature.Attributes;
            if (!attributes.Exists(name) || !string.Equals(FeatureQuery.FilterText(attributes[name]), value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private SiteIndex? SitesOf(string? category) =>
        category is null ? _allSites : _sitesByCategory.GetValueOrDefault(category);

    private sealed record IndexedCommunity(Community Community, IPreparedGeometry Prepared);

    private sealed class LayerIndex
    {
        private readonly IReadOnlyList<IFeature> _ordered;
        private readonly STRtree<(int Order, IFeature Feature)> _tree = new();
        private readonly Envelope? _extent;
        private readonly IReadOnlyList<string> _propertyNames;

        public LayerIndex(IReadOnlyList<IFeature> features)
        {
            _ordered = features
                .OrderBy(f => f.Attributes["id"]?.ToString(), StringComparer.Ordinal)
                .ToList();
            var extent = new Envelope();
            var names = new SortedSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < _ordered.Count; i++)
            {
                _tree.Insert(_ordered[i].Geometry.EnvelopeInternal, (i, _ordered[i]));
                extent.ExpandToInclude(_ordered[i].Geometry.EnvelopeInternal);
                names.UnionWith(_ordered[i].Attributes.GetNames());
                ById.TryAdd(_ordered[i].Attributes["id"]?.ToString() ?? "", _ordered[i]);
            }
            _tree.Build();
            _extent = extent.IsNull ? null : extent;
            _propertyNames = names.ToList();
        }

        public Dictionary<string, IFeature> ById { get; } = new(StringComparer.Ordinal);

        public LayerSummary Summary(string layer) => new(layer, _ordered.Count, _extent?.Copy(), _propertyNames)
        {
            ByFamily = _ordered.Where(f => GeometryFamilies.Of(f.Geometry) is not null)
                .GroupBy(f => GeometryFamilies.Of(f.Geometry)!.Value)
                .ToDictionary(g => g.Key, g => ((long)g.Count(), g.Aggregate(new Envelope(), (e, f) =>
                {
                    e.ExpandToInclude(f.Geometry.EnvelopeInternal);
                    return e;
                }))),
        };

        public IReadOnlyList<IFeature> Query(Envelope? bbox)
        {
            if (bbox is null)
            {
                return _ordered;
            }
            var box = GeometryFactory.Default.ToGeometry(bbox);
            return _tree.Query(bbox)
                .Where(hit => hit.Feature.Geometry.Intersects(box))
                .OrderBy(hit => hit.Order)
                .Select(hit => hit.Feature)
                .ToList();
        }
    }
}
