using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tests.Support;
using Xunit.Abstractions;

namespace Huayang.Gis.Core.Tests.IO.Formats;

/// <summary>
/// The bundled dataset converted to each format reads back as the GeoJSON does: the same ids, attributes and
/// geometries (within 1e-9 degrees).
/// </summary>
public sealed class RoundTripTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    private static readonly Lazy<Dataset> Original = new(() => DatasetReader.Read(TestData.DataDirectory));

    private static bool AllAttributes(string layer, string name) => true;

    /// <summary>A shapefile keeps the schema's fields (cut names mapped back); other long names stay cut.</summary>
    private static bool SchemaAttributes(string layer, string name) =>
        LayerSchemas.Find(layer)!.Fields.Any(f => f.Name == name);

    [Fact]
    public void One_geopackage_per_layer()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var data = FormatFixture.Bundled();
        foreach (var layer in data.GeoJsonLayers().ToList())
        {
            data.LayerToGeoPackage(layer);
        }

        Assert.Empty(Directory.GetFiles(data.Directory, "*.geojson"));
        DatasetAssert.Same(Original.Value, DatasetReader.Read(data.Directory), Tolerance, AllAttributes);
    }

    [Fact]
    public void A_geopackage_layer_in_a_table_of_another_name()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var data = FormatFixture.Bundled();
        data.LayerToGeoPackage(Layers.Sites, table: "huayang_sites_2024");

        DatasetAssert.Same(Original.Value, DatasetReader.Read(data.Directory), Tolerance, AllAttributes);
    }

    [Fact]
    public void One_geopackage_with_every_layer_and_life_circles_json_beside_it()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var data = FormatFixture.Bundled();
        var gpkg = data.PathOf("huayang.gpkg");
        foreach (var layer in data.GeoJsonLayers().ToList())
        {
            Ogr.AppendToGeoPackage(data.PathOf(layer + ".geojson"), gpkg, layer);
        }

        var dataset = DatasetReader.Read(gpkg);

        Assert.Equal(Path.GetFullPath(gpkg), dataset.Source);
        DatasetAssert.Same(Original.Value, dataset, Tolerance, AllAttributes);
        Assert.Empty(DatasetReader.Validate(gpkg));
    }

    [Fact]
    public void Shapefiles_with_plan_kept_as_geojson()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var data = FormatFixture.Bundled();
        // A shapefile holds one geometry type; the plan mixes lines, points and polygons.
        foreach (var layer in data.GeoJsonLayers().Where(l => l != Layers.Plan).ToList())
        {
            data.LayerToShapefile(layer);
        }

        var dataset = DatasetReader.Read(data.Directory);

        DatasetAssert.Same(Original.Value, dataset, Tolerance, SchemaAttributes);
        Assert.Contains(dataset.Sites, s => s.PlanElementId is not null);
        Assert.All(dataset.Layers[Layers.Sites], f => Assert.True(f.Attributes.Exists("community_id")));
        Assert.True(dataset.Layers[Layers.Communities][0].Attributes.Exists("name_sourc"));
    }

    [Fact]
    public void Csv_with_points_as_lon_lat_and_other_geometry_as_wkt()
    {
        using var data = FormatFixture.Bundled();
        foreach (var layer in data.GeoJsonLayers().ToList())
        {
            if (layer is Layers.Sites or Layers.Population)
            {
                data.LayerToCsv(layer);
            }
            else
            {
                data.LayerToCsv(layer, wkt: true);
            }
        }

        Assert.StartsWith("\"id\",\"name_zh\"", File.ReadAllText(data.PathOf("sites.csv")), StringComparison.Ordinal);
        DatasetAssert.Same(Original.Value, DatasetReader.Read(data.Directory), Tolerance, AllAttributes);
    }

    [Theory]
    [InlineData("longitude", "latitude")]
    [InlineData("X", "Y")]
    [InlineData("Lon", "Lat")]
    public void Csv_point_columns_may_have_other_names(string x, string y)
    {
        using var data = FormatFixture.Bundled();
        data.LayerToCsv(Layers.Sites, x, y);

        DatasetAssert.Same(Original.Value, DatasetReader.Read(data.Directory), Tolerance, AllAttributes);
    }

    [Fact]
    public void Formats_may_be_mixed_and_a_layer_file_validated_alone()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var data = FormatFixture.Bundled();
        data.LayerToGeoPackage(Layers.Communities);
        data.LayerToShapefile(Layers.Population);
        data.LayerToCsv(Layers.Sites);

        DatasetAssert.Same(Original.Value, DatasetReader.Read(data.Directory), Tolerance, AllAttributes);
        Assert.Empty(DatasetReader.Validate(data.PathOf("communities.gpkg")));
        Assert.Empty(DatasetReader.Validate(data.PathOf("population.shp")));
        Assert.Empty(DatasetReader.Validate(data.PathOf("sites.csv")));
    }
}
