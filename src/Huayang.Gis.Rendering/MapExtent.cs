using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Rendering;

/// <summary>Boxes for map pictures: the data's extent, and a lon/lat box fitted to a picture's shape.</summary>
public static class MapExtent
{
    /// <summary>The lon/lat extent of the features, widened by <paramref name="margin"/> of its size on each side; null when there are none.</summary>
    public static Envelope? OfData(MapData data, IEnumerable<string> layers, double margin = 0.04)
    {
        var extent = new Envelope();
        foreach (var layer in layers)
        {
            foreach (var feature in data.Features(layer))
            {
                extent.ExpandToInclude(feature.Geometry.EnvelopeInternal);
            }
        }
        if (extent.IsNull)
        {
            return null;
        }
        extent.ExpandBy(extent.Width * margin, extent.Height * margin);
        return extent;
    }

    /// <summary>Huayang Street in lon/lat: the box to draw when the layers are empty.</summary>
    public static Envelope HuayangStreet => new(103.99, 104.12, 30.43, 30.56);

    /// <summary>The lon/lat box widened eastward by half its width, where the legend of a decorated picture goes.</summary>
    public static Envelope ForReport(Envelope lonLat) =>
        new(lonLat.MinX, lonLat.MaxX + lonLat.Width * 0.5, lonLat.MinY, lonLat.MaxY);

    /// <summary>
    /// The box in <paramref name="crs"/> (x = easting or longitude) that holds the lon/lat box
    /// <paramref name="lonLat"/> and has the picture's width:height ratio, centred on it, so that the map is
    /// not stretched.
    /// </summary>
    public static Envelope Fit(Envelope lonLat, CrsId crs, int width, int height)
    {
        var box = CoordinateTransformer.Transform(lonLat, CrsId.Wgs84, crs);
        var centre = box.Centre;
        var unitsPerPixel = Math.Max(box.Width / width, box.Height / height);
        if (crs.IsGeographic)
        {
            // Degrees of longitude are shorter than degrees of latitude: keep ground distances square.
            var cos = Math.Cos(centre.Y * Math.PI / 180);
            var halfW = Math.Max(box.Width, box.Height * width / height / cos) / 2;
            var halfH = halfW * cos * height / width;
            return new Envelope(centre.X - halfW, centre.X + halfW, centre.Y - halfH, centre.Y + halfH);
        }
        var w = unitsPerPixel * width / 2;
        var h = unitsPerPixel * height / 2;
        return new Envelope(centre.X - w, centre.X + w, centre.Y - h, centre.Y + h);
    }
}

/// <summary>Reads boxes written as four comma-separated numbers.</summary>
public static class BoxText
{
    /// <summary>Four finite invariant-culture numbers separated by commas, in the order written; null otherwise.</summary>
    public static double[]? Parse(string? text)
    {
        var parts = text?.Split(',', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 4 })
        {
            return null;
        }
        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i])
                || !double.IsFinite(values[i]))
            {
                return null;
            }
        }
        return values;
    }

    /// <summary>A lon/lat box from <c>minlon,minlat,maxlon,maxlat</c>: null unless min &lt; max and within −180..180, −85..85.</summary>
    public static Envelope? ParseLonLat(string? text) =>
        Parse(text) is [var minLon, var minLat, var maxLon, var maxLat]
            && minLon < maxLon && minLat < maxLat && minLon >= -180 && maxLon <= 180 && minLat >= -85 && maxLat <= 85
            ? new Envelope(minLon, maxLon, minLat, maxLat)
            : null;
}
