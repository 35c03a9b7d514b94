using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;

namespace Huayang.Gis.PostGis;

/// <summary>How a typed column takes its value from a feature's attribute of the same name.</summary>
internal enum ColumnKind
{
    /// <summary>A string attribute; null when absent, null or not a string.</summary>
    Text,

    /// <summary>An integer attribute (a whole number that fits 32 bits); null when absent, null or not one.</summary>
    Integer,
}

/// <summary>A typed column of a layer table, filled from the attribute with the same name.</summary>
internal sealed record TypedColumn(string Name, ColumnKind Kind);

/// <summary>
/// One layer's table in schema <c>huayang</c> (see <c>Migrations/0001_initial.sql</c>): <c>id</c>, the typed
/// columns, <c>properties</c> (jsonb) and <c>geom</c> (SRID 4326), plus columns the database generates.
/// </summary>
/// <remarks>This is the whitelist of table and column names that SQL is built from; nothing in a dataset
/// names a table or a column.</remarks>
internal sealed record LayerTable(string Layer, IReadOnlyList<TypedColumn> Typed, IReadOnlyList<string> Generated)
{
    /// <summary>The table, schema-qualified.</summary>
    public string Table => "huayang." + Layer;

    /// <summary>The temporary table a load copies into before merging (dropped at commit).</summary>
    public string Staging => "huayang_stage_" + Layer;

    /// <summary>The columns the loader writes, in COPY order.</summary>
    public IReadOnlyList<string> Columns { get; } = ["id", .. Typed.Select(c => c.Name), "properties", "geom"];

    /// <summary>True when <paramref name="column"/> is one of <see cref="Columns"/>.</summary>
    public bool Writes(string? column) => column is not null && Columns.Contains(column, StringComparer.Ordinal);

    /// <summary>The value of a typed column for a feature, boxed, or null.</summary>
    public static object? Value(TypedColumn column, IAttributesTable attributes)
    {
        var value = attributes.Exists(column.Name) ? attributes[column.Name] : null;
        return column.Kind switch
        {
            ColumnKind.Text => value as string,
            _ => value switch
            {
                long whole and >= int.MinValue and <= int.MaxValue => (int)whole,
                int whole => whole,
                double number when number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue => (int)number,
                _ => null,
            },
        };
    }
}

/// <summary>The layer tables, in the order a load writes them (the order of <see cref="Layers.All"/>).</summary>
internal static class LayerTables
{
    private static readonly TypedColumn NameZh = new("name_zh", ColumnKind.Text);
    private static readonly TypedColumn NameEn = new("name_en", ColumnKind.Text);
    private static readonly TypedColumn Kind = new("kind", ColumnKind.Text);

    private static readonly Dictionary<string, LayerTable> ByLayer = new LayerTable[]
    {
        new(Layers.Communities,
            [NameZh, NameEn, new("population", ColumnKind.Integer), new("households", ColumnKind.Integer)],
            ["geom_m"]),
        new(Layers.Plan, [Kind, NameZh, NameEn, new("theme", ColumnKind.Text)], []),
        new(Layers.Sites,
            [
                NameZh, NameEn, new("category", ColumnKind.Text), new("status", ColumnKind.Text),
                new("capacity", ColumnKind.Integer), new("plan_element", ColumnKind.Text),
                new("community_id", ColumnKind.Text),
            ],
            ["geom_m"]),
        new(Layers.Population, [new("community_id", ColumnKind.Text), new("residents", ColumnKind.Integer)], ["point_m"]),
        new(Layers.Walkways, [Kind, NameZh, NameEn], []),
        new(Layers.Water, [Kind, NameZh, NameEn], []),
        new(Layers.Roads, [NameZh, NameEn, new("class", ColumnKind.Text)], []),
    }.ToDictionary(t => t.Layer, StringComparer.Ordinal);

    /// <summary>Every layer table, in <see cref="Layers.All"/> order.</summary>
    public static IReadOnlyList<LayerTable> All { get; } = Layers.All.Select(l => ByLayer[l]).ToList();

    /// <summary>The table of a layer named in <see cref="Layers"/>.</summary>
    /// <exception cref="ArgumentException">Not a known layer.</exception>
    public static LayerTable For(string layer) =>
        ByLayer.TryGetValue(layer, out var table)
            ? table
            : throw new ArgumentException($"\"{layer}\" is not a layer; the layers are {string.Join(", ", Layers.All)}", nameof(layer));
}
