using NetTopologySuite.Features;

namespace Huayang.Gis.Core.Store;

/// <summary>What an edit does to a feature.</summary>
public enum EditOperation
{
    /// <summary>A new feature (POST).</summary>
    Create,

    /// <summary>The whole feature replaced (PUT).</summary>
    Replace,

    /// <summary>Some fields or the geometry changed (PATCH, JSON Merge Patch): stored like a replace, recorded apart.</summary>
    Update,

    /// <summary>The feature removed (DELETE).</summary>
    Delete,

    /// <summary>A state from the history put back: the feature is created again when it was deleted, else replaced.</summary>
    Restore,
}

/// <summary>One edit of one feature.</summary>
/// <param name="Layer">An editable layer of the store's registry.</param>
/// <param name="Id">The feature's id.</param>
/// <param name="Feature">The feature after the edit (WGS84, checked by <see cref="IO.FeatureBody"/>); null for a delete.</param>
/// <param name="IfMatch">The version (ETag, quotes included) the client last saw, or null to edit whatever is current.</param>
/// <param name="KeyName">The name of the API key that made the edit, kept in the history.</param>
public sealed record FeatureEdit(string Layer, string Id, EditOperation Operation, IFeature? Feature, string? IfMatch, string KeyName);

/// <summary>How an edit ended.</summary>
public enum EditStatus
{
    /// <summary>Stored, with its history entry.</summary>
    Done,

    /// <summary>No feature with that id (replace, update, delete; restore: no such history entry).</summary>
    NotFound,

    /// <summary>A feature with that id exists already (create).</summary>
    Exists,

    /// <summary><see cref="FeatureEdit.IfMatch"/> is not the current version: nothing changed.</summary>
    VersionMismatch,

    /// <summary>The edit would break a reference (to an id that does not exist, or from features to one deleted): nothing changed.</summary>
    BrokenReference,
}

/// <summary>The outcome of an edit.</summary>
/// <param name="ETag">The feature's version after the edit (<see cref="EditStatus.Done"/>), or its current version
/// (<see cref="EditStatus.VersionMismatch"/>); null when it does not exist.</param>
/// <param name="Problems">What is wrong, for <see cref="EditStatus.BrokenReference"/>: field, value and why.</param>
/// <param name="HistorySeq">The history entry the edit wrote.</param>
public sealed record EditResult(EditStatus Status, string? ETag, IReadOnlyList<IO.DatasetProblem> Problems, long? HistorySeq = null);

/// <summary>One kept change of a feature.</summary>
/// <param name="Before">The feature before (GeoJSON text), null for a create.</param>
/// <param name="After">The feature after (GeoJSON text), null for a delete.</param>
public sealed record HistoryEntry(
    long Seq, string Layer, string FeatureId, string Operation, string KeyName, DateTimeOffset At, string? Before, string? After);

/// <summary>
/// A store that keeps edits: every feature has a version (a strong ETag), every change is checked against the version the
/// client saw and kept in the history in the same transaction, and the dataset's version changes with every edit.
/// </summary>
public interface IFeatureEditor
{
    /// <summary>The feature's current version (a quoted strong ETag), or null when it does not exist.</summary>
    Task<string?> VersionAsync(string layer, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The feature as it is now and its version, read together where edits are written (the primary, never a standby
    /// that may lag): what a merge patch applies to. Null when it does not exist.
    /// </summary>
    Task<(IFeature Feature, string Version)?> CurrentAsync(string layer, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The feature and its version read together where features are read (a standby when configured): what a GET
    /// answers, so that the ETag a client gets is the version of the state it sees. Null when it does not exist.
    /// </summary>
    Task<(IFeature Feature, string Version)?> ReadWithVersionAsync(string layer, string id, CancellationToken cancellationToken = default);

    /// <summary>Applies one edit, all or nothing.</summary>
    Task<EditResult> EditAsync(FeatureEdit edit, CancellationToken cancellationToken = default);

    /// <summary>Every change of a feature, oldest first (also of a deleted one).</summary>
    Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string layer, string id, CancellationToken cancellationToken = default);
}
