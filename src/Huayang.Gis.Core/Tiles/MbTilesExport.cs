using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// Writes the vector tiles of layers into an MBTiles 1.3 archive (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md),
/// which GDAL, QGIS, MapLibre (through a server such as Martin or tileserver-gl) and mbutil read: a SQLite file
/// with a <c>metadata</c> table (name, <c>format = pbf</c>, bounds, center, zooms, attribution, a description in
/// Chinese and English, and <c>json</c> with the <c>vector_layers</c> of the server's TileJSON, fields typed) and a
/// <c>tiles</c> table of gzip-compressed MVT tiles, rows in TMS order (<c>tile_row = 2^z − 1 − y</c>).
/// </summary>
/// <remarks>
/// <para>The tiles come from the <see cref="IVectorTileSource"/> given, the one the server answers
/// <c>/tiles/{layers}/{z}/{x}/{y}.mvt</c> from, so every stored tile, once gunzipped, is the server's tile byte for
/// byte. Only tiles with data are stored (the server answers 204 for the others); which tiles are visited is
/// <see cref="TileExport"/>'s walk.</para>
/// <para>The archive is written to a temporary file beside the target, in one transaction, and renamed to the
/// target only when it is complete: a failure or cancellation deletes the temporary file and leaves the target as
/// it was (absent, or the previous archive).</para>
/// </remarks>
public static class MbTilesExport
{
    /// <summary>The MBTiles <c>application_id</c> ("MPBX").</summary>
    private const int ApplicationId = 0x4d504258;

    /// <summary>Writes the archive.</summary>
    /// <param name="source">The tile source, normally the server's (embedded store or PostGIS).</param>
    /// <param name="request">Layers of <see cref="TileSetState.Layers"/> and zooms 0–<see cref="VectorTileGrid.MaxZoom"/>.</param>
    /// <param name="path">The archive; its directory must exist.</param>
    /// <param name="overwrite">Replace an existing file at <paramref name="path"/> (else the rename fails with <see cref="IOException"/>).</param>
    /// <param name="progress">Told after every batch of tiles, on the writing thread.</param>
    /// <exception cref="Store.UnknownLayerException">A layer the source does not serve.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    /// <exception cref="IOException">The temporary file cannot be written (no space, no permission), or
    /// <paramref name="path"/> exists and <paramref name="overwrite"/> is false; nothing is left behind.</exception>
    public static async Task<TileExportResult> WriteAsync(
        IVectorTileSource source, TileExportRequest request, string path, bool overwrite = false,
        IProgress<TileExportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var target = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        var clock = Stopwatch.StartNew();
        try
        {
            var state = await source.GetStateAsync(cancellationToken);
            long written, candidates, built, tileBytes = 0;
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = temporary,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString()))
            {
                await connection.OpenAsync(cancellationToken);
                // No journal: until the rename, the file is nobody's but this export's.
                await ExecuteAsync(connection, null, $"PRAGMA application_id = {ApplicationId}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;", cancellationToken);
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, """
                    CREATE TABLE metadata (name TEXT NOT NULL, value TEXT);
                    CREATE UNIQUE INDEX metadata_name ON metadata (name);
                    CREATE TABLE tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL);
                    CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
                    """, cancellationToken);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES ($z, $x, $row, $data)";
                var z = insert.Parameters.Add("$z", SqliteType.Integer);
                var x = insert.Parameters.Add("$x", SqliteType.Integer);
                var row = insert.Parameters.Add("$row", SqliteType.Integer);
                var data = insert.Parameters.Add("$data", SqliteType.Blob);
                (written, candidates, built) = await TileExport.WalkAsync(source, request, async (tile, bytes, ct) =>
                {
                    var compressed = Gzip(bytes);
                    tileBytes += compressed.Length;
                    (z.Value, x.Value, row.Value, data.Value) = (tile.Z, tile.X, TmsRow(tile), compressed);
                    await insert.ExecuteNonQueryAsync(ct);
                }, progress, cancellationToken);

                await using var meta = connection.CreateCommand();
                meta.Transaction = transaction;
                meta.CommandText = "INSERT INTO metadata (name, value) VALUES ($name, $value)";
                var name = meta.Parameters.Add("$name", SqliteType.Text);
                var value = meta.Parameters.Add("$value", SqliteType.Text);
                foreach (var (key, text) in Metadata(state, request))
                {
                    (name.Value, value.Value) = (key, text);
                    await meta.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, target, overwrite);
            return new TileExportResult(written, candidates, built, tileBytes, new FileInfo(target).Length, clock.Elapsed);
        }
        catch (SqliteException e)
        {
            throw new IOException($"cannot write the archive's temporary file {temporary}: {e.Message}", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The MBTiles row of a tile: rows count from the south edge (TMS), XYZ rows from the north.</summary>
    public static int TmsRow(TileAddress tile) => (int)((1L << tile.Z) - 1 - tile.Y);

    /// <summary>The metadata rows: MBTiles 1.3's keys, with <c>json</c> holding the layers as TileJSON's <c>vector_layers</c>.</summary>
    internal static IReadOnlyList<(string Name, string Value)> Metadata(TileSetState state, TileExportRequest request)
    {
        var bounds = state.BoundsOf(request.Layers);
        double[] box = bounds is null
            ? [-180, -85.0511287798066, 180, 85.0511287798066]
            : [bounds.MinX, bounds.MinY, bounds.MaxX, bounds.MaxY];
        var layers = request.Layers.Select(n => TileLayer.Of(state.Layers.Get(n))).ToList();
        var center = Math.Clamp(13, request.MinZoom, request.MaxZoom);
        string Numbers(IEnumerable<double> values) => string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return
        [
            ("name", $"Huayang: {string.Join(", ", request.Layers)}"),
            ("format", "pbf"),
            ("type", "overlay"),
            ("version", "1.0.0"),
            ("description", "华阳街道（成都）规划数据集的矢量切片 / Vector tiles of the Huayang Street (华阳街道), Chengdu, planning dataset"),
            ("attribution", "Huayang.Gis illustrative dataset (see data/README.md)"),
            ("bounds", Numbers(box)),
            ("center", $"{Numbers([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])},{center.ToString(CultureInfo.InvariantCulture)}"),
            ("minzoom", request.MinZoom.ToString(CultureInfo.InvariantCulture)),
            ("maxzoom", request.MaxZoom.ToString(CultureInfo.InvariantCulture)),
            ("huayang_data_version", state.Version),
            ("json", VectorLayersJson(layers, request)),
        ];
    }

    /// <summary>
    /// <c>{"vector_layers": [...]}</c>: per layer its id, description, zooms and fields, as in the server's TileJSON
    /// except that a field's value is its type (<c>Number</c>, <c>Boolean</c> or <c>String</c>), as MBTiles 1.3 requires
    /// and GDAL reads to type its columns, not its description.
    /// </summary>
    private static string VectorLayersJson(IReadOnlyList<TileLayer> layers, TileExportRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("vector_layers");
            foreach (var layer in layers)
            {
                json.WriteStartObject();
                json.WriteString("id", layer.Name);
                json.WriteString("description", layer.Description);
                json.WriteNumber("minzoom", Math.Clamp(layer.MinZoom, request.MinZoom, request.MaxZoom));
                json.WriteNumber("maxzoom", request.MaxZoom);
                json.WriteStartObject("fields");
                foreach (var field in layer.Fields)
                {
                    json.WriteString(field.Name, field.Type switch
                    {
                        TileFieldType.Integer or TileFieldType.Number => "Number",
                        TileFieldType.Boolean => "Boolean",
                        _ => "String",
                    });
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }
        return buffer.ToArray();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
