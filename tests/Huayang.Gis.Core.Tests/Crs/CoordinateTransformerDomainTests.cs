using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Crs;

/// <summary>Positions ProjNET cannot transform are an <see cref="ArgumentOutOfRangeException"/> naming them, never ProjNET's own exception.</summary>
public sealed class CoordinateTransformerDomainTests
{
    [Theory]
    [InlineData(0, 0, 1e12, 1e12)]
    [InlineData(-1e300, -1e300, 1e300, 1e300)]
    public void An_EPSG_4544_box_whose_inverse_does_not_converge_is_out_of_range(double minX, double minY, double maxX, double maxY)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => CoordinateTransformer.Transform(new Envelope(minX, maxX, minY, maxY), CrsId.GaussKrugerCm105, CrsId.Wgs84));
        Assert.Contains("in EPSG:4544 cannot be transformed to EPSG:4326", e.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void A_pole_in_Web_Mercator_is_out_of_range_for_points_and_geometries()
    {
        var point = Assert.Throws<ArgumentOutOfRangeException>(() => CoordinateTransformer.Transform(10, 90, CrsId.Wgs84, CrsId.WebMercator));
        Assert.Contains("(10, 90) in EPSG:4326", point.Message, StringComparison.Ordinal);
        var line = new GeometryFactory(new PrecisionModel(), 4326).CreateLineString([new Coordinate(104, 30), new Coordinate(104, 90)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => CoordinateTransformer.Transform(line, CrsId.Wgs84, CrsId.WebMercator));
    }

    [Fact]
    public void Positions_inside_the_domain_are_unaffected()
    {
        var (x, y) = CoordinateTransformer.Transform(404_000, 3_376_000, CrsId.GaussKrugerCm105, CrsId.Wgs84);
        Assert.InRange(x, 103.9, 104.1);
        Assert.InRange(y, 30.4, 30.6);
    }
}
