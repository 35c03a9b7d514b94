using System.Diagnostics;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis.Tests.Loading;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.PostGis.Tiles;
using Huayang.Gis.Tests.Tiles;
using NetTopologySuite.Geometries;
using Xunit.Abstractions;

namespace Huayang.Gis.PostGis.Tests.Tiles;

/// <summary>
/// A generated dataset <see cref="Scale"/> times the bundled one (428k population cells, 24k sites), in the
/// in-memory store and loaded into a fresh PostGIS database: once per test class.
/// </summary>
public sealed class ScaledStores : IAsyncLifetime
{
    /// <summary>The scale users reported 20 MB tiles at.</summary>
    public const int Scale = 200;

    private TempDirectory? _directory;
    private TestDatabase? _database;
    private Exception? _unavailable;

    public Dataset Dataset { get; private set; } = null!;

    public InMemoryTileSource Memory { get; private set; } = null!;

    public PostGisTileSource PostGis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            _database = await TestDatabase.CreateAsync();
        }
        catch (Exception e) when (e is SkipException or Xunit.Sdk.FailException)
        {
            _unavailable = e;
            return;
        }
        _directory = LoaderTestData.Generated(Scale);
        Dataset = DatasetReader.Read(_directory.Path);
        Memory = new InMemoryTileSource(new InMemorySpatialStore(Dataset));
        await LoaderTestData.LoadAsync(_database.DataSource, Dataset, _directory.Path);
        PostGis = new PostGisTileSource(_database.DataSource);
    }

    /// <summary>Skips (or, under CI, fails) the calling test when there is no database.</summary>
    public void Require()
    {
        if (_unavailable is not null)
        {
            TestDatabase.RequireServer();
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        _directory?.Dispose();
    }
}

