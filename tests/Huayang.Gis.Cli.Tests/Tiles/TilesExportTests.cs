using System.Text.Json;
using System.Text.RegularExpressions;
using Huayang.Gis.Cli.Tests.Support;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Cli.Tests.Tiles;

/// <summary>
/// <c>huayang tiles export</c>: the archive holds exactly the server's tiles (the embedded store's
/// <see cref="InMemoryTileSource"/>, as the server serves it), every tile with data and no other, with MBTiles
/// metadata; bad arguments exit 2 and write nothing; a cancelled export (Ctrl-C in the real process) leaves nothing behind.
/// </summary>
[Collection(ExportedArchiveCollection.Name)]
public sealed partial class TilesExportTests(ExportedArchive archive)
{
    [Fact]
    public async Task Every_stored_tile_is_the_servers_tile_and_every_tile_with_data_is_stored()
    {
        Assert.True(archive.ExitCode == HuayangCli.Success, archive.Error);
        var stored = ExportedArchive.ReadTiles(archive.Path);
        var source = new InMemoryTileSource(TestData.Store);
        var state = await source.GetStateAsync();
        var layers = state.Layers.Names;
        var extent = state.BoundsOf(layers)!;

        // Every tile of the zooms over the extent and one tile around it (the buffer is less than a tile),
        // found without the exporter's pyramid: with data exactly when stored, and then byte for byte the same.
        var withData = 0;
        for (var z = ExportedArchive.MinZoom; z <= ExportedArchive.MaxZoom; z++)
        {
            var (west, north) = TileOf(extent.MinX, extent.MaxY, z);
            var (east, south) = TileOf(extent.MaxX, extent.MinY, z);
            for (var y = Math.Max(0, north - 1); y <= Math.Min((1 << z) - 1, south + 1); y++)
            {
                for (var x = Math.Max(0, west - 1); x <= Math.Min((1 << z) - 1, east + 1); x++)
                {
                    var expected = await source.GetTileAsync(layers, z, x, y);
                    var row = (1 << z) - 1 - y;
                    if (expected.Length == 0)
                    {
                        Assert.False(stored.ContainsKey((z, x, row)), $"tile {z}/{x}/{y} has no data but is stored");
                        continue;
                    }
                    withData++;
                    Assert.True(stored.TryGetValue((z, x, row), out var bytes), $"tile {z}/{x}/{y} has data but is not stored");
                    Assert.True(expected.AsSpan().SequenceEqual(bytes), $"tile {z}/{x}/{y} differs from the server's");
                }
            }
        }
        Assert.Equal(withData, stored.Count);
        Assert.True(withData > 100, $"only {withData} tiles with data");

        var line = FinalLine().Match(archive.Output);
        Assert.True(line.Success, archive.Output);
        Assert.Equal(stored.Count, int.Parse(line.Groups["written"].Value.Replace(",", "", StringComparison.Ordinal)));
        Assert.Contains("tiles: 100%", archive.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metadata_describe_the_layers_zooms_and_extent()
    {
        Assert.True(archive.ExitCode == HuayangCli.Success, archive.Error);
        var metadata = ExportedArchive.ReadMetadata(archive.Path);
        var state = await new InMemoryTileSource(TestData.Store).GetStateAsync();
        var extent = state.BoundsOf(state.Layers.Names)!;

        Assert.Equal("pbf", metadata["format"]);
        Assert.Equal("10", metadata["minzoom"]);
        Assert.Equal("16", metadata["maxzoom"]);
        var bounds = metadata["bounds"].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([extent.MinX, extent.MinY, extent.MaxX, extent.MaxY], bounds);
        Assert.Contains("华阳街道", metadata["description"], StringComparison.Ordinal);
        Assert.Contains("Vector tiles", metadata["description"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(metadata["attribution"]));
        Assert.EndsWith(",13", metadata["center"], StringComparison.Ordinal);

        using var json = JsonDocument.Parse(metadata["json"]);
        var vectorLayers = json.RootElement.GetProperty("vector_layers").EnumerateArray().ToList();
        Assert.Equal(state.Layers.Names, vectorLayers.Select(l => l.GetProperty("id").GetString()!).ToList());
        var population = vectorLayers.Single(l => l.GetProperty("id").GetString() == "population");
        Assert.Equal(10, population.GetProperty("minzoom").GetInt32());
        var walkways = vectorLayers.Single(l => l.GetProperty("id").GetString() == "walkways");
        Assert.Equal(12, walkways.GetProperty("minzoom").GetInt32());
        var sites = vectorLayers.Single(l => l.GetProperty("id").GetString() == "sites").GetProperty("fields");
        Assert.Equal("String", sites.GetProperty("name_zh").GetString());
        Assert.Equal("Number", sites.GetProperty("capacity").GetString());
    }

    [Fact]
    public async Task One_zoom_and_chosen_layers_give_only_those()
    {
        var directory = Directory.CreateTempSubdirectory("huayang-mbtiles-");
        try
        {
            var file = Path.Combine(directory.FullName, "sites.mbtiles");
            var (code, output, error) = await RunAsync("tiles", "export", "--layers", "sites,communities", "--zoom", "14", "--out", file);
            Assert.True(code == HuayangCli.Success, error);
            var stored = ExportedArchive.ReadTiles(file);
            Assert.NotEmpty(stored);
            Assert.All(stored.Keys, key => Assert.Equal(14, key.Z));
            var source = new InMemoryTileSource(TestData.Store);
            foreach (var ((z, x, row), bytes) in stored)
            {
                Assert.Equal(await source.GetTileAsync(["sites", "communities"], z, x, (1 << z) - 1 - row), bytes);
            }
            var metadata = ExportedArchive.ReadMetadata(file);
            Assert.Equal(("14", "14"), (metadata["minzoom"], metadata["maxzoom"]));
            Assert.Contains($"{stored.Count} tiles written", output, StringComparison.Ordinal);
            Assert.Equal([file], Directory.GetFiles(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--layers", "sites,rivers", "\"rivers\"")]
    [InlineData("--layers", "sites,sites", "\"sites,sites\"")]
    [InlineData("--zoom", "10-23", "\"10-23\"")]
    [InlineData("--zoom", "16-10", "\"16-10\"")]
    [InlineData("--zoom", "ten", "\"ten\"")]
    [InlineData("--zoom", "-3", "\"-3\"")]
    [InlineData("--out", "{dir}/huayang.pmtiles", "not supported yet")]
    [InlineData("--out", "{dir}/huayang.geojson", "huayang.geojson\" does not end in .mbtiles")]
    [InlineData("--out", "{dir}/missing/huayang.mbtiles", "missing\" of")]
    public async Task Bad_arguments_exit_2_naming_the_option_and_write_nothing(string option, string value, string named)
    {
        var directory = Directory.CreateTempSubdirectory("huayang-mbtiles-");
        try
        {
            var arguments = new List<string> { "tiles", "export", option, value.Replace("{dir}", directory.FullName, StringComparison.Ordinal) };
            if (option != "--out")
            {
                arguments.AddRange(["--out", Path.Combine(directory.FullName, "huayang.mbtiles")]);
            }
            var (code, _, error) = await RunAsync([.. arguments]);
            Assert.Equal(HuayangCli.BadArguments, code);
            Assert.Contains(option, error, StringComparison.Ordinal);
            Assert.Contains(named, error, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_existing_file_is_kept_without_force_and_replaced_with_it()
    {
        var directory = Directory.CreateTempSubdirectory("huayang-mbtiles-");
        try
        {
            var file = Path.Combine(directory.FullName, "huayang.mbtiles");
            await File.WriteAllTextAsync(file, "not yet an archive");
            var (code, _, error) = await RunAsync("tiles", "export", "--zoom", "12", "--out", file);
            Assert.Equal(HuayangCli.BadArguments, code);
            Assert.Contains("--force", error, StringComparison.Ordinal);
            Assert.Equal("not yet an archive", await File.ReadAllTextAsync(file));

            (code, _, error) = await RunAsync("tiles", "export", "--zoom", "12", "--out", file, "--force");
            Assert.True(code == HuayangCli.Success, error);
            Assert.NotEmpty(ExportedArchive.ReadTiles(file));
            Assert.Equal([file], Directory.GetFiles(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_cancelled_export_leaves_the_previous_file_and_no_other()
    {
        var directory = Directory.CreateTempSubdirectory("huayang-mbtiles-");
        try
        {
            var file = Path.Combine(directory.FullName, "huayang.mbtiles");
            await File.WriteAllTextAsync(file, "the previous archive");
            using var cancel = new CancellationTokenSource();
            var reports = new List<TileExportProgress>();
            // Cancelled once the first tiles are written, on the writing thread (as Ctrl-C would, at any time).
            var progress = new Reports(p =>
            {
                reports.Add(p);
                if (p.Written > 0)
                {
                    cancel.Cancel();
                }
            });
            var source = new InMemoryTileSource(TestData.Store);
            var request = new TileExportRequest(TestData.Store.Dataset.Registry.Names, 10, 16);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => MbTilesExport.WriteAsync(source, request, file, overwrite: true, progress, cancel.Token));
            Assert.Contains(reports, r => r.Written > 0);
            Assert.DoesNotContain(reports, r => r.Done == r.Candidates && r.Candidates > 0);
            Assert.Equal("the previous archive", await File.ReadAllTextAsync(file));
            Assert.Equal([file], Directory.GetFileSystemEntries(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task Ctrl_c_stops_the_process_with_130_and_leaves_no_file()
    {
        Tool.Require("kill", "procps");
        var directory = Directory.CreateTempSubdirectory("huayang-mbtiles-");
        try
        {
            var file = Path.Combine(directory.FullName, "huayang.mbtiles");
            // z10-20 holds some 92,000 candidates: far more than are built before the signal arrives.
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "huayang.dll"), "tiles", "export", "--data", TestData.DataDirectory, "--zoom", "10-20", "--out", file })
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment.Remove("ConnectionStrings__PostGis");
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = new System.Text.StringBuilder();
            // The first progress line comes once the temporary file is open and the walk has begun.
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                error.AppendLine(line);
                if (line.StartsWith("tiles: ", StringComparison.Ordinal))
                {
                    break;
                }
            }
            var (killed, _, killError) = await Tool.RunAsync("kill", "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(killed == 0, killError);
            error.Append(await process.StandardError.ReadToEndAsync());
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {error}");
            Assert.Contains("cancelled", error.ToString(), StringComparison.Ordinal);
            Assert.Equal("", await output);
            Assert.Empty(Directory.GetFileSystemEntries(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var radians = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(radians) + 1 / Math.Cos(radians)) / Math.PI) / 2 * n);
        return (x, y);
    }

    /// <summary>In process, over the bundled data.</summary>
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync([.. args, "--data", TestData.DataDirectory], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Reports on the calling thread (System.Progress would post to the thread pool).</summary>
    private sealed class Reports(Action<TileExportProgress> report) : IProgress<TileExportProgress>
    {
        public void Report(TileExportProgress value) => report(value);
    }

    [GeneratedRegex(@"(?<written>[\d,]+) tiles written of (?<candidates>[\d,]+) candidates")]
    private static partial Regex FinalLine();
}
