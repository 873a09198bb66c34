namespace Pulse.Streams.Internal.State;

/// <summary>
/// Consecutive changelog records handed to a store's restore callback, with each record's timestamp beside it (a versioned
/// store needs them: a record's timestamp is when its value became valid). Invariant: <see cref="Timestamps"/> has one entry
/// per record, in the same order.
/// </summary>
internal sealed class ChangelogBatch : List<KeyValuePair<byte[], byte[]?>>
{
    private readonly List<long> _timestamps;

    public ChangelogBatch(int capacity = 0) : base(capacity) => _timestamps = new List<long>(capacity);

    public IReadOnlyList<long> Timestamps => _timestamps;

    public void Add(byte[] key, byte[]? value, long timestamp)
    {
        Add(new KeyValuePair<byte[], byte[]?>(key, value));
        _timestamps.Add(timestamp);
    }

    public new void Clear()
    {
        base.Clear();
        _timestamps.Clear();
    }
}
