using System.Text;
using System.Text.Json;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.Tests.IO;

/// <summary>
/// A feature read by the streaming reader gives exactly what the document-based reading gives (id, attributes
/// with their CLR types, geometry, bad fields and problems), and the streaming reader declines, reporting
/// nothing, what it does not read plainly.
/// </summary>
public sealed class StreamedFeatureTests
{
    private const string LongId = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

    private const string Point = """{"type": "Point", "coordinates": [104.05, 30.5]}""";

    [Theory]
    [InlineData($$$"""{"type": "Feature", "id": "p1", "geometry": {{{Point}}}, "properties": {"id": "p1", "community_id": "luhu", "residents": 3}}""")]
    [InlineData($$$"""{"type": "Feature", "id": 17, "geometry": {{{Point}}}, "properties": {"community_id": "luhu", "residents": 3}}""")]
    [InlineData($$$"""{"type": "Feature", "id": 1.50, "geometry": {{{Point}}}, "properties": {"id": null, "community_id": "luhu", "residents": 3}}""")]
    [InlineData($$$"""{"type": "Feature", "geometry": {{{Point}}}, "properties": {"id": null, "community_id": "luhu", "residents": 3}}""")]
    [InlineData($$$"""{"type": "Feature", "geometry": {{{Point}}}, "properties": {"community_id": "luhu", "residents": 3}}""")]
    [InlineData($$$"""{"type": "Feature", "geometry": {{{Point}}}, "properties": {"id": 12, "community_id": true, "residents": "3"}}""")]
    [InlineData($$$"""{"type": "Feature", "geometry": {{{Point}}}, "properties": {"id": "x", "community_id": "", "residents": -1.5, "extra": 2.0, "flag": false, "note": null}}""")]
    [InlineData($$$"""{"type": "Feature", "geometry": {{{Point}}}, "properties": {"id": "x", "community_id": "a", "residents": 3000000000}}""")]
    [InlineData($$$"""{"type": "Feature", "geometry": {{{Point}}}, "properties": {"id": "{{{LongId}}}", "community_id": "a", "residents": 1e2}}""")]
    [InlineData("""{"type": "Feature", "bbox": [1, 2, 3, 4], "geometry": {"type": "Point", "coordinates": [30.5, 104.05]}, "properties": {"id": "swapped", "community_id": "a", "residents": 1}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "Point", "coordinates": [200, 30.5]}, "properties": {"id": "far", "community_id": "a", "residents": 1}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[104.0, 30.0], [104.1, 30.1]]}, "properties": {"id": "line", "community_id": "a", "residents": 1}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[104.0, 30.0], [104.1, 30.1], [104.1, 30.0], [104.0, 30.1], [104.0, 30.0]]]}, "properties": {"id": "bow", "community_id": "a", "residents": 1}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[[104.0, 30.0], [104.1, 30.0], [104.1, 30.1], [104.0, 30.0]]]]}, "properties": {"id": "multi", "community_id": "a", "residents": 1}}""")]
    public void A_plain_feature_reads_as_the_document_reading_does(string json)
    {
        var (streamed, streamedProblems) = Streamed(json);
        Assert.NotNull(streamed);
        var (expected, expectedProblems) = FromDocument(json);

        Assert.Equal(expectedProblems, streamedProblems);
        Assert.Equal(expected.Id, streamed.Id);
        Assert.Equal(expected.BadFields.Order(), streamed.BadFields.Order());
        Assert.Equal(expected.Attributes.GetNames(), streamed.Attributes.GetNames());
        foreach (var name in expected.Attributes.GetNames())
        {
            var (want, got) = (expected.Attributes[name], streamed.Attributes[name]);
            Assert.Equal(want?.GetType(), got?.GetType());
            Assert.Equal(want, got);
        }

        Assert.Equal(expected.Geometry?.AsText(), streamed.Geometry?.AsText());
        Assert.Equal(expected.Geometry?.SRID, streamed.Geometry?.SRID);
    }

    [Theory]
    [InlineData("""{"type": "Feature", "properties": {"id": "a"}}""")]
    [InlineData("""{"type": "Feature", "geometry": null, "properties": {"id": "a"}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2, 3]}, "properties": {"id": "a"}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"coordinates": [1, 2], "type": "Point"}, "properties": {"id": "a"}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2]]}, "properties": {"id": "a"}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": null}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"id": "a", "id": "b"}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"id": "a", "x": [1]}}""")]
    [InlineData("""{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"id": "a", "x": 1e999}}""")]
    [InlineData("""{"type": "Feature", "id": true, "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {}}""")]
    [InlineData("""{"type": "feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {}}""")]
    [InlineData("""[1, 2]""")]
    public void Anything_else_is_left_to_the_document_reading(string json)
    {
        var (streamed, problems) = Streamed(json);
        Assert.Null(streamed);
        Assert.Empty(problems);
    }

    private static readonly CoordinateSource Source = CoordinateSource.GeoJson(CrsId.Crs84);

    private static (FeatureData? Feature, List<DatasetProblem> Problems) Streamed(string json)
    {
        var problems = new List<DatasetProblem>();
        var feature = GeoJsonStream.TryReadFeature(Encoding.UTF8.GetBytes(json), 4, LayerSchemas.Find(Layers.Population)!, "population.geojson", Source, problems);
        return (feature, problems);
    }

    private static (FeatureData Feature, List<DatasetProblem> Problems) FromDocument(string json)
    {
        var problems = new List<DatasetProblem>();
        using var document = JsonDocument.Parse(json);
        var feature = GeoJsonLayerReader.ReadFeature(document.RootElement, 4, LayerSchemas.Find(Layers.Population)!, "population.geojson", Source, problems);
        return (feature, problems);
    }
}
