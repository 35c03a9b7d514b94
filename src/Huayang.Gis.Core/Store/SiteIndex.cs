using Huayang.Gis.Core.Model;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Huayang.Gis.Core.Store;

/// <summary>A site with its position in EPSG:4544 metres.</summary>
internal sealed record MetricSite(Site Site, Coordinate Metric);

/// <summary>
/// Nearest-neighbour and radius queries over sites in EPSG:4544 metres, exact and with ties ordered by id.
/// </summary>
internal sealed class SiteIndex
{
    private readonly STRtree<MetricSite> _tree = new();
    private readonly int _count;

    public SiteIndex(IReadOnlyList<MetricSite> sites)
    {
        foreach (var site in sites)
        {
            _tree.Insert(new Envelope(site.Metric), site);
        }
        _tree.Build();
        _count = sites.Count;
    }

    /// <summary>The k nearest, nearest first, ties by id.</summary>
    public IReadOnlyList<SiteDistance> Nearest(Coordinate query, int k)
    {
        if (_count == 0)
        {
            return [];
        }
        // The tree's k-nearest search finds the k-th distance; every site at or within it is then
        // re-ranked exactly, so a tie at the k-th place is broken by id rather than by tree order.
        var probe = new MetricSite(null!, query);
        var nearest = _tree.NearestNeighbour(new Envelope(query), probe, PointDistance.Instance, Math.Min(k, _count));
        var kth = nearest.Max(s => s.Metric.Distance(query));
        return Within(query, kth).Take(k).ToList();
    }

    /// <summary>Every site within radius metres (inclusive), nearest first, ties by id.</summary>
    public IReadOnlyList<SiteDistance> Within(Coordinate query, double radiusM)
    {
        var search = new Envelope(query);
        search.ExpandBy(radiusM);
        return _tree.Query(search)
            .Select(s => new SiteDistance(s.Site, s.Metric.Distance(query)))
            .Where(d => d.DistanceM <= radiusM)
            .OrderBy(d => d.DistanceM)
            .ThenBy(d => d.Site.Id, StringComparer.Ordinal)
            .ToList();
    }

    private sealed class PointDistance : IItemDistance<Envelope, MetricSite>
    {
        public static readonly PointDistance Instance = new();

        public double Distance(IBoundable<Envelope, MetricSite> item1, IBoundable<Envelope, MetricSite> item2) =>
            item1.Item.Metric.Distance(item2.Item.Metric);
    }
}
