using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Xunit.Abstractions;

namespace Huayang.Gis.Core.Tests.IO.Formats;

/// <summary>
/// Bad input in each format is reported as in GeoJSON: one problem naming the file, the feature (0-based index and
/// id), the field and the value. Each case breaks the small valid dataset of <see cref="TempDataset"/>, converts
/// one layer, and reads the directory with the given input CRS.
/// </summary>
public sealed class BadFormatInputTests(ITestOutputHelper output)
{
    private sealed record Case(
        bool NeedsOgr, Action<TempDataset> Break, Action<FormatFixture> Convert, DatasetProblem Expected, CrsId? FromCrs = null);

    private static DatasetProblem P(string file, int? index, string? id, string? field, string? value, string message) =>
        new(file, index, id, field, value, message);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["csv: population \"abc\""] = new(false,
            d => d.SetProperty("communities", 1, "population", "abc"),
            f => f.LayerToCsv("communities", wkt: true),
            P("communities.csv", 1, "luhu", "population", "abc", "expected an integer")),
        ["csv: lat/lon swapped"] = new(false,
            d => d.SetGeometry("sites", 0, TempDataset.Point(30.502, 104.042)),
            f => f.LayerToCsv("sites"),
            P("sites.csv", 0, "s1", "geometry", "(30.502, 104.042)",
                "looks like latitude, longitude order; the lon column must hold longitudes and lat latitudes")),
        ["csv in BD-09: lat/lon swapped shows the file's and the converted coordinates"] = new(false,
            d => d.SetGeometry("sites", 0, TempDataset.Point(30.502, 104.042)),
            f => f.LayerToCsv("sites"),
            P("sites.csv", 0, "s1", "geometry", "(30.502, 104.042)", "converted from BD-09 (30.502, 104.042)"),
            CrsId.Bd09),
        ["csv: lon not a number"] = new(false,
            d => d.SetGeometry("sites", 1, TempDataset.Point(104.052, 30.504)),
            f =>
            {
                f.LayerToCsv("sites");
                var text = File.ReadAllText(f.PathOf("sites.csv"));
                File.WriteAllText(f.PathOf("sites.csv"), text.Replace(",104.052,", ",\"104,052\",", StringComparison.Ordinal));
            },
            P("sites.csv", 1, "s2", "lon", "104,052", "expected a number")),
        ["csv: wkt that cannot be read"] = new(false,
            d => d.SetGeometry("plan", 4, """{"type": "Point", "coordinates": [104.0, 30.5]}"""),
            f =>
            {
                f.LayerToCsv("plan", wkt: true);
                var text = File.ReadAllText(f.PathOf("plan.csv"));
                File.WriteAllText(f.PathOf("plan.csv"), text.Replace("\"POINT (104 30.5)\"", "\"POINT (104 30.5\"", StringComparison.Ordinal));
            },
            P("plan.csv", 4, "zone-1", "geometry", "POINT (104 30.5", "geometry cannot be read as WKT")),
        ["shapefile: self-intersecting polygon"] = new(true,
            d => d.SetGeometry("communities", 0, """
                {"type": "Polygon", "coordinates": [[[104.0, 30.5], [104.5, 31.0], [104.5, 30.5], [104.0, 31.0], [104.0, 30.5]]]}
                """),
            f => f.LayerToShapefile("communities"),
            P("communities.shp", 0, "qinghe", "geometry", "(104.25, 30.75)", "invalid geometry: Self-intersection")),
        ["shapefile: DBF population 12.5"] = new(true,
            d => d.SetProperty("communities", 1, "population", 12.5),
            f => f.LayerToShapefile("communities"),
            P("communities.shp", 1, "luhu", "population", "12.5", "expected an integer")),
        ["shapefile: cut field name plan_eleme naming an unknown plan element"] = new(true,
            d => d.SetProperty("sites", 0, "plan_element", "zone-9"),
            f => f.LayerToShapefile("sites"),
            P("sites.shp", 0, "s1", "plan_element", "zone-9", "unknown id: no feature of plan.geojson has this id")),
        ["geopackage: a point in the communities table"] = new(true,
            d => d.SetGeometry("communities", 1, TempDataset.Point(104.055, 30.505)),
            f => f.LayerToGeoPackage("communities"),
            P("communities.gpkg", 1, "luhu", "geometry", "Point", "wrong geometry type: layer communities takes Polygon or MultiPolygon")),
        ["geopackage: status not allowed"] = new(true,
            d => d.SetProperty("sites", 2, "status", "closed"),
            f => f.LayerToGeoPackage("sites"),
            P("sites.gpkg", 2, "s3", "status", "closed", "expected one of: existing, planned")),
        ["geopackage in EPSG:4544 read as GCJ-02"] = new(true,
            _ => { },
            f => f.LayerToGeoPackage("sites", null, "-t_srs", "EPSG:4544"),
            P("sites.gpkg", null, null, "crs", "srs_id 4544: EPSG:4544 CGCS2000 / 3-degree Gauss-Kruger CM 105E",
                "the file declares EPSG:4544 but the input CRS was given as GCJ-02"),
            CrsId.Gcj02),
        ["two files for one layer"] = new(false,
            _ => { },
            f => File.WriteAllText(f.PathOf("sites.csv"), "id,lon,lat\r\ns9,104.05,30.5\r\n"),
            P("sites.geojson", null, null, null, null, "sites.geojson and sites.csv are all files for the layer sites")),
        ["shapefile without its .dbf"] = new(true,
            _ => { },
            f =>
            {
                f.LayerToShapefile("roads");
                f.Delete("roads.dbf");
            },
            P("roads.shp", null, null, null, null, "the attribute file roads.dbf is missing")),
        ["shapefile whose .prj names an unsupported CRS"] = new(true,
            _ => { },
            f =>
            {
                f.LayerToShapefile("roads");
                File.WriteAllText(f.PathOf("roads.prj"), """PROJCS["Xian_1980_3_Degree_GK_CM_105E",GEOGCS["GCS_Xian_1980"]]""");
            },
            P("roads.shp", null, null, "crs", """PROJCS["Xian_1980_3_Degree_GK_CM_105E",GEOGCS["GCS_Xian_1980"]]""",
                "not one this service reads")),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void One_broken_thing_is_one_problem_naming_its_place(string name)
    {
        var @case = Cases[name];
        if (@case.NeedsOgr && !Ogr.Available(output))
        {
            return;
        }

        using var small = TempDataset.Valid();
        @case.Break(small);
        using var data = FormatFixture.CopyOf(small.Directory);
        @case.Convert(data);
        var options = @case.FromCrs is { } crs ? new DatasetReadOptions { FromCrs = crs } : new DatasetReadOptions();

        var problems = DatasetReader.Validate(data.Directory, options);

        var problem = Assert.Single(problems);
        Assert.Equal(@case.Expected with { Message = problem.Message }, problem);
        Assert.Contains(@case.Expected.Message, problem.Message, StringComparison.Ordinal);
        var error = Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(data.Directory, options));
        Assert.Equal(problems, error.Problems);
    }

    [Fact]
    public void A_geopackage_in_wgs84_agrees_with_gcj02_and_a_unrecognised_prj_with_an_explicit_crs()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var small = TempDataset.Valid();
        using var data = FormatFixture.CopyOf(small.Directory);
        data.LayerToGeoPackage("sites");
        data.LayerToShapefile("roads");
        File.WriteAllText(data.PathOf("roads.prj"), """GEOGCS["Some_Local_Lon_Lat"]""");

        Assert.Empty(DatasetReader.Validate(data.Directory, new DatasetReadOptions { FromCrs = CrsId.Gcj02 }));
        Assert.Equal("crs", Assert.Single(DatasetReader.Validate(data.Directory)).Field);
    }

    [Fact]
    public void A_dataset_geopackage_needs_life_circles_json_beside_it_and_every_required_table()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var small = TempDataset.Valid();
        using var data = FormatFixture.CopyOf(small.Directory);
        var gpkg = data.PathOf("plan-2024.gpkg");
        foreach (var layer in new[] { "communities", "plan", "sites", "roads" })
        {
            Ogr.AppendToGeoPackage(data.PathOf(layer + ".geojson"), gpkg, layer);
        }

        data.Delete("life-circles.json");

        var problems = DatasetReader.Validate(gpkg);

        Assert.Equal(
            [
                ("plan-2024.gpkg", "required table population is missing; the feature tables are: communities, plan, roads, sites"),
                ("life-circles.json", $"required file is missing from {data.Directory}: it must be next to plan-2024.gpkg"),
            ],
            problems.Select(p => (p.File, p.Message)));
        Assert.Throws<DatasetValidationException>(() => DatasetReader.Read(gpkg));
    }

    [Fact]
    public void A_problem_in_a_dataset_geopackage_names_the_file_and_the_table()
    {
        if (!Ogr.Available(output))
        {
            return;
        }

        using var small = TempDataset.Valid();
        small.SetProperty("population", 2, "residents", -5);
        using var data = FormatFixture.CopyOf(small.Directory);
        var gpkg = data.PathOf("all.gpkg");
        foreach (var layer in new[] { "communities", "plan", "sites", "population", "roads" })
        {
            Ogr.AppendToGeoPackage(data.PathOf(layer + ".geojson"), gpkg, layer);
        }

        var problem = Assert.Single(DatasetReader.Validate(gpkg));

        Assert.Equal(new DatasetProblem("all.gpkg (table population)", 2, "p3", "residents", "-5", problem.Message), problem);
        Assert.Contains("must be at least 0", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_geopackage_is_one_problem()
    {
        using var small = TempDataset.Valid();
        File.WriteAllText(small.PathOf("water.gpkg"), "not sqlite");

        var problem = Assert.Single(DatasetReader.Validate(small.Directory));

        Assert.Equal(("water.gpkg", null), (problem.File, problem.FeatureIndex));
        Assert.Contains("GeoPackage", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_row_with_too_few_cells_and_a_csv_without_geometry_columns()
    {
        using var small = TempDataset.Valid();
        small.Delete("roads.geojson");
        File.WriteAllText(small.PathOf("roads.csv"), "id,name_zh,name_en,wkt\r\nr1,天府大道\r\n");
        File.WriteAllText(small.PathOf("water.csv"), "id,name_zh,name_en,kind\r\n");

        var problems = DatasetReader.Validate(small.Directory);

        Assert.Equal(
            [
                new DatasetProblem("water.csv", null, null, null, "id,name_zh,name_en,kind",
                    "no geometry columns: give lon and lat (or longitude and latitude, or x and y) columns, or a wkt column"),
                new DatasetProblem("roads.csv", 0, null, null, null, "the row has 2 cells but the header has 4"),
            ],
            problems);
    }

    [Fact]
    public void Csv_quoting_line_breaks_and_a_byte_order_mark_are_read()
    {
        using var small = TempDataset.Valid();
        small.Delete("roads.geojson");
        File.WriteAllText(small.PathOf("roads.csv"),
            "\uFEFFid,name_zh,name_en,WKT,lanes,opened,note\r\n" +
            "r1,\"天府大道, 南段\",\"Tianfu \"\"Avenue\"\"\nSouth\",\"LINESTRING (104.045 30.49, 104.045 30.52)\",6,true,012\r\n\r\n");

        var road = DatasetReader.Read(small.Directory).Layers["roads"][0];

        Assert.Equal("天府大道, 南段", road.Attributes["name_zh"]);
        Assert.Equal("Tianfu \"Avenue\"\nSouth", road.Attributes["name_en"]);
        Assert.Equal(6L, road.Attributes["lanes"]);
        Assert.Equal(true, road.Attributes["opened"]);
        Assert.Equal("012", road.Attributes["note"]);
        Assert.Equal("LINESTRING (104.045 30.49, 104.045 30.52)", road.Geometry.AsText());
    }
}
