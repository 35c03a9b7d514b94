using Huayang.Gis.Core.Crs;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Huayang.Gis.Core.IO;

/// <summary>Where a layer's coordinates come from: their CRS, and how the file orders its axes.</summary>
/// <param name="Crs">The CRS the file's coordinates are in (x = longitude or easting).</param>
/// <param name="AxisHint">Completes "this looks like latitude, longitude order; ...", for example
/// <c>GeoJSON is longitude, latitude</c>.</param>
internal sealed record CoordinateSource(CrsId Crs, string AxisHint)
{
    public static CoordinateSource GeoJson(CrsId crs) => new(crs, "GeoJSON is longitude, latitude");

    /// <summary>True when the coordinates are already WGS84 longitude, latitude and are not transformed.</summary>
    public bool IsWgs84 => Crs == CrsId.Crs84 || Crs == CrsId.Wgs84 || Crs == CrsId.Cgcs2000;
}

/// <summary>
/// Checks a geometry read from any format (parsing is the readers': <see cref="GeoJsonGeometryReader"/> for GeoJSON) and brings it to WGS84 lon/lat (SRID 4326): finite, not
/// empty, of a type the layer allows, transformed from the layer's <see cref="CoordinateSource.Crs"/>, inside
/// lon [-180, 180] and lat [-90, 90], not apparently in lat, lon order, and valid by NTS <see cref="IsValidOp"/>.
/// Problems about coordinates show the coordinates as written in the file and, when they were transformed, the
/// WGS84 ones too.
/// </summary>
internal static class GeometryChecker
{
    internal const string Field = "geometry";
    private const string SwapHint = "looks like latitude, longitude order";

    internal static readonly GeometryFactory Wgs84Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    /// <summary>
    /// Checks a geometry read from any format, in <paramref name="source"/>'s CRS, and returns it in WGS84
    /// lon/lat with SRID 4326 (a copy; the input is not changed). Problems are reported and the geometry is
    /// still returned, except when a coordinate is not finite before or after transforming (then null).
    /// </summary>
    public static Geometry? Check(Geometry geometry, LayerSchema schema, ProblemScope scope, CoordinateSource source) =>
        Check(geometry, schema, scope, source, owned: false);

    /// <summary>As <see cref="Check(Geometry, LayerSchema, ProblemScope, CoordinateSource)"/> for a geometry that was
    /// just read and that nothing else holds: when it needs no change it is returned itself, not a copy.</summary>
    internal static Geometry? CheckOwned(Geometry geometry, LayerSchema schema, ProblemScope scope, CoordinateSource source) =>
        Check(geometry, schema, scope, source, owned: true);

    private static Geometry? Check(Geometry geometry, LayerSchema schema, ProblemScope scope, CoordinateSource source, bool owned)
    {
        var coordinates = geometry.Coordinates;
        foreach (var c in coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
            {
                scope.Add(Field, Show(c), "coordinate is not a finite number (NaN and Infinity are not coordinates)");
                return null;
            }
        }

        CheckType(geometry, schema.GeometryTypes, $"layer {schema.Name} takes", scope);
        if (geometry.IsEmpty)
        {
            scope.Add(Field, geometry.GeometryType, "geometry is empty");
            return Wgs84Factory.CreateGeometry(geometry);
        }

        Geometry wgs84;
        Coordinate[] from, to;
        if (owned && source.IsWgs84 && geometry.Factory == Wgs84Factory && geometry.SRID == 4326)
        {
            // Already what a copy would be: same factory, SRID and coordinates.
            wgs84 = geometry;
            from = to = coordinates;
        }
        else
        {
            var original = geometry.Copy();
            original.SRID = source.IsWgs84 ? 4326 : 0;
            wgs84 = source.IsWgs84
                ? Wgs84Factory.CreateGeometry(original)
                : Wgs84Factory.CreateGeometry(CoordinateTransformer.Transform(original, source.Crs, CrsId.Crs84));
            wgs84.SRID = 4326;
            from = original.Coordinates;
            to = wgs84.Coordinates;
        }

        for (var i = 0; i < to.Length; i++)
        {
            if (!double.IsFinite(to[i].X) || !double.IsFinite(to[i].Y))
            {
                scope.Add(Field, Show(from[i]),
                    $"the coordinate cannot be converted from {source.Crs} to WGS84; is it really in {source.Crs}?");
                return null;
            }
        }

        if (CheckCoordinates(from, to, source, scope))
        {
            CheckValid(wgs84, source, scope);
        }

        return wgs84;
    }

