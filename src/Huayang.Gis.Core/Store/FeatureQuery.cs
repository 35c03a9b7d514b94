using System.Globalization;
using Huayang.Gis.Core.Filtering;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Store;

/// <summary>
/// One page of a layer's features: those intersecting <see cref="Bbox"/> whose properties equal every
/// <see cref="Filters"/> value, in id order (ordinal, as PostgreSQL's <c>COLLATE "C"</c>), skipping
/// <see cref="Offset"/> and taking at most <see cref="Limit"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Bbox"/> is WGS84 longitude, latitude in degrees (x = longitude); null selects everywhere.</para>
/// <para>
/// A filter matches when the property holds a string, number or boolean whose JSON text equals the value:
/// strings as they are, numbers as JSON writes them (<c>1200</c>, <c>0.5</c>), booleans as <c>true</c> or
/// <c>false</c>. Null, absent, array and object values never match. Names are property names (not
/// checked here: an unknown name simply matches nothing).
/// </para>
/// <para>
/// <see cref="Filter"/> (OGC API – Features Part 3, CQL2) further selects the features for which it is true;
/// <see cref="SortBy"/> orders them (nulls last, then by id) instead of id order.
/// </para>
/// </remarks>
public sealed record FeatureQuery(string Layer, Envelope? Bbox, IReadOnlyList<KeyValuePair<string, string>> Filters, long Offset, int Limit)
{
    /// <summary>The largest <see cref="Limit"/> a store accepts.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Only features of this geometry family (points, lines or areas); null for all.</summary>
    public Model.GeometryFamily? Family { get; init; }

    /// <summary>A checked CQL2 filter, or null for none.</summary>
    public FilterNode? Filter { get; init; }

    /// <summary>The sort keys, or null (or empty) for id order.</summary>
    public IReadOnlyList<SortTerm>? SortBy { get; init; }

    /// <summary>The text a filter value is compared with, or null when the value can never match.</summary>
    public static string? FilterText(object? value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        int whole => whole.ToString(CultureInfo.InvariantCulture),
        double number when double.IsFinite(number) => number.ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Throws for an offset below 0 or a limit outside 1..<see cref="MaxLimit"/>.</summary>
    public void Check()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit);
    }
}

/// <summary>A page of features in the query's order and how many features match the query in all.</summary>
public sealed record FeaturePage(IReadOnlyList<IFeature> Features, long NumberMatched);

/// <summary>
/// What a layer holds: its feature count, the envelope of its geometry (WGS84 lon/lat degrees; null when
/// the layer is empty) and the names of every property any of its features has, in ordinal order.
/// </summary>
public sealed record LayerSummary(string Layer, long Count, Envelope? Extent, IReadOnlyList<string> PropertyNames)
{
    /// <summary>How many features of each geometry family the layer has, and their extent (lon/lat).</summary>
    public IReadOnlyDictionary<Model.GeometryFamily, (long Count, Envelope Extent)> ByFamily { get; init; } =
        new Dictionary<Model.GeometryFamily, (long Count, Envelope Extent)>();

    /// <summary>The geometry families the layer's features have, in family order (points, lines, areas).</summary>
    public IReadOnlyList<Model.GeometryFamily> Families => [.. ByFamily.Keys.Order()];
}
