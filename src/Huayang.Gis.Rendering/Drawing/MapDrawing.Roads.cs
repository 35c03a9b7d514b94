using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>The roads painter: casings under lines, secondary under arterial, names at the middle of each road.</summary>
internal sealed partial class MapDrawing
{
    private void DrawRoads()
    {
        var features = _data.Features(Layers.Roads);
        // Casings first, then the lines, secondary under arterial, so that crossings join cleanly.
        var ordered = features.OrderBy(f => Attribute(f, "class") == "arterial" ? 1 : 0).ToList();
        foreach (var casing in new[] { true, false })
        {
            foreach (var feature in ordered)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var roadStyle = _style.RoadStyle(Attribute(feature, "class"));
                using var paint = Paints.Stroke(
                    MapStyle.Color(casing ? roadStyle.Casing : roadStyle.Color), (roadStyle.Width + (casing ? _style.RoadsCommon.CasingExtra : 0)) * _scale);
                paint.StrokeCap = SKStrokeCap.Round;
                using var path = _viewport.ToPath(feature.Geometry);
                _canvas.DrawPath(path, paint);
            }
        }
        foreach (var feature in features)
        {
            var line = feature.Geometry as LineString ?? (feature.Geometry as MultiLineString)?.GetGeometryN(0) as LineString;
            if (line is { NumPoints: > 1 })
            {
                var middle = line.GetCoordinateN(line.NumPoints / 2);
                var previous = line.GetCoordinateN(line.NumPoints / 2 - 1);
                var at = _viewport.Pixel(new Coordinate((middle.X + previous.X) / 2, (middle.Y + previous.Y) / 2));
                AddLabel(new LabelCandidate(40, at,
                    [new LabelLine(Attribute(feature, "name_zh") ?? "", _fonts.Regular, _style.RoadsCommon.LabelSize * _scale, MapStyle.Color(_style.RoadsCommon.Label))]));
            }
        }
        foreach (var roadClass in new[] { ("arterial", "主干道", "Arterial road"), ("secondary", "次干道", "Secondary road") })
        {
            var roadStyle = _style.RoadStyle(roadClass.Item1);
            _legend.Road(roadClass.Item2, roadClass.Item3, roadStyle);
        }
    }
}
