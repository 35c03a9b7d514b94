using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Data;

/// <summary>
/// Area of lon/lat polygons (x = longitude, degrees) in m² on a sphere of the WGS84 authalic
/// radius, by the line-integral formula A = R²/2 · |Σ (λ₂ − λ₁)(2 + sin φ₁ + sin φ₂)|. Independent
/// of the generator's local plane; within 0.5 % of the ellipsoidal area at Huayang's latitude.
/// </summary>
internal static class GeodesicArea
{
    private const double AuthalicRadius = 6371007.181;

    public static double SquareMetres(Geometry geometry) => geometry switch
    {
        Polygon p => Math.Max(0, Ring(p.ExteriorRing.Coordinates) - p.InteriorRings.Sum(r => Ring(r.Coordinates))),
        GeometryCollection c => c.Geometries.Sum(SquareMetres),
        _ => 0,
    };

    private static double Ring(Coordinate[] ring)
    {
        double sum = 0;
        for (int i = 0; i + 1 < ring.Length; i++)
        {
            double l1 = ring[i].X * Math.PI / 180, l2 = ring[i + 1].X * Math.PI / 180;
            double f1 = ring[i].Y * Math.PI / 180, f2 = ring[i + 1].Y * Math.PI / 180;
            sum += (l2 - l1) * (2 + Math.Sin(f1) + Math.Sin(f2));
        }

        return Math.Abs(sum) * AuthalicRadius * AuthalicRadius / 2;
    }
}
