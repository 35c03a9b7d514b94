using Huayang.Gis.Core.IO;

namespace Huayang.Gis.Core.Tests.IO;

public sealed class DatasetProblemTests
{
    [Theory]
    [InlineData("communities.geojson", 3, "qinghe", "population", "abc", "expected an integer",
        "communities.geojson: feature #3 (id \"qinghe\"): field \"population\": value \"abc\": expected an integer")]
    [InlineData("sites.geojson", 1, null, "id", null, "missing required field",
        "sites.geojson: feature #1: field \"id\": missing required field")]
    [InlineData("sites.geojson", null, null, null, null, "not valid JSON at line 2, position 5: oops",
        "sites.geojson: not valid JSON at line 2, position 5: oops")]
    [InlineData("life-circles.json", null, "10min", "levels[1].radius_m", "0", "must be greater than 0",
        "life-circles.json: id \"10min\": field \"levels[1].radius_m\": value \"0\": must be greater than 0")]
    public void ToString_leaves_out_null_parts(
        string file, int? index, string? id, string? field, string? value, string message, string expected) =>
        Assert.Equal(expected, new DatasetProblem(file, index, id, field, value, message).ToString());
}
