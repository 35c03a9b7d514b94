using System.Text.Json;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;

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
/// life-circle table); references to other layers are the store's to check in the transaction of the edit.
/// </summary>
public static class FeatureBody
{
    /// <summary>The name problems about a request body are reported under.</summary>
    public const string File = "request body";

    /// <param name="categories">The life-circle table's category ids, for fields referring to them.</param>
    public static FeatureBodyResult Read(LayerDefinition layer, JsonElement body, CrsId crs, IReadOnlySet<string> categories)
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

        // A problem's feature number means nothing for a body of one feature.
        var reported = problems.Select(p => p with { FeatureIndex = null }).ToList();
        return reported.Count > 0 || data.Geometry is null
            ? new FeatureBodyResult(null, reported)
            : new FeatureBodyResult(new Feature(data.Geometry, data.Attributes), []);
    }
}
