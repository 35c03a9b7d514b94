using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Analysis;

/// <summary>Where the candidate sites of a siting question come from.</summary>
public enum CandidateSource
{
    /// <summary>The planned sites of the category (status <c>planned</c>).</summary>
    Planned,
    /// <summary>Every point feature of a layer (<see cref="SitingInputRequest.CandidateLayer"/>).</summary>
    Layer,
    /// <summary>Points along the walkways every <see cref="SitingInputRequest.SpacingM"/> metres.</summary>
    Walkways,
}

/// <summary>
/// What a siting question needs from a store: the demand (population cells), which of them the existing sites of the
/// category already cover, the candidates and which cells each would cover — by walking (network) or straight line
/// (buffer) within the level's distance.
/// </summary>
/// <param name="SpacingM">For <see cref="CandidateSource.Walkways"/>: metres between generated candidates, 50 to 5,000.</param>
public sealed record SitingInputRequest(
    string Category, LifeCircleLevel Level, CoverageMethod Method, CandidateSource Candidates, string? CandidateLayer = null,
    double SpacingM = 200)
{
    /// <inheritdoc cref="CoverageRequest.OffNetworkLimitM"/>
    public double OffNetworkLimitM { get; init; } = NetworkJoiner.DefaultLimitM;
}

/// <summary>A candidate site: an id (the site's or feature's, or <c>walk-N</c> for generated points), names, and its position.</summary>
public sealed record SitingCandidate(string Id, string? NameZh, string? NameEn, Point Position);

/// <summary>
/// The demand and candidates of a siting question. Demand: every population cell (for the network method, only the
/// cells on the network can be covered; <see cref="OffNetworkResidents"/> says how many cannot).
/// </summary>
/// <param name="Residents">Residents per cell, in cell order.</param>
/// <param name="AlreadyCovered">Whether an existing site of the category covers the cell.</param>
/// <param name="Covers">For each candidate, the indexes of the cells it would cover, ascending.</param>
public sealed record SitingInput(
    IReadOnlyList<string> CellIds, IReadOnlyList<int> Residents, IReadOnlyList<bool> AlreadyCovered,
    IReadOnlyList<SitingCandidate> Candidates, IReadOnlyList<int[]> Covers, int ExistingSiteCount, long OffNetworkResidents);

/// <summary>Builds a <see cref="SitingInput"/> from a dataset in memory; the stores share it.</summary>
public static class SitingInputs
{
    /// <summary>The most candidates a question may have (ArcGIS's hosted location-allocation accepts 1,000).</summary>
    public const int MaxCandidates = 2_000;

    /// <exception cref="ArgumentException">More than <see cref="MaxCandidates"/> candidates, or an unknown candidate layer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static SitingInput Build(
        SitingInputRequest request, IReadOnlyList<PopulationCell> cells, IReadOnlyList<Site> sites, WalkingNetwork network,
        IReadOnlyList<SitingCandidate> layerCandidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var radius = request.Level.RadiusM;
        var joiner = new NetworkJoiner(network, request.OffNetworkLimitM);
        var metricCells = cells.Select(c => MetricProjection.ToMetric(c.Geometry.X, c.Geometry.Y)).ToArray();
        var joins = request.Method == CoverageMethod.Network ? metricCells.Select(joiner.Join).ToArray() : [];
        var grid = new CellGrid(metricCells, radius);

        int[] Covered(Coordinate metric)
        {
            if (request.Method == CoverageMethod.Buffer)
            {
                return grid.Within(metric, radius);
            }

            if (joiner.Join(metric) is not { } join)
            {
                return [];
            }

            var distances = NetworkDistances.Search(network, [join], radius, cancellationToken);
            // Only cells within the radius in a straight line can be within it on foot.
            return grid.Within(metric, radius)
                .Where(i => joins[i] is { } cell && distances.ToPosition(cell) <= radius)
                .ToArray();
        }

