namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// Values computed from one dataset version (<c>huayang.dataset_versions</c>): forgotten as soon as a newer
/// version is seen, and all at once when more than <c>maxEntries</c> pile up or their weights (<c>weight</c>,
/// for example the length of a list) would pass <c>maxWeight</c>. Thread-safe.
/// </summary>
internal sealed class VersionedCache<T>(int maxEntries, Func<T, long>? weight = null, long maxWeight = long.MaxValue)
{
    private readonly Lock _gate = new();
    private long _version = -1;
    private long _weight;
    private Dictionary<string, T> _entries = new(StringComparer.Ordinal);

    public bool TryGet(long version, string key, out T value)
    {
        lock (_gate)
        {
            if (version != _version)
            {
                value = default!;
                return false;
            }
            return _entries.TryGetValue(key, out value!);
        }
    }

    /// <summary>The value kept for <paramref name="key"/> and the version it belongs to, which the caller must
    /// still check against the database's latest (the cache holds the newest version it has been told of).</summary>
    public bool TryGetLatest(string key, out long version, out T value)
    {
        lock (_gate)
        {
            version = _version;
            return _entries.TryGetValue(key, out value!);
        }
    }

    public void Set(long version, string key, T value)
    {
        var added = weight?.Invoke(value) ?? 0;
        if (added > maxWeight)
        {
            return;
        }

        lock (_gate)
        {
            if (version < _version)
            {
                return;
            }
            if (version > _version || _entries.Count >= maxEntries || _weight + added > maxWeight)
            {
                _version = version;
                _entries = new Dictionary<string, T>(StringComparer.Ordinal);
                _weight = 0;
            }
            if (_entries.TryGetValue(key, out var replaced))
            {
                _weight -= weight?.Invoke(replaced) ?? 0;
            }
            _entries[key] = value;
            _weight += added;
        }
    }
}
