using Huayang.Gis.Core.Crs;
using Huayang.Gis.Tests.Support;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Huayang.Gis.Core.Tests.Crs;

public sealed class MetricProjectionTests
{
    [Fact]
    public void Points_match_cs2cs_both_ways()
    {
        foreach (var p in Cs2csReference.Points.Where(p => !p.Far))
        {
            var metric = MetricProjection.ToMetric(p.Lon, p.Lat);
            var wgs = MetricProjection.ToWgs84(p.E4544, p.N4544);

            Assert.Equal(p.E4544, metric.X, 0.01);
            Assert.Equal(p.N4544, metric.Y, 0.01);
            Assert.Equal(p.Lon, wgs.X, 1e-7);
            Assert.Equal(p.Lat, wgs.Y, 1e-7);
        }
    }

    [Fact]
    public void Geometries_get_the_metric_srid_and_back()
    {
        var square = new WKTReader().Read("POLYGON ((104.04 30.49, 104.06 30.49, 104.06 30.51, 104.04 30.51, 104.04 30.49))");
        square.SRID = 4326;

        var metric = MetricProjection.ToMetric(square);
        var back = MetricProjection.ToWgs84(metric);

        Assert.Equal(4544, metric.SRID);
        Assert.Equal(MetricProjection.Crs.Srid, metric.SRID);
        Assert.Equal(4326, back.SRID);
        Assert.Equal(square, back, GeometryAssert.ExactWithin(1e-9));
        // 0.02° by 0.02° at 30.5N is about 1.92 km by 2.22 km.
        Assert.InRange(metric.Area / 1e6, 4.2, 4.4);
    }

    [Fact]
    public void Metric_distance_is_the_geodesic_times_the_grid_scale()
    {
        // One minute of latitude along 104.05E from 30.5N is 1,847.684 m on the ellipsoid
        // (PROJ: geod +ellps=WGS84 -I). At 0.95° from the central meridian the Gauss-Kruger scale
        // is 1 + (1 + η²)(Δλ cos φ)² / 2 = 1.0001026, so the grid distance is 1,847.874 m.
        var a = MetricProjection.ToMetric(104.05, 30.5);
        var b = MetricProjection.ToMetric(104.05, 30.5 + 1.0 / 60);

        Assert.Equal(1847.684 * 1.0001026, a.Distance(b), 0.01);
    }

    [Fact]
    public void Geometry_in_another_crs_is_rejected()
    {
        var metric = new Point(408798.98, 3375925.50) { SRID = 4544 };

        Assert.Throws<ArgumentException>(() => MetricProjection.ToMetric(metric));
    }
}
