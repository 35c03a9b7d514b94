namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// The dataset version a reader has been told to reach (from the change log): only ever raised, thread-safe. A cached
/// version below it is not trusted, however recently it was read.
/// </summary>
internal sealed class ExpectedVersion
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Raise(long version)
    {
        long known;
        while (version > (known = Interlocked.Read(ref _value))
               && Interlocked.CompareExchange(ref _value, version, known) != known)
        {
        }
    }
}