/// <summary>
/// At scale 200, where every tile used to carry every feature (z0 and z1 tiles of 20–23 MB), both tile sources
/// keep every tile under <see cref="VectorTileThinning.MaxTileBytes"/>, thin alike, and aggregate population
/// cells without losing a resident.
/// </summary>
public sealed class ScaledTileTests(ScaledStores stores, ITestOutputHelper output) : IClassFixture<ScaledStores>
{
    [SkippableFact]
    public async Task Every_tile_over_the_data_at_z0_to_z6_and_sampled_tiles_at_z7_to_z14_are_under_the_cap_on_both_stores()
    {
        stores.Require();
        var extent = DataExtent();
        var tiles = CapSample(extent);
        var problems = new List<string>();
        var largest = new SortedDictionary<int, (int Memory, int PostGis)>();
        var slowest = new Dictionary<int, (TimeSpan Memory, TimeSpan PostGis)>();
        var time = new Dictionary<string, TimeSpan> { ["memory"] = TimeSpan.Zero, ["PostGIS"] = TimeSpan.Zero };
        var compared = 0;
        var (withSites, tilesWithSites) = (0, 0);
        foreach (var (z, x, y) in tiles)
        {
            var watch = Stopwatch.StartNew();
            var fromMemory = await stores.Memory.GetTileAsync(Layers.All, z, x, y);
            var memoryTime = watch.Elapsed;
            watch.Restart();
            var fromPostGis = await stores.PostGis.GetTileAsync(Layers.All, z, x, y);
            var postGisTime = watch.Elapsed;
            time["memory"] += memoryTime;
            time["PostGIS"] += postGisTime;
            var before = slowest.GetValueOrDefault(z);
            slowest[z] = (before.Memory > memoryTime ? before.Memory : memoryTime, before.PostGis > postGisTime ? before.PostGis : postGisTime);
            foreach (var (source, tile) in new[] { ("memory", fromMemory), ("PostGIS", fromPostGis) })
            {
                if (tile.Length > VectorTileThinning.MaxTileBytes)
                {
                    problems.Add($"{source} {z}/{x}/{y}: {tile.Length:N0} bytes");
                }
            }
            var known = largest.GetValueOrDefault(z);
            largest[z] = (Math.Max(known.Memory, fromMemory.Length), Math.Max(known.PostGis, fromPostGis.Length));

            var memoryLayers = MvtDecoder.Decode(fromMemory);
            var postGisLayers = MvtDecoder.Decode(fromPostGis);
            if (TileSamples.IdsIntersecting(stores.Dataset, Layers.Sites, z, x, y, -VectorTileGrid.Buffer - 1).Count > 0)
            {
                tilesWithSites++;
                withSites += memoryLayers.Any(l => l.Name == Layers.Sites) && postGisLayers.Any(l => l.Name == Layers.Sites) ? 1 : 0;
            }
            foreach (var name in Layers.All)
            {
                var m = memoryLayers.SingleOrDefault(l => l.Name == name)?.Features ?? [];
                var p = postGisLayers.SingleOrDefault(l => l.Name == name)?.Features ?? [];
                var inMemory = m.ToDictionary(f => f.Id);
                var inPostGis = p.ToDictionary(f => f.Id);
                // Lines and polygons under a tile unit may be kept by one source and not the other (TileConformanceTests).
                var differ = m.Where(f => !inPostGis.ContainsKey(f.Id)).Concat(p.Where(f => !inMemory.ContainsKey(f.Id)))
                    .Where(f => !IsSpeck(name, f, z))
                    .Select(f => f.Properties.TryGetValue("id", out var id) ? (string)id : $"#{f.Id}")
                    .ToList();
                if (differ.Count > 0)
                {
                    problems.Add($"{z}/{x}/{y} {name}: {m.Count} features in memory, {p.Count} in PostGIS; not in both: {string.Join(", ", differ.Take(10))}");
                }
                compared += m.Count;
            }
        }
        foreach (var (z, (memory, postGis)) in largest)
        {
            output.WriteLine($"z{z}: largest tile {memory:N0} bytes in memory, {postGis:N0} in PostGIS; slowest {slowest[z].Memory.TotalMilliseconds:F0} ms in memory, {slowest[z].PostGis.TotalMilliseconds:F0} ms in PostGIS");
        }
        output.WriteLine($"{tiles.Count} tiles, {compared:N0} features compared; memory {time["memory"].TotalSeconds:F1} s, PostGIS {time["PostGIS"].TotalSeconds:F1} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(tiles.Count(t => t.Z <= 6) >= 7, "a tile per zoom from 0 to 6 at least");
        Assert.True(compared > 10_000, $"only {compared} features compared");
        // The cap is met by thinning, not by leaving layers out: the last layer, sites, is in every tile that has a site.
        Assert.True(tilesWithSites > 30, $"only {tilesWithSites} tiles with sites");
        Assert.Equal(tilesWithSites, withSites);
    }

    /// <summary>
    /// Where population cells are aggregated, each grid cell holds the sum of the residents of the cells whose
    /// centroid lies in it: over all tiles of a zoom, the grid cells inside their tiles sum to every resident.
    /// </summary>
    [SkippableTheory]
    [InlineData(10)]
    [InlineData(12)]
    public async Task Aggregated_population_cells_keep_every_resident(int z)
    {
        stores.Require();
        var population = stores.Dataset.Layers[Layers.Population];
        var residents = population.Sum(f => Convert.ToInt64(f.Attributes["residents"], System.Globalization.CultureInfo.InvariantCulture));
        var extent = new Envelope();
        foreach (var feature in population)
        {
            extent.ExpandToInclude(feature.Geometry.EnvelopeInternal);
        }
        var (_, x0, y0) = TileSamples.TileAt(extent.MinX, extent.MaxY, z);
        var (_, x1, y1) = TileSamples.TileAt(extent.MaxX, extent.MinY, z);
        foreach (var (name, source) in new (string, IVectorTileSource)[] { ("memory", stores.Memory), ("PostGIS", stores.PostGis) })
        {
            long summed = 0, cells = 0;
            for (var x = x0; x <= x1; x++)
            {
                for (var y = y0; y <= y1; y++)
                {
                    var layer = MvtDecoder.Decode(await source.GetTileAsync([Layers.Population], z, x, y)).SingleOrDefault();
                    foreach (var feature in layer?.Features ?? [])
                    {
                        Assert.True(feature.Properties.ContainsKey("cells"), $"{name} {z}/{x}/{y}: {feature.Id} is not aggregated");
                        Assert.False(feature.Properties.ContainsKey("id"));
                        var centre = feature.Geometry.EnvelopeInternal.Centre;
                        if (centre.X is > 0 and < VectorTileGrid.Extent && centre.Y is > 0 and < VectorTileGrid.Extent)
                        {
                            summed += (long)feature.Properties["residents"];
                            cells += (long)feature.Properties["cells"];
                        }
                    }
                }
            }
            output.WriteLine($"z{z} {name}: {summed:N0} residents in {cells:N0} cells over {(x1 - x0 + 1) * (y1 - y0 + 1)} tiles");
            Assert.Equal(residents, summed);
            Assert.Equal(population.Count, cells);
        }
    }

    /// <summary>
    /// A dataset polygon of less than 4 square tile units or line shorter than 2 units at zoom
    /// <paramref name="z"/>: snapped to the grid it is nearly nothing, and the two sources' rules for such
    /// remnants differ (PostGIS keeps slivers that the .NET cutter drops); seen only at zooms 2 to 4.
    /// </summary>
    private bool IsSpeck(string layer, DecodedFeature feature, int z)
    {
        if (!feature.Properties.TryGetValue("id", out var id))
        {
            return false;
        }
        var byId = _byId.GetOrAdd(layer, name => stores.Dataset.Layers[name].ToDictionary(f => (string)f.Attributes["id"], StringComparer.Ordinal));
        var geometry = byId[(string)id].Geometry;
        var unit = 2 * VectorTileGrid.WorldHalfSize / (1 << z) / VectorTileGrid.Extent;
        var mercator = CoordinateTransformer.Transform(geometry, CrsId.Wgs84, CrsId.WebMercator);
        return geometry.Dimension switch
        {
            Dimension.Surface => mercator.Area < 4 * unit * unit,
            Dimension.Curve => mercator.Length < 2 * unit,
            _ => false,
        };
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, NetTopologySuite.Features.IFeature>> _byId = new(StringComparer.Ordinal);

    private Envelope DataExtent()
    {
        var extent = new Envelope();
        foreach (var layer in stores.Dataset.Layers.Values)
        {
            foreach (var feature in layer)
            {
                extent.ExpandToInclude(feature.Geometry.EnvelopeInternal);
            }
        }
        return extent;
    }

    /// <summary>Every tile over the extent at zooms 0 to 6; at 7 to 14, the tiles under a 4 × 4 grid of positions across it.</summary>
    private static List<(int Z, int X, int Y)> CapSample(Envelope extent)
    {
        var tiles = new SortedSet<(int, int, int)>();
        for (var z = 0; z <= 6; z++)
        {
            var (_, x0, y0) = TileSamples.TileAt(extent.MinX, extent.MaxY, z);
            var (_, x1, y1) = TileSamples.TileAt(extent.MaxX, extent.MinY, z);
            for (var x = x0; x <= x1; x++)
            {
                for (var y = y0; y <= y1; y++)
                {
                    tiles.Add((z, x, y));
                }
            }
        }
        for (var z = 7; z <= 14; z++)
        {
            for (var i = 0; i <= 3; i++)
            {
                for (var j = 0; j <= 3; j++)
                {
                    tiles.Add(TileSamples.TileAt(extent.MinX + extent.Width * i / 3, extent.MinY + extent.Height * j / 3, z));
                }
            }
        }
        return tiles.ToList();
    }
}
