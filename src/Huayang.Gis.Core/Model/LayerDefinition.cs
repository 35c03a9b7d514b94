namespace Huayang.Gis.Core.Model;

/// <summary>The type a field's value has, in every format read and in every store.</summary>
public enum FieldType
{
    /// <summary>Text (a JSON string; PostgreSQL <c>text</c>).</summary>
    String,

    /// <summary>A whole number that fits in 32 bits (<c>12</c>, <c>12.0</c>, <c>1e3</c>; PostgreSQL <c>integer</c>).</summary>
    Int,

    /// <summary>Any finite number (PostgreSQL <c>double precision</c>).</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c> (PostgreSQL <c>boolean</c>).</summary>
    Bool,
}

/// <summary>One attribute of a layer's features (a GeoJSON property, a column, a tile property).</summary>
/// <remarks>
/// A field that is present must have its <see cref="Type"/>, whether required or not. <see cref="References"/> names
/// the layer whose ids the value must be (or <see cref="LayerRegistry.CategoriesReference"/>); it is checked only
/// when the whole dataset is read.
/// </remarks>
public sealed record LayerField(string Name, FieldType Type, string Description)
{
    /// <summary>True: present, not null and, for text, not blank, in every feature.</summary>
    public bool Required { get; init; } = true;

    /// <summary>The only values a text field may take (case-sensitive), or null for any.</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>The smallest number allowed, or null.</summary>
    public double? Min { get; init; }

    /// <summary>True when <see cref="Min"/> itself is not allowed.</summary>
    public bool MinExclusive { get; init; }

    /// <summary>The layer whose ids the value names, <see cref="LayerRegistry.CategoriesReference"/>, or null.</summary>
    public string? References { get; init; }

    /// <summary>True when vector tiles carry the field.</summary>
    public bool InTiles { get; init; } = true;

    /// <summary>True when the PostGIS table has an index on the field's column.</summary>
    public bool Indexed { get; init; }
}

/// <summary>
/// A field whose value decides which geometry types a feature may have, for example the plan's <c>kind</c>: an axis
/// is a LineString, a zone a Polygon or MultiPolygon.
/// </summary>
public sealed record GeometryByValue(string Field, IReadOnlyDictionary<string, IReadOnlyList<string>> Types);

/// <summary>
/// Everything about one layer, defined once: its name (file, collection, table and tile layer), titles, geometry,
/// fields and how it is drawn and tiled. Every other list of layers is derived from the <see cref="LayerRegistry"/>
/// that holds these.
/// </summary>
public sealed record LayerDefinition
{
    /// <summary>The layer name: <c>{name}.geojson</c>, the collection id, the table <c>huayang.{name}</c>, the tile layer.</summary>
    public required string Name { get; init; }

    /// <summary>The Chinese title (<c>社区</c>).</summary>
    public required string TitleZh { get; init; }

    /// <summary>The English title (<c>Communities</c>).</summary>
    public required string TitleEn { get; init; }

    /// <summary>One or two sentences saying what the layer holds.</summary>
    public required string Description { get; init; }

    /// <summary>GeoJSON geometry type names the layer's features may have (<see cref="LayerRegistry.GeometryTypes"/>).</summary>
    public required IReadOnlyList<string> GeometryTypes { get; init; }

    /// <summary>The fields besides <c>id</c> (every feature has a text <c>id</c>, unique in its layer).</summary>
    public required IReadOnlyList<LayerField> Fields { get; init; }

    /// <summary>True when a dataset cannot be read without the layer's file (and the layer must not be empty).</summary>
    public bool Required { get; init; }

    /// <summary>A further rule tying geometry type to a field's value, or null.</summary>
    public GeometryByValue? GeometryRule { get; init; }

    /// <summary>
    /// The entry of the map style (<c>map-style.json</c>) the layer draws with: the layer's own name for the layers
    /// built in, <see cref="LayerRegistry.DefaultStyle"/> for a layer declared by data (drawn in <see cref="Color"/>).
    /// </summary>
    public string Style { get; init; } = LayerRegistry.DefaultStyle;

    /// <summary>The colour (<c>#RRGGBB</c>) a layer with the default style draws in, or null for the style's own colours.</summary>
    public string? Color { get; init; }

    /// <summary>True when map pictures (<c>/map.png</c>, WMS) can draw the layer.</summary>
    public bool Drawn { get; init; } = true;

    /// <summary>Below this zoom the layer is left out of every vector tile.</summary>
    public int TileMinZoom { get; init; }

    /// <summary>The integer field summed when a dense tile aggregates the layer into grid cells, or null (one feature per cell).</summary>
    public string? TileAggregateSum { get; init; }

    /// <summary>True when clients may create, replace, update and delete the layer's features (OGC API – Features
    /// Part 4, on a store that keeps edits): the sites and the plan; the communities and population cells are bound
    /// to each other by the census totals and are changed by a load.</summary>
    public bool Editable { get; init; }

    /// <summary>True for the seven layers of the product (<see cref="BuiltInLayers"/>), false for a layer declared by data.</summary>
    public bool BuiltIn { get; init; }

    /// <summary>Both titles, Chinese first: <c>社区 Communities</c>.</summary>
    public string Title => $"{TitleZh} {TitleEn}";

    /// <summary>The GeoJSON file of the layer in a dataset directory.</summary>
    public string FileName => Name + ".geojson";

    /// <summary>The field of that name (ordinal), or null; <c>id</c> is not one of <see cref="Fields"/>.</summary>
    public LayerField? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>True when the layer's features may be points (or multipoints) only.</summary>
    public bool IsPoints => GeometryTypes.All(t => t is "Point" or "MultiPoint");
}
