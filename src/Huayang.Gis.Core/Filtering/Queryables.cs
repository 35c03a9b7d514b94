using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.Filtering;

/// <summary>The type of a queryable, as JSON Schema names it.</summary>
public enum QueryableType
{
    String,
    Integer,
    Number,
    Boolean,
    Geometry,
}

/// <summary>
/// One property a filter or <c>sortby</c> may name (the name <c>Queryable</c> would clash with
/// <see cref="System.Linq.IQueryable"/>): its type, a title and, for text, the only values it takes (or null).
/// </summary>
public sealed record QueryableField(string Name, QueryableType Type, string Title, IReadOnlyList<string>? Allowed = null)
{
    /// <summary>The JSON Schema type word (<c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>); null for geometry.</summary>
    public string? SchemaType => Type switch
    {
        QueryableType.String => "string",
        QueryableType.Integer => "integer",
        QueryableType.Number => "number",
        QueryableType.Boolean => "boolean",
        _ => null,
    };

    /// <summary>True for integer and number.</summary>
    public bool IsNumeric => Type is QueryableType.Integer or QueryableType.Number;
}

/// <summary>
/// What a layer's features may be filtered and sorted by: <c>id</c>, every field of its registry definition
/// (<see cref="LayerDefinition.Fields"/>, with their types and allowed values) and <c>geometry</c>.
/// </summary>
public sealed class Queryables
{
    /// <summary>The name of the geometry queryable.</summary>
    public const string GeometryName = "geometry";

    /// <summary>The name of the feature id queryable.</summary>
    public const string IdName = "id";

    private readonly Dictionary<string, QueryableField> _byName;

    private Queryables(string layer, IReadOnlyList<QueryableField> fields)
    {
        Layer = layer;
        Fields = fields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>The layer (collection id).</summary>
    public string Layer { get; }

    /// <summary><c>id</c>, then the layer's fields in definition order, then <c>geometry</c>.</summary>
    public IReadOnlyList<QueryableField> Fields { get; }

    /// <summary>The queryables of a layer's definition.</summary>
    public static Queryables For(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var fields = new List<QueryableField> { new(IdName, QueryableType.String, "feature id") };
        foreach (var field in layer.Fields.Where(f => f.Name is not (IdName or GeometryName)))
        {
            fields.Add(new QueryableField(field.Name, field.Type switch
            {
                FieldType.Int => QueryableType.Integer,
                FieldType.Number => QueryableType.Number,
                FieldType.Bool => QueryableType.Boolean,
                _ => QueryableType.String,
            }, field.Description, field.Allowed));
        }
        fields.Add(new QueryableField(GeometryName, QueryableType.Geometry, $"the feature's geometry ({string.Join(", ", layer.GeometryTypes)})"));
        return new Queryables(layer.Name, fields);
    }

    /// <summary>The queryable of that name (ordinal, case-sensitive), or null.</summary>
    public QueryableField? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The names, comma-separated, for messages.</summary>
    public string Names => string.Join(", ", Fields.Select(f => f.Name));
}
