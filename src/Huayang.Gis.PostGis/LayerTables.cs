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

    /// <summary>A number attribute (<c>double precision</c>); null when absent, null or not a number.</summary>
    Double,

    /// <summary>A boolean attribute; null when absent, null or not a boolean.</summary>
    Boolean,
}

/// <summary>A typed column of a layer table, filled from the attribute with the same name.</summary>
internal sealed record TypedColumn(string Name, ColumnKind Kind, bool Required = false, bool Indexed = false)
{
    /// <summary>The column's PostgreSQL type.</summary>
    public string SqlType => Kind switch
    {
        ColumnKind.Integer => "integer",
        ColumnKind.Double => "double precision",
        ColumnKind.Boolean => "boolean",
        _ => "text",
    };
}

/// <summary>
/// One layer's table in schema <c>huayang</c>: <c>id</c>, a typed column per field of the layer's
/// <see cref="LayerDefinition"/>, <c>properties</c> (jsonb), <c>geom</c> (SRID 4326) and <see cref="TileFeatureId"/>,
/// plus the columns the database generates. The built-in layers' tables are made by the migrations (a test holds them
/// to their definitions); a declared layer's table is made by the loader from its declaration (<see cref="CreateSql"/>).
/// </summary>
/// <remarks>This is the whitelist of table and column names that SQL is built from: names come from the registry,
/// whose names are checked identifiers (<see cref="LayerRegistry.IsValidName"/>), never from feature data.</remarks>
internal sealed record LayerTable(string Layer, IReadOnlyList<TypedColumn> Typed, IReadOnlyList<string> Generated)
{
    /// <summary>
    /// The column in which every layer table keeps the feature id of vector tiles
    /// (<see cref="Huayang.Gis.Core.Tiles.VectorTileFeatureId.For"/> of <c>id</c>, migration 6), hashed once per row
    /// written instead of once per row of every tile. The loader writes it (<see cref="CopyRows"/>, in a transaction
    /// that set <see cref="LoaderWritesTileFeatureIdSql"/>); for every other writer the trigger of migration 7
    /// (<c>huayang.add_tile_fid_trigger</c>) sets it to <c>huayang.tile_feature_id(id)</c>, the same rule in SQL, on
    /// every insert and every update of <c>id</c> or of the column itself.
    /// </summary>
    public const string TileFeatureId = "tile_fid";

    /// <summary>
    /// Tells the trigger of migration 7 that this transaction writes <see cref="TileFeatureId"/> itself: its WHEN
    /// clause is then false, so the trigger function is not called for the loader's rows. LOCAL: it ends with the
    /// transaction (and a rollback to a savepoint made before it undoes it).
    /// </summary>
    public const string LoaderWritesTileFeatureIdSql = "SET LOCAL huayang.tile_fid_written = 'on'";

    /// <summary>The table, schema-qualified.</summary>
    public string Table => "huayang." + Layer;

    /// <summary>The temporary table a load copies into before merging (dropped at commit).</summary>
    public string Staging => "huayang_stage_" + Layer;

    /// <summary>The columns a feature's values fill: <c>id</c>, the typed columns, <c>properties</c>, <c>geom</c>.</summary>
    public IReadOnlyList<string> FeatureColumns { get; } = ["id", .. Typed.Select(c => c.Name), "properties", "geom"];

    /// <summary>The columns the loader writes, in COPY order: <see cref="FeatureColumns"/>, then <see cref="TileFeatureId"/>.</summary>
    public IReadOnlyList<string> Columns { get; } = ["id", .. Typed.Select(c => c.Name), "properties", "geom", TileFeatureId];

    /// <summary>True when <paramref name="column"/> is one of <see cref="Columns"/>.</summary>
    public bool Writes(string? column) => column is not null && Columns.Contains(column, StringComparer.Ordinal);

