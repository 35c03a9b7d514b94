namespace Huayang.Gis.Core.Store;

/// <summary>Which state of a feature a restore puts back, chosen from its history (the server and the CLI choose alike).</summary>
public static class HistoryRestore
{
    /// <summary>
    /// The entry and the feature (GeoJSON text) to put back: for entry <paramref name="seq"/> when given, else the latest
    /// entry with a state. A delete is undone by the state before it; any other change is restored to the state after it.
    /// </summary>
    /// <returns>The entry and state, or the reason there is none (a sentence naming the feature and entry).</returns>
    public static (HistoryEntry? Entry, string? State, string? Refusal) Choose(
        IReadOnlyList<HistoryEntry> history, string layer, string featureId, long? seq)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return (null, null, $"{layer}/{featureId} has no history: it was never edited, so there is nothing to restore");
        }

        var entry = seq is { } wanted
            ? history.FirstOrDefault(e => e.Seq == wanted)
            : history.LastOrDefault(e => StateOf(e) is not null);
        if (entry is null)
        {
            return (null, null, seq is null
                ? $"{layer}/{featureId}: no history entry records a state to put back"
                : $"{layer}/{featureId} has no history entry {seq} (its entries: {string.Join(", ", history.Select(e => e.Seq))})");
        }

        return StateOf(entry) is { } state
            ? (entry, state, null)
            : (entry, null, $"history entry {entry.Seq} ({entry.Operation}) records no state to put back");
    }

    private static string? StateOf(HistoryEntry entry) => entry.Operation == "delete" ? entry.Before : entry.After;
}