    /// <summary>Reports a geometry whose type is not one of <paramref name="allowed"/>.</summary>
    public static void CheckType(Geometry geometry, IReadOnlyList<string> allowed, string who, ProblemScope scope)
    {
        if (!allowed.Contains(geometry.GeometryType, StringComparer.Ordinal))
        {
            scope.Add(Field, geometry.GeometryType,
                $"wrong geometry type: {who} {string.Join(" or ", allowed)} geometry");
        }
    }

    /// <returns>True when every coordinate is within range and the order looks like lon, lat.</returns>
    private static bool CheckCoordinates(Coordinate[] from, Coordinate[] to, CoordinateSource source, ProblemScope scope)
    {
        for (var i = 0; i < to.Length; i++)
        {
            var c = to[i];
            var where = Converted(from[i], c, source);
            if (Math.Abs(c.Y) > 90 && Math.Abs(c.X) <= 90)
            {
                scope.Add(Field, Show(from[i]),
                    $"latitude {JsonValues.Format(c.Y)} is outside [-90, 90]{where}; this {SwapHint}; {source.AxisHint}");
                return false;
            }

            if (Math.Abs(c.X) > 180)
            {
                scope.Add(Field, Show(from[i]), $"longitude {JsonValues.Format(c.X)} is outside [-180, 180]{where}");
                return false;
            }

            if (Math.Abs(c.Y) > 90)
            {
                scope.Add(Field, Show(from[i]), $"latitude {JsonValues.Format(c.Y)} is outside [-90, 90]{where}");
                return false;
            }
        }

        // Every coordinate lies in China only when read as (lat, lon): x in China's latitudes, y in its longitudes.
        if (to.All(c => c.X is >= 18 and <= 54 && c.Y is >= 73 and <= 135))
        {
            scope.Add(Field, Show(from[0]),
                $"the geometry {SwapHint}{Converted(from[0], to[0], source)}; {source.AxisHint}");
            return false;
        }

        return true;
    }

    private static void CheckValid(Geometry geometry, CoordinateSource source, ProblemScope scope)
    {
        if (new IsValidOp(geometry).ValidationError is not { } error)
        {
            return;
        }

        if (error.Coordinate is not { } c)
        {
            scope.Add(Field, geometry.GeometryType, $"invalid geometry: {error.Message}");
            return;
        }

        if (source.IsWgs84)
        {
            scope.Add(Field, Show(c), $"invalid geometry: {error.Message} at or near {Show(c)}");
            return;
        }

        var (x, y) = CoordinateTransformer.Transform(c.X, c.Y, CrsId.Crs84, source.Crs);
        var written = new Coordinate(x, y);
        scope.Add(Field, Show(written),
            $"invalid geometry: {error.Message} at or near {Show(written)} in {source.Crs}, WGS84 {Show(c)}");
    }

    /// <summary>", converted from GCJ-02 (x, y)" style context, empty when nothing was converted.</summary>
    private static string Converted(Coordinate from, Coordinate to, CoordinateSource source) =>
        source.IsWgs84 ? "" : $" (WGS84 {Show(to)}, converted from {source.Crs} {Show(from)})";

    private static string Show(Coordinate c) => $"({JsonValues.Format(c.X)}, {JsonValues.Format(c.Y)})";
}
