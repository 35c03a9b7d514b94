using System.Text.Json;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.IO;

/// <summary>A feature sent by a client to be stored, read and checked exactly as a load reads and checks a file's feature.</summary>
/// <param name="Feature">The feature in WGS84 with its attributes normalised as a load normalises them, or null when
/// <paramref name="Problems"/> is not empty.</param>
/// <param name="Problems">Everything wrong with the body: each names the field and the value.</param>
public sealed record FeatureBodyResult(IFeature? Feature, IReadOnlyList<DatasetProblem> Problems);

/// <summary>
/// Reads one GeoJSON Feature for a layer: the layer's fields (types, required, allowed values, minimums), the geometry
/// (type, validity, coordinates plausible for the CRS, transformed from <c>Content-Crs</c> to WGS84), the rule tying
/// geometry to a field's value, and the references a store can check without the database (categories of the
/// life-circle table); references to other layers are the store's to check in the transaction of the edit. Beyond
/// what a load checks of each feature, a body must be plausible on its own, as a load checks a whole layer: a
/// <c>crs</c> member must agree with the CRS the body is read in, the geometry must lie inside that CRS's area of use
/// and near the dataset (the <c>district</c> of <see cref="Read"/>), and its text within
/// <see cref="FeatureBodyText"/>'s limits.
/// </summary>
public static class FeatureBody
{
    /// <summary>The name problems about a request body are reported under.</summary>
    public const string File = "request body";

    /// <param name="categories">The life-circle table's category ids, for fields referring to them.</param>
    /// <param name="district">The extent of the dataset's communities (WGS84), or null: a geometry farther than a load
    /// lets one layer lie from the others (about 55 km) is refused as read in the wrong CRS.</param>
    public static FeatureBodyResult Read(
        LayerDefinition layer, JsonElement body, CrsId crs, IReadOnlySet<string> categories, Envelope? district = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(categories);
        var problems = new List<DatasetProblem>();
        var schema = LayerSchema.Of(layer);
        var data = GeoJsonLayerReader.ReadFeature(body, 0, schema, File, CoordinateSource.GeoJson(crs), problems);
        foreach (var spec in schema.Fields.Where(f => f.References == LayerSchemas.CategoriesReference))
        {
            if (data.GoodString(spec.Name) is { } value && !categories.Contains(value))
            {
                problems.Add(new DatasetProblem(File, null, data.Id, spec.Name, value, CrossLayerChecker.NotACategory(categories)));
            }
        }

        var scope = new ProblemScope(problems, File, null, data.Id);
        FeatureBodyText.Check(body, scope);
        CheckCrsMember(body, crs, scope);
        if (data.Geometry is { IsEmpty: false } geometry && !data.BadFields.Contains(GeometryChecker.Field))
        {
            CheckPlace(geometry.EnvelopeInternal, crs, district, scope);
        }

        // A problem's feature number means nothing for a body of one feature.
        var reported = problems.Select(p => p with { FeatureIndex = null }).ToList();
        return reported.Count > 0 || data.Geometry is null
            ? new FeatureBodyResult(null, reported)
            : new FeatureBodyResult(new Feature(data.Geometry, data.Attributes), []);
    }

    /// <summary>A <c>crs</c> member (GeoJSON 2008; RFC 7946 has none) must name the CRS the body is read in.</summary>
    private static void CheckCrsMember(JsonElement body, CrsId crs, ProblemScope scope)
    {
        if (body.ValueKind != JsonValueKind.Object || JsonValues.Property(body, "crs") is not { ValueKind: not JsonValueKind.Null } member)
        {
            return;
        }

        var name = JsonValues.Property(JsonValues.Property(member, "properties"), "name") is { ValueKind: JsonValueKind.String } n
            ? n.GetString()
            : null;
        var declared = string.Equals(name, "urn:ogc:def:crs:OGC::CRS84", StringComparison.OrdinalIgnoreCase) ? CrsId.Crs84
            : CrsId.TryParse(name, out var parsed) ? parsed
            : (CrsId?)null;
        if (declared is not { } known || !SourceCrs.Agrees(known, crs))
        {
            scope.Add("crs", name ?? JsonValues.Display(member),
                $"the body's crs member names another CRS than the one it is read in, {crs.Code} (Content-Crs; CRS84 without it): "
                + "send the body's CRS as Content-Crs and leave the crs member out");
        }
    }

    /// <summary>The geometry inside the area of use of the CRS it was read in, and near the dataset.</summary>
    private static void CheckPlace(Envelope extent, CrsId crs, Envelope? district, ProblemScope scope)
    {
        var at = CrsPlausibility.ShowExtent(extent);
        if (CrsPlausibility.OutsideAreaOfUse(crs, extent) is { } area)
        {
            scope.Add(GeometryChecker.Field, at,
                $"read as {crs.Code}, the geometry lies at {at} (WGS84), outside {crs.Code}'s area of use ({area}); "
                + "is the Content-Crs right, and the axis order (Part 2's: EPSG:4544 northing first, EPSG:4326 latitude first)?");
        }
        else if (district is not null && extent.Distance(district) > CrsPlausibility.FarDegrees)
        {
            var km = extent.Distance(district) * 111;
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            scope.Add(GeometryChecker.Field, at,
                $"read as {crs.Code}, the geometry lies at {at} (WGS84), about {km.ToString("N0", culture)} km from the dataset's communities "
                + $"({CrsPlausibility.ShowExtent(district)}); a feature lies within {(CrsPlausibility.FarDegrees * 111).ToString("N0", culture)} km of them, "
                + "so the coordinates or their CRS (Content-Crs) are likely wrong");
        }
    }
}
