using System.IO.Compression;
using Huayang.Gis.Cli;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis.Tests.Conformance;
using Huayang.Gis.PostGis.Tiles;
using Microsoft.Data.Sqlite;

namespace Huayang.Gis.PostGis.Tests.Tiles;

/// <summary><c>huayang tiles export --pg</c>: the archive holds PostGIS's own tiles (<c>ST_AsMVT</c>), every candidate with data.</summary>
public sealed class TileExportAgainstPostGisTests(BothStores stores) : IClassFixture<BothStores>
{
    [SkippableFact]
    public async Task The_archive_holds_every_postgis_tile_with_data_byte_for_byte()
    {
        stores.Require();
        var directory = Directory.CreateTempSubdirectory("huayang-mbtiles-pg-");
        try
        {
            var file = Path.Combine(directory.FullName, "huayang.mbtiles");
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await HuayangCli.RunAsync(
                ["tiles", "export", "--zoom", "12-14", "--out", file, "--pg", stores.ConnectionString], output, error);
            Assert.True(code == HuayangCli.Success, error.ToString());

            var stored = new Dictionary<TileAddress, byte[]>();
            await using (var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var z = reader.GetInt32(0);
                    await using var gzip = new GZipStream(reader.GetStream(3), CompressionMode.Decompress);
                    using var bytes = new MemoryStream();
                    await gzip.CopyToAsync(bytes);
                    stored.Add(new TileAddress(z, reader.GetInt32(1), (1 << z) - 1 - reader.GetInt32(2)), bytes.ToArray());
                }
            }

            var source = new PostGisTileSource(stores.PostGis.DataSource);
            var state = await source.GetStateAsync();
            var pyramid = new TilePyramid(state.BoundsOf(state.Layers.Names)!, 12, 14);
            var withData = 0;
            for (var z = 12; z <= 14; z++)
            {
                var range = pyramid.Range(z);
                for (var y = range.MinY; y <= range.MaxY; y++)
                {
                    for (var x = range.MinX; x <= range.MaxX; x++)
                    {
                        var expected = await source.GetTileAsync(state.Layers.Names, z, x, y);
                        var tile = new TileAddress(z, x, y);
                        if (expected.Length == 0)
                        {
                            Assert.False(stored.ContainsKey(tile), $"{tile} has no data but is stored");
                            continue;
                        }
                        withData++;
                        Assert.True(stored.TryGetValue(tile, out var bytes), $"{tile} has data but is not stored");
                        Assert.True(expected.AsSpan().SequenceEqual(bytes), $"{tile} differs from PostGIS's");
                    }
                }
            }
            Assert.Equal(withData, stored.Count);
            Assert.NotEmpty(stored);
            Assert.Contains("reading PostGIS", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