        var existing = sites.Where(s => s.Category == request.Category && s.Status == "existing").ToList();
        var already = new bool[cells.Count];
        foreach (var site in existing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var i in Covered(MetricProjection.ToMetric(site.Geometry.X, site.Geometry.Y)))
            {
                already[i] = true;
            }
        }

        var candidates = request.Candidates switch
        {
            CandidateSource.Planned => sites.Where(s => s.Category == request.Category && s.Status == "planned")
                .OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => new SitingCandidate(s.Id, s.NameZh, s.NameEn, s.Geometry)).ToList(),
            CandidateSource.Layer => layerCandidates.ToList(),
            _ => AlongWalkways(network, request.SpacingM),
        };
        if (candidates.Count > MaxCandidates)
        {
            throw new ArgumentException(
                $"{candidates.Count} candidates; at most {MaxCandidates} can be weighed at once (use a larger spacing or fewer candidates)");
        }

        var covers = new List<int[]>(candidates.Count);
        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            covers.Add(Covered(MetricProjection.ToMetric(candidate.Position.X, candidate.Position.Y)));
        }

        var offNetwork = request.Method == CoverageMethod.Network
            ? cells.Where((_, i) => joins[i] is null).Sum(c => (long)c.Residents)
            : 0;
        return new SitingInput(
            cells.Select(c => c.Id).ToList(), cells.Select(c => c.Residents).ToList(), already, candidates, covers, existing.Count, offNetwork);
    }

    /// <summary>
    /// Points every <paramref name="spacingM"/> metres of walkway, the distance carried from one edge to the next (so short
    /// edges do not each get one), edges in walkway-id order and along each walkway.
    /// </summary>
    private static List<SitingCandidate> AlongWalkways(WalkingNetwork network, double spacingM)
    {
        var points = new List<SitingCandidate>();
        var sinceLast = spacingM / 2;
        // In walkway-id order (the stores may hold the walkways in different orders), each walkway's edges along it.
        foreach (var edge in network.Edges.OrderBy(e => e.WalkwayId, StringComparer.Ordinal).ThenBy(e => e.Id))
        {
            var offset = spacingM - sinceLast;
            while (offset <= edge.LengthM)
            {
                var at = ServiceAreas.Substring(edge.Metric, offset, offset)[0];
                var wgs84 = MetricProjection.ToWgs84(at.X, at.Y);
                points.Add(new SitingCandidate($"walk-{points.Count + 1}", null, null, new Point(wgs84) { SRID = 4326 }));
                offset += spacingM;
            }

            sinceLast = edge.LengthM - (offset - spacingM);
        }

        return points;
    }

    /// <summary>Cells hashed into squares as wide as the radius, for "which cells lie within the radius of this point".</summary>
    private sealed class CellGrid
    {
        private readonly Dictionary<(long, long), List<int>> _buckets = [];
        private readonly Coordinate[] _cells;
        private readonly double _size;

        public CellGrid(Coordinate[] cells, double radius)
        {
            _cells = cells;
            _size = Math.Max(radius, 1);
            for (var i = 0; i < cells.Length; i++)
            {
                var key = Bucket(cells[i]);
                if (!_buckets.TryGetValue(key, out var list))
                {
                    _buckets[key] = list = [];
                }

                list.Add(i);
            }
        }

        public int[] Within(Coordinate point, double radius)
        {
            var (bx, by) = Bucket(point);
            var found = new List<int>();
            for (var dx = -1L; dx <= 1; dx++)
            {
                for (var dy = -1L; dy <= 1; dy++)
                {
                    if (_buckets.TryGetValue((bx + dx, by + dy), out var list))
                    {
                        found.AddRange(list.Where(i => _cells[i].Distance(point) <= radius));
                    }
                }
            }

            found.Sort();
            return [.. found];
        }

        private (long, long) Bucket(Coordinate c) => ((long)Math.Floor(c.X / _size), (long)Math.Floor(c.Y / _size));
    }
}

/// <summary>Candidates from a layer's features: every point (a multi-point's first), id and names from its attributes.</summary>
public static class SitingCandidates
{
    /// <exception cref="ArgumentException">The layer has no point features.</exception>
    public static IReadOnlyList<SitingCandidate> FromFeatures(string layer, IEnumerable<NetTopologySuite.Features.IFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var candidates = new List<SitingCandidate>();
        foreach (var feature in features)
        {
            var point = feature.Geometry switch
            {
                Point p => p,
                MultiPoint { IsEmpty: false } m => (Point)m.GetGeometryN(0),
                _ => null,
            };
            if (point is null)
            {
                continue;
            }

            string? Text(string name) => feature.Attributes?.Exists(name) == true ? feature.Attributes[name]?.ToString() : null;
            candidates.Add(new SitingCandidate(Text("id") ?? $"{layer}-{candidates.Count + 1}", Text("name_zh"), Text("name_en"), point));
        }

        return candidates.Count > 0
            ? candidates
            : throw new ArgumentException($"the layer {layer} has no point features to use as candidates");
    }
}
