using System.Text;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// One thing wrong with a dataset file, precise enough to find and fix by hand.
/// </summary>
/// <param name="File">The file name (not the full path), for example <c>communities.geojson</c> or <c>sites.csv</c>;
/// for a table of a dataset GeoPackage the file and the table, <c>huayang.gpkg (table sites)</c>.</param>
/// <param name="FeatureIndex">
/// The feature's 0-based position in its file, or null when the problem is not about one feature: in GeoJSON the
/// <c>features</c> array (so <c>feature #3</c> is <c>features[3]</c>, as in <c>jq '.features[3]'</c>), in CSV the
/// data rows after the header (blank lines not counted), in a shapefile the records, in a GeoPackage table the rows
/// in primary key (<c>fid</c>) order.
/// </param>
/// <param name="FeatureId">The feature's <c>id</c> when it has a readable one (for <c>life-circles.json</c>, the
/// level's or category's id), or null.</param>
/// <param name="Field">
/// The property at fault (<c>population</c>), <c>geometry</c> for the geometry, or a path such as
/// <c>levels[1].radius_m</c> in <c>life-circles.json</c>; null when the whole file or feature is at fault.
/// </param>
/// <param name="Value">The offending value as written in the file (JSON strings without their quotes,
/// long values shortened), or null.</param>
/// <param name="Message">What is wrong or what was expected.</param>
public sealed record DatasetProblem(
    string File, int? FeatureIndex, string? FeatureId, string? Field, string? Value, string Message)
{
    /// <summary>
    /// The problem on one line, leaving out the parts that are null, for example
    /// <c>communities.geojson: feature #3 (id "qinghe"): field "population": value "abc": expected an integer</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (FeatureIndex is { } index)
        {
            text.Append(": feature #").Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (FeatureId is not null)
            {
                text.Append(" (id \"").Append(FeatureId).Append("\")");
            }
        }
        else if (FeatureId is not null)
        {
            text.Append(": id \"").Append(FeatureId).Append('"');
        }

        if (Field is not null)
        {
            text.Append(": field \"").Append(Field).Append('"');
        }

        if (Value is not null)
        {
            text.Append(": value \"").Append(Value).Append('"');
        }

        return text.Append(": ").Append(Message).ToString();
    }
}
