using System.Globalization;
using System.Text;
using Huayang.Gis.Core.Store;
using Npgsql;

namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// The WHERE clause of a <see cref="FeatureQuery"/>: the bbox on <c>geom</c> and one equality per property
/// filter, every value (property names included) a parameter, numbered from <c>$1</c>; then the CQL2 filter
/// (<see cref="FilterSql"/>).
/// </summary>
internal sealed class FeatureFilterSql
{
    private readonly List<NpgsqlParameter> _values = [];

    public FeatureFilterSql(FeatureQuery query, LayerTable table)
    {
        var sql = new StringBuilder("true");
        var key = new StringBuilder(query.Layer);
        if (query.Bbox is { } bbox)
        {
            // The bbox is lon/lat like the geom column, so the GiST index on geom serves && directly.
            sql.Append(" AND geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))");
            foreach (var value in new[] { bbox.MinX, bbox.MinY, bbox.MaxX, bbox.MaxY })
            {
                _values.Add(new NpgsqlParameter<double> { TypedValue = value });
                key.Append('|').Append(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        if (query.Family is { } family)
        {
            // ST_Dimension: 0 points, 1 lines, 2 areas — the family's number.
            sql.Append(CultureInfo.InvariantCulture, $" AND ST_Dimension(geom) = ${_values.Count + 1}");
            _values.Add(new NpgsqlParameter<int> { TypedValue = (int)family });
            key.Append("|family=").Append((int)family);
        }
        foreach (var (name, value) in query.Filters)
        {
            var n = _values.Count + 1;
            // ->> gives strings as they are and numbers and booleans as JSON writes them; the type test
            // keeps arrays and objects (whose ->> is JSON text) from matching, as in the in-memory store.
            sql.Append(CultureInfo.InvariantCulture,
                $" AND properties ->> ${n} = ${n + 1} AND jsonb_typeof(properties -> ${n}) IN ('string', 'number', 'boolean')");
            _values.Add(new NpgsqlParameter<string> { TypedValue = name });
            _values.Add(new NpgsqlParameter<string> { TypedValue = value });
            key.Append('\u001f').Append(name).Append('\u001e').Append(value);
        }
        if (query.Filter is { } filter)
        {
            sql.Append(" AND ").Append(FilterSql.Where(filter, table, _values));
            key.Append('\u001d').Append(filter.CanonicalText);
        }
        Sql = sql.ToString();
        CacheKey = key.ToString();
    }

    /// <summary>The condition, for <c>WHERE</c>.</summary>
    public string Sql { get; }

    /// <summary>How many parameters <see cref="Sql"/> uses; the next free one is this plus 1.</summary>
    public int ParameterCount => _values.Count;

    /// <summary>Names the layer, bbox, filters and CQL2 filter (its canonical text): equal keys select the same features of the same data.</summary>
    public string CacheKey { get; }

    /// <summary>Adds fresh copies of the parameters (a parameter belongs to one command).</summary>
    public void AddParameters(NpgsqlParameterCollection parameters)
    {
        foreach (var value in _values)
        {
            parameters.Add(value.Clone());
        }
    }
}
