using NetTopologySuite.Features;
using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>Binary COPY of a layer's features, encoded by <see cref="CopyRows"/>, with progress and a clean cancel.</summary>
internal static class BinaryCopy
{
    /// <summary>How many bytes of encoded rows are sent to the server at a time.</summary>
    public const int CopyChunkBytes = 1 << 18;

    /// <summary>Binary COPY of a layer's features into <paramref name="target"/> (a layer or staging table).</summary>
    /// <remarks>The rows are encoded by <see cref="CopyRows"/> and sent in chunks through a raw COPY stream, which
    /// costs far less per value than the binary importer. On any failure while sending, the COPY is cancelled, so
    /// that no partial layer is ever completed.</remarks>
    public static async Task CopyAsync(
        NpgsqlConnection connection, string target, string columns, LayerTable table, IReadOnlyList<IFeature> features,
        IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var layer = table.Layer;
        var rows = new CopyRows(table);
        var stream = await connection.BeginRawBinaryCopyAsync($"COPY {target} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        try
        {
            rows.WriteHeader();
            var written = 0;
            foreach (var feature in features)
            {
                rows.WriteRow(feature);
                written++;
                if (rows.Length >= CopyChunkBytes)
                {
                    await stream.WriteAsync(rows.Written, ct);
                    rows.Clear();
                }

                if (written % PostGisLoader.ProgressInterval == 0 && written < features.Count)
                {
                    progress?.Report(new LoadProgress(layer, written, features.Count));
                }
            }

            rows.WriteTrailer();
            await stream.WriteAsync(rows.Written, ct);
        }
        catch
        {
            try
            {
                await stream.CancelAsync();
            }
            catch (Exception e) when (e is NpgsqlException or ObjectDisposedException)
            {
                // The connection already failed and ended the COPY; the failure being rethrown says why.
            }

            await stream.DisposeAsync();
            throw;
        }

        // Ending the stream completes the COPY; a row the database refuses raises its PostgresException here.
        await stream.DisposeAsync();
    }
}
