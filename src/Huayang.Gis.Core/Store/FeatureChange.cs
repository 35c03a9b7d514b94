using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Store;

/// <summary>One entry of the change log: an edit of one feature, as every server and the change feed's clients hear of it.</summary>
/// <param name="Seq">The history entry's number: increasing, in commit order, without gaps a reader could pass over.</param>
/// <param name="DatasetVersion">The dataset version the edit made (what tile ETags and cached answers are keyed by).</param>
/// <param name="Bounds">The lon/lat box of the feature before and after (what the edit can have changed on a map); null
/// when neither had a geometry.</param>
public sealed record FeatureChange(
    long Seq, string Collection, string FeatureId, string Operation, long DatasetVersion, string KeyName, DateTimeOffset At, Envelope? Bounds);

/// <summary>A page of the change log after a watermark.</summary>
/// <param name="Changes">The entries after the watermark, oldest first.</param>
/// <param name="Latest">The newest entry's seq when read (the watermark of a reader that has everything).</param>
/// <param name="LoadVersion">The latest load's dataset version (a load replaces everything: readers start again).</param>
/// <param name="Complete">False when more entries follow than the page holds.</param>
public sealed record ChangePage(IReadOnlyList<FeatureChange> Changes, long Latest, long LoadVersion, bool Complete);
