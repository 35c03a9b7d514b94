using System.Net;
using System.Text.Json.Nodes;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests;

/// <summary><c>Data:Directory</c> takes what <c>huayang validate</c> and <c>load</c> take: a single GeoPackage too.</summary>
public sealed class DataDirectoryTests
{
    [SkippableFact]
    public async Task A_single_geopackage_is_served_as_the_dataset()
    {
        Tool.Require("ogr2ogr", "gdal-bin");
        var dir = Directory.CreateTempSubdirectory("huayang-gpkg-");
        try
        {
            var gpkg = Path.Combine(dir.FullName, "huayang.gpkg");
            foreach (var layer in new[] { "communities", "plan", "sites", "population", "walkways", "water", "roads" })
            {
                string[] update = File.Exists(gpkg) ? ["-update"] : [];
                var (code, _, error) = await Tool.RunAsync("ogr2ogr",
                    ["-f", "GPKG", .. update, gpkg, Path.Combine(RepositoryData.DataDirectory, layer + ".geojson"), "-nln", layer]);
                Assert.True(code == 0, error);
            }
            File.Copy(Path.Combine(RepositoryData.DataDirectory, "life-circles.json"), Path.Combine(dir.FullName, "life-circles.json"));

            await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
            {
                ["Data__Directory"] = gpkg,
                ["ConnectionStrings__PostGis"] = "",
            });
            Assert.Contains($"Serving the embedded store over {gpkg}", server.Log, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var response = await http.GetAsync("collections/sites/items?limit=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(RepositoryData.Store.Dataset.Sites.Count, (int)page["numberMatched"]!);

            // Any other file is refused by name at start-up.
            var (exit, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
            {
                ["Data__Directory"] = Path.Combine(dir.FullName, "life-circles.json"),
                ["ConnectionStrings__PostGis"] = "",
            });
            Assert.Equal(1, exit);
            Assert.Contains("is a file but not a GeoPackage", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
