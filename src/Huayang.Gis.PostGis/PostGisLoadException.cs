namespace Huayang.Gis.PostGis;

/// <summary>
/// The database refused a feature while <see cref="PostGisLoader.LoadAsync"/> ran (a CHECK, NOT NULL or
/// uniqueness rule, or a value PostgreSQL cannot store). The load was rolled back: the database is as it was.
/// </summary>
public sealed class PostGisLoadException : Exception
{
    public PostGisLoadException(string layer, string? featureId, string? constraint, string reason, Exception innerException)
        : base(Describe(layer, featureId, constraint, reason), innerException)
    {
        Layer = layer;
        FeatureId = featureId;
        Constraint = constraint;
    }

    /// <summary>The layer being written (see <c>Huayang.Gis.Core.Model.Layers</c>).</summary>
    public string Layer { get; }

    /// <summary>The id of a feature the database refused, when it could be found; null otherwise.</summary>
    public string? FeatureId { get; }

    /// <summary>The constraint (for example <c>sites_status_check</c>) or column that was violated, or null.</summary>
    public string? Constraint { get; }

    private static string Describe(string layer, string? featureId, string? constraint, string reason)
    {
        var text = $"layer {layer}";
        if (featureId is not null)
        {
            text += $", feature id \"{featureId}\"";
        }
        if (constraint is not null)
        {
            text += $": violates {constraint}";
        }
        return $"{text}: {reason}; nothing was loaded";
    }
}
