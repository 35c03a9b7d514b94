using System.Runtime.InteropServices;
using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Analysis;

/// <summary>A population cell's walk to the nearest site of a question.</summary>
/// <param name="OnNetwork">False when the cell is farther than the off-network limit from every walkway.</param>
/// <param name="WalkM">Metres walked from the nearest site (connectors included), or null when no site is within the search.</param>
/// <param name="Position">The point standing for the cell, WGS84.</param>
public readonly record struct CellWalk(string Id, string CommunityId, int Residents, bool OnNetwork, double? WalkM, Point Position);

/// <summary>
/// Turns each cell's walk into a network coverage report beside the buffer report of the same question, the same way
/// for every store: a cell is covered when its walk is at most the level's distance; off-network cells are counted
/// apart; area shares come from the walking service area (EPSG:4544).
/// </summary>
public static class NetworkCoverageReport
{
    /// <param name="buffer">The buffer report of the same question (its figures are given beside).</param>
    /// <param name="area">The service area of the question's sites at the level's distance, EPSG:4544.</param>
    /// <param name="street">The union of the communities, EPSG:4544.</param>
    /// <param name="communityAreas">Each community's polygon, EPSG:4544, by id.</param>
    /// <param name="nearestWalkM">Each community's walk from its population-weighted centre to the nearest site, by id.</param>
    /// <param name="streetWgs84">The street in WGS84, for a store that keeps it (the uncovered part when nothing is
    /// reached or the area is not asked for); projected from <paramref name="street"/> when null.</param>
    public static CoverageReport Assemble(
        CoverageReport buffer, CoverageRequest request, IEnumerable<CellWalk> cells, IReadOnlyList<string> offNetworkSiteIds,
        Geometry area, Geometry street, IReadOnlyDictionary<string, Geometry> communityAreas,
        IReadOnlyDictionary<string, double>? nearestWalkM = null, Func<Geometry>? streetWgs84 = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(street);
        ArgumentNullException.ThrowIfNull(communityAreas);
        var radius = request.Level.RadiusM;
        var covered = new Dictionary<string, int>(StringComparer.Ordinal);
        var offNetwork = new Dictionary<string, int>(StringComparer.Ordinal);
        var uncovered = cells.TryGetNonEnumeratedCount(out var count) ? new List<UncoveredCell>(count) : new List<UncoveredCell>();
        var offNetworkCells = 0;
        foreach (var cell in cells)
        {
            if (!cell.OnNetwork)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(offNetwork, cell.CommunityId, out _) += cell.Residents;
                offNetworkCells++;
                uncovered.Add(new UncoveredCell(cell.Id, cell.CommunityId, cell.Residents, false, cell.Position));
            }
            else if (cell.WalkM is { } walk && walk <= radius)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(covered, cell.CommunityId, out _) += cell.Residents;
            }
            else
            {
                uncovered.Add(new UncoveredCell(cell.Id, cell.CommunityId, cell.Residents, true, cell.Position));
            }
        }

        return Assemble(
            buffer, request, new CellCounts(covered, offNetwork, offNetworkCells, uncovered), offNetworkSiteIds, area, street,
            communityAreas, nearestWalkM, streetWgs84);
    }

    /// <summary>What the cells of a network question add up to, per community.</summary>
    /// <param name="Covered">Residents within the walking distance, by community id.</param>
    /// <param name="OffNetwork">Residents off the network, by community id.</param>
    /// <param name="OffNetworkCells">How many cells are off the network.</param>
    /// <param name="Uncovered">The cells not covered (off-network ones included); may be computed when first read.</param>
    public sealed record CellCounts(
        IReadOnlyDictionary<string, int> Covered, IReadOnlyDictionary<string, int> OffNetwork, int OffNetworkCells,
        IReadOnlyList<UncoveredCell> Uncovered);

    /// <summary>As the other overload, from the cells' sums (for a store that adds them up itself).</summary>
    public static CoverageReport Assemble(
        CoverageReport buffer, CoverageRequest request, CellCounts cells, IReadOnlyList<string> offNetworkSiteIds,
        Geometry area, Geometry street, IReadOnlyDictionary<string, Geometry> communityAreas,
        IReadOnlyDictionary<string, double>? nearestWalkM = null, Func<Geometry>? streetWgs84 = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var (covered, offNetwork, offNetworkCells, uncovered) = cells;
        var rows = buffer.Communities.Select(row =>
        {
            var coveredPopulation = covered.GetValueOrDefault(row.CommunityId);
            var coveredArea = area.IsEmpty || !communityAreas.TryGetValue(row.CommunityId, out var polygon)
                ? 0
                : polygon.Intersection(area).Area;
            return row with
            {
                CoveredPopulation = coveredPopulation,
                CoveredShare = row.Population == 0 ? 0 : (double)coveredPopulation / row.Population,
                CoveredAreaShare = communityAreas.TryGetValue(row.CommunityId, out var whole) ? Share(coveredArea, whole.Area) : 0,
                BufferCoveredPopulation = row.CoveredPopulation,
                OffNetworkPopulation = offNetwork.GetValueOrDefault(row.CommunityId),
                NearestSiteWalkM = nearestWalkM is not null && nearestWalkM.TryGetValue(row.CommunityId, out var walk) && double.IsFinite(walk)
                    ? walk
                    : null,
            };
        }).ToList();

        var coveredTotal = rows.Sum(r => r.CoveredPopulation);
        var total = new CoverageTotal(
            buffer.Total.Population, coveredTotal,
            buffer.Total.Population == 0 ? 0 : (double)coveredTotal / buffer.Total.Population,
            Share(area.IsEmpty ? 0 : street.Intersection(area).Area, street.Area))
        {
            BufferCoveredPopulation = buffer.Total.CoveredPopulation,
            OffNetworkPopulation = offNetwork.Values.Sum(),
        };
        Geometry uncoveredWgs84;
        if (area.IsEmpty && streetWgs84 is not null)
        {
            uncoveredWgs84 = streetWgs84();
        }
        else
        {
            var uncoveredArea = area.IsEmpty ? street.Copy() : street.Difference(area);
            uncoveredArea.SRID = 4544;
            uncoveredWgs84 = MetricProjection.ToWgs84(uncoveredArea);
        }
        return buffer with
        {
            Method = "network",
            Communities = rows,
            Total = total,
            Uncovered = uncoveredWgs84,
            Network = new NetworkCoverageFacts(request.OffNetworkLimitM, offNetworkCells, offNetworkSiteIds, uncovered),
        };
    }

    private static double Share(double part, double whole) => whole <= 0 ? 0 : Math.Clamp(part / whole, 0, 1);
}
