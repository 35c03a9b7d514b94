using Huayang.Gis.Core.Crs;

namespace Huayang.Gis.Core.Tests.Crs;

public sealed class CrsIdTests
{
    [Theory]
    [InlineData("EPSG:4544", "EPSG:4544")]
    [InlineData("epsg:4544", "EPSG:4544")]
    [InlineData("4544", "EPSG:4544")]
    [InlineData("  EPSG:4544\t", "EPSG:4544")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4544", "EPSG:4544")]
    [InlineData("https://www.opengis.net/def/crs/EPSG/0/4544", "EPSG:4544")]
    [InlineData("urn:ogc:def:crs:EPSG::4544", "EPSG:4544")]
    [InlineData("EPSG:4326", "EPSG:4326")]
    [InlineData("4326", "EPSG:4326")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326")]
    [InlineData("EPSG:4490", "EPSG:4490")]
    [InlineData("EPSG:32648", "EPSG:32648")]
    [InlineData("32648", "EPSG:32648")]
    [InlineData("EPSG:3857", "EPSG:3857")]
    [InlineData("3857", "EPSG:3857")]
    [InlineData("CRS84", "CRS84")]
    [InlineData("crs84", "CRS84")]
    [InlineData("OGC:CRS84", "CRS84")]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84", "CRS84")]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84", "CRS84")]
    [InlineData("GCJ-02", "GCJ-02")]
    [InlineData("GCJ02", "GCJ-02")]
    [InlineData("gcj02", "GCJ-02")]
    [InlineData("gcj-02", "GCJ-02")]
    [InlineData("urn:x-huayang:def:crs:GCJ-02", "GCJ-02")]
    [InlineData("BD-09", "BD-09")]
    [InlineData("BD09", "BD-09")]
    [InlineData("bd09", "BD-09")]
    [InlineData("urn:x-huayang:def:crs:BD-09", "BD-09")]
    public void TryParse_accepts_supported_forms(string text, string code)
    {
        Assert.True(CrsId.TryParse(text, out var crs));
        Assert.Equal(code, crs.Code);
        Assert.Equal(crs, CrsId.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("EPSG:")]
    [InlineData("EPSG:4545")] // CGCS2000 GK CM 108E: the wrong zone for Huayang
    [InlineData("EPSG:4523")] // the same zone with the 35 prefix on eastings
    [InlineData("EPSG:900913")]
    [InlineData("EPSG:0")]
    [InlineData("0")]
    [InlineData("4544.0")]
    [InlineData("EPSG:-4544")]
    [InlineData("EPSG:+4544")]
    [InlineData("EPSG: 4544")]
    [InlineData("EPSG::4544")]
    [InlineData("EPSG:4544abc")]
    [InlineData("99999999999")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4545")]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS83")]
    [InlineData("urn:ogc:def:crs:EPSG::4545")]
    [InlineData("WGS84")]
    [InlineData("GCJ")]
    [InlineData("BD-9")]
    [InlineData("GCJ-02; DROP TABLE sites")]
    [InlineData("华阳")]
    public void TryParse_rejects_other_values(string? text)
    {
        Assert.False(CrsId.TryParse(text, out var crs));
        Assert.Equal(default, crs);
    }

    [Fact]
    public void Parse_names_the_value_and_lists_the_supported_codes()
    {
        var e = Assert.Throws<ArgumentException>(() => CrsId.Parse("EPSG:4545"));

        Assert.Equal("text", e.ParamName);
        Assert.Contains("'EPSG:4545'", e.Message, StringComparison.Ordinal);
        foreach (var crs in CrsId.Supported)
        {
            Assert.Contains(crs.Code, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("CRS84", 4326, "http://www.opengis.net/def/crs/OGC/1.3/CRS84", true)]
    [InlineData("EPSG:4326", 4326, "http://www.opengis.net/def/crs/EPSG/0/4326", true)]
    [InlineData("EPSG:4490", 4490, "http://www.opengis.net/def/crs/EPSG/0/4490", true)]
    [InlineData("EPSG:4544", 4544, "http://www.opengis.net/def/crs/EPSG/0/4544", false)]
    [InlineData("EPSG:32648", 32648, "http://www.opengis.net/def/crs/EPSG/0/32648", false)]
    [InlineData("EPSG:3857", 3857, "http://www.opengis.net/def/crs/EPSG/0/3857", false)]
    [InlineData("GCJ-02", 0, "urn:x-huayang:def:crs:GCJ-02", true)]
    [InlineData("BD-09", 0, "urn:x-huayang:def:crs:BD-09", true)]
    public void Supported_crs_have_their_srid_uri_and_kind(string code, int srid, string uri, bool isGeographic)
    {
        var crs = Assert.Single(CrsId.Supported, c => c.Code == code);

        Assert.Equal(srid, crs.Srid);
        Assert.Equal(uri, crs.Uri);
        Assert.Equal(isGeographic, crs.IsGeographic);
        Assert.Equal(code, crs.ToString());
    }

    [Fact]
    public void Static_instances_are_the_supported_list()
    {
        Assert.Equal(
            [CrsId.Crs84, CrsId.Wgs84, CrsId.Cgcs2000, CrsId.GaussKrugerCm105, CrsId.Utm48N, CrsId.WebMercator, CrsId.Gcj02, CrsId.Bd09],
            CrsId.Supported);
        Assert.Equal(CrsId.Supported.Count, CrsId.Supported.Select(c => c.Uri).Distinct().Count());
    }

    [Fact]
    public void Every_code_and_uri_parses_back()
    {
        foreach (var crs in CrsId.Supported)
        {
            Assert.Equal(crs, CrsId.Parse(crs.Code));
            Assert.Equal(crs, CrsId.Parse(crs.Uri));
        }
    }
}
