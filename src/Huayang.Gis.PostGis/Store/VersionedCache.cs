namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// Values computed from one dataset version (<c>huayang.dataset_versions</c>): forgotten as soon as a newer
/// version is seen, and all at once when more than <c>maxEntries</c> pile up. Thread-safe.
/// </summary>
internal sealed class VersionedCache<T>(int maxEntries)
{
    private readonly Lock _gate = new();
    private long _version = -1;
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

    public void Set(long version, string key, T value)
    {
        lock (_gate)
        {
            if (version < _version)
            {
                return;
            }
            if (version > _version || _entries.Count >= maxEntries)
            {
                _version = version;
                _entries = new Dictionary<string, T>(StringComparer.Ordinal);
            }
            _entries[key] = value;
        }
    }
}