    /// <summary>
    /// The statements that create a declared layer's table and its indexes: GiST on <c>geom</c>, b-tree on the
    /// fields marked indexed, NOT NULL on the required ones, the geometry types as a CHECK, and the trigger that fills
    /// <see cref="TileFeatureId"/> for writers other than the loader (migration 7's, made by its own function).
    /// </summary>
    public IReadOnlyList<string> CreateSql(LayerDefinition layer)
    {
        var types = string.Join(", ", layer.GeometryTypes.Select(t => "'" + t.ToUpperInvariant() + "'"));
        var columns = string.Join(",\n    ", Typed.Select(c => $"{c.Name} {c.SqlType}{(c.Required ? " NOT NULL" : "")}"));
        var statements = new List<string>
        {
            $$"""
            CREATE TABLE {{Table}} (
                id text PRIMARY KEY,
                {{columns}}{{(Typed.Count > 0 ? "," : "")}}
                properties jsonb NOT NULL DEFAULT '{}'::jsonb,
                geom geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom) AND GeometryType(geom) IN ({{types}})),
                {{TileFeatureId}} bigint NOT NULL
            )
            """,
            $"SELECT huayang.add_tile_fid_trigger('{Table}')",
            $"CREATE INDEX {Layer}_geom_idx ON {Table} USING gist (geom)",
        };
        statements.AddRange(Typed.Where(c => c.Indexed).Select(c => $"CREATE INDEX {Layer}_{c.Name}_idx ON {Table} ({c.Name})"));
        return statements;
    }

    /// <summary>The value of a typed column for a feature, boxed, or null.</summary>
    public static object? Value(TypedColumn column, IAttributesTable attributes)
    {
        var value = attributes.Exists(column.Name) ? attributes[column.Name] : null;
        return column.Kind switch
        {
            ColumnKind.Text => value as string,
            ColumnKind.Boolean => value as bool?,
            ColumnKind.Double => value switch
            {
                double number => number,
                long whole => (double)whole,
                int whole => (double)whole,
                _ => null,
            },
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

/// <summary>The layer tables, derived from the layers' definitions.</summary>
internal static class LayerTables
{
    /// <summary>
    /// The columns the database generates in the built-in tables (the migration's <c>GENERATED ALWAYS</c> metric
    /// copies), which the store's distance queries read; a declared layer's table has none.
    /// </summary>
    private static readonly Dictionary<string, string[]> GeneratedColumns = new(StringComparer.Ordinal)
    {
        [Layers.Communities] = ["geom_m"],
        [Layers.Sites] = ["geom_m"],
        [Layers.Population] = ["point_m"],
    };

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LayerDefinition, LayerTable> Derived = new();

    /// <summary>Every built-in layer table, in <see cref="Layers.All"/> order.</summary>
    public static IReadOnlyList<LayerTable> All { get; } = LayerRegistry.BuiltIn.All.Select(For).ToList();

    /// <summary>The table of a layer's definition.</summary>
    public static LayerTable For(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Derived.GetValue(layer, static l => new LayerTable(
            l.Name,
            l.Fields.Select(f => new TypedColumn(f.Name, KindOf(f.Type), f.Required, f.Indexed)).ToList(),
            l.BuiltIn ? GeneratedColumns.GetValueOrDefault(l.Name) ?? [] : []));
    }

    /// <summary>The table of a built-in layer named in <see cref="Layers"/>.</summary>
    /// <exception cref="ArgumentException">Not a built-in layer.</exception>
    public static LayerTable For(string layer) =>
        LayerRegistry.BuiltIn.Find(layer) is { } definition
            ? For(definition)
            : throw new ArgumentException($"\"{layer}\" is not a layer; the layers are {string.Join(", ", Layers.All)}", nameof(layer));

    private static ColumnKind KindOf(FieldType type) => type switch
    {
        FieldType.Int => ColumnKind.Integer,
        FieldType.Number => ColumnKind.Double,
        FieldType.Bool => ColumnKind.Boolean,
        _ => ColumnKind.Text,
    };
}
