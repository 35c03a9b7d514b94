using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Tests;

/// <summary>The bundled dataset, fixed scenes drawn from it, and where golden and rendered PNGs live.</summary>
internal static class Scenes
{
    public static string Root => Huayang.Gis.Tests.RepositoryRoot.Path;

    public static InMemorySpatialStore Store { get; } = InMemorySpatialStore.Open(Path.Combine(Root, "data"));

    public static string GoldenDirectory => Path.Combine(Root, "tests", "Huayang.Gis.Rendering.Tests", "Golden");

    /// <summary>Every rendered picture is kept here (the test artifacts), whether the test passes or not.</summary>
    public static string RenderedDirectory { get; } = Directory.CreateDirectory(Path.Combine(Root, "artifacts", "rendered")).FullName;

    /// <summary>The whole street, lon/lat.</summary>
    public static Envelope Street { get; } = new(103.99, 104.12, 30.43, 30.56);

    public static MapData Load(IReadOnlyList<string> layers, CoverageTheme? theme = null) =>
        MapSource.LoadAsync(Store, null, layers, theme, CancellationToken.None).GetAwaiter().GetResult();

    public static MapRequest Request(Envelope lonLat, int width, int height, IReadOnlyList<string> layers, CrsId? crs = null, bool decorations = true)
    {
        var target = crs ?? CrsId.WebMercator;
        return new MapRequest
        {
            Bbox = MapExtent.Fit(lonLat, target, width, height),
            Crs = target,
            Width = width,
            Height = height,
            Layers = layers,
            Decorations = decorations,
        };
    }

    /// <summary>The pixel of a lon/lat position in a request's picture.</summary>
    public static SKPointI PixelOf(MapRequest request, double lon, double lat)
    {
        var (x, y) = CoordinateTransformer.Transform(lon, lat, CrsId.Wgs84, request.Crs);
        return new SKPointI(
            (int)Math.Floor((x - request.Bbox.MinX) / request.Bbox.Width * request.Width),
            (int)Math.Floor((request.Bbox.MaxY - y) / request.Bbox.Height * request.Height));
    }

    public static SKBitmap Save(string name, byte[] png)
    {
        File.WriteAllBytes(Path.Combine(RenderedDirectory, name + ".png"), png);
        return SKBitmap.Decode(png);
    }
}
