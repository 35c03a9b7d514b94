using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Huayang.Gis.PostGis.Store;

/// <summary>The walking answers of the PostGIS store: network coverage, service areas (pgRouting, <see cref="PostGisNetwork"/>) and siting input.</summary>
public sealed partial class PostGisSpatialStore
{
    /// <summary>Walking coverage: pgRouting's node costs from the category's sites, each cell measured from them in SQL.</summary>
    private async Task<CoverageReport> NetworkCoverageAsync(CoverageRequest request, CoverageReport buffer, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var radius = request.Level.RadiusM;
        var sites = await PostGisNetwork.JoinSitesAsync(connection, null, request.Category, request.Status, cancellationToken);
        var roots = sites.Where(s => s.EdgeId is not null && s.ConnectorM <= request.OffNetworkLimitM).ToList();
        var (distances, sources, costs) = await PostGisNetwork.DistancesAsync(connection, roots, radius, cancellationToken);
        var cells = await PostGisNetwork.CellWalksAsync(connection, roots, costs, request.OffNetworkLimitM, cancellationToken);
        var (street, water) = await PostGisNetwork.ClippingAsync(connection, cancellationToken);
        var area = request.WithArea
            ? ServiceAreas.Build(distances, sources, street, water, cancellationToken).Area
            : new GeometryFactory(new PrecisionModel(), 4544).CreatePolygon();
        var communityAreas = await CommunityAreasAsync(connection, cancellationToken);
        var nearest = await PostGisNetwork.CentreWalksAsync(connection, roots, request.OffNetworkLimitM, cancellationToken);
        return NetworkCoverageReport.Assemble(
            buffer, request, cells.Select(c => new CellWalk(c.Id, c.CommunityId, c.Residents, c.OnNetwork, c.WalkM, c.Position)),
            sites.Where(s => s.EdgeId is null || s.ConnectorM > request.OffNetworkLimitM).Select(s => s.Site.Id).ToList(),
            area, street, communityAreas, nearest);
    }

    private static async Task<Dictionary<string, Geometry>> CommunityAreasAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var areas = new Dictionary<string, Geometry>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT id, geom_m FROM huayang.communities", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            areas[reader.GetString(0)] = reader.GetFieldValue<Geometry>(1);
        }

        return areas;
    }

    /// <inheritdoc />
    public async Task<ServiceAreaReport> ServiceAreaAsync(ServiceAreaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await GetStateAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var sites = await PostGisNetwork.JoinSitesAsync(connection, request.SiteIds, request.Category, request.Status, cancellationToken);
        var roots = sites.Where(s => s.EdgeId is not null && s.ConnectorM <= request.OffNetworkLimitM).ToList();
        var (street, water) = await PostGisNetwork.ClippingAsync(connection, cancellationToken);
        var speed = state.LifeCircles.WalkingSpeedMPerMin;
        var rings = new List<ServiceAreaRing>();
        foreach (var distance in request.DistancesM)
        {
            var (distances, sources, _) = await PostGisNetwork.DistancesAsync(connection, roots, distance, cancellationToken);
            rings.Add(new ServiceAreaRing(distance / speed, ServiceAreas.Build(distances, sources, street, water, cancellationToken)));
        }

        return new ServiceAreaReport("pgr_withPointsDD", speed, request.OffNetworkLimitM,
            sites.Select(s => new JoinedSite(s.Site, s.EdgeId is not null && s.ConnectorM <= request.OffNetworkLimitM
                ? new NetworkPosition(-1, s.OffsetM, s.Join!, s.ConnectorM)
                : null)).ToList(),
            rings);
    }

    /// <inheritdoc />
    /// <remarks>Reads the cells, the sites and the walkways from their tables and weighs the candidates with the same
    /// code as the embedded store (<see cref="SitingInputs.Build"/>): one bounded walk per candidate.</remarks>
    public async Task<SitingInput> SitingInputAsync(SitingInputRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var cells = new List<PopulationCell>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT id, community_id, residents, ST_X(ST_Transform(point_m, 4326)), ST_Y(ST_Transform(point_m, 4326))
            FROM huayang.population ORDER BY id COLLATE "C"
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                cells.Add(new PopulationCell(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    new Point(reader.GetDouble(3), reader.GetDouble(4)) { SRID = 4326 }));
            }
        }

        var sites = new List<Site>();
        await using (var command = new NpgsqlCommand($"SELECT {SiteColumns}, 0 FROM huayang.sites s ORDER BY s.id COLLATE \"C\"", connection))
        {
            sites.AddRange((await ReadSitesAsync(command, cancellationToken)).Select(s => s.Site));
        }

        var network = WalkingNetwork.Build(await GetFeaturesAsync(Layers.Walkways, null, cancellationToken));
        var candidates = request.Candidates == CandidateSource.Layer
            ? SitingCandidates.FromFeatures(request.CandidateLayer ?? "", await GetFeaturesAsync(request.CandidateLayer ?? "", null, cancellationToken))
            : [];
        return SitingInputs.Build(request, cells, sites, network, candidates, cancellationToken);
    }
}
