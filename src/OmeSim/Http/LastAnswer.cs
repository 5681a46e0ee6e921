namespace OmeSim.Http;

/// <summary>
/// An answer serialized once per source object and served as bytes while the source is the same one (the served
/// certificate, the appliance state: immutable, replaced on change). One per appliance, holding only the latest.
/// </summary>
public sealed class LastAnswer<TSource> where TSource : class
{
    private Entry? _last;

    public byte[] For(TSource source, Func<TSource, byte[]> serialize)
    {
        if (Volatile.Read(ref _last) is { } last && ReferenceEquals(last.Source, source))
        {
            return last.Bytes;
        }
        var bytes = serialize(source);
        Volatile.Write(ref _last, new Entry(source, bytes));
        return bytes;
    }

    private sealed record Entry(TSource Source, byte[] Bytes);
}
