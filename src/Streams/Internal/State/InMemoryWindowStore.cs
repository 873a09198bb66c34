using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

// PLACEHOLDER: a naive window store, replaced by the real in-memory implementation.
internal class InMemoryWindowStore(string name, long retentionMs, long windowSizeMs, bool retainDuplicates) : IWindowStore<Bytes, byte[]>
{
    private readonly SortedDictionary<(long, Bytes), byte[]> _map = [];
    private long _observed = long.MinValue;
    public string Name => name;
    public virtual bool Persistent => false;
    public bool IsOpen { get; private set; }
    public bool RetainDuplicates => retainDuplicates;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        context.Register(root, batch =>
        {
            foreach (var (k, v) in batch)
            {
                var (key, start, _) = WindowKeySchema.FromChangelogKey(k);
                Put(key, v, start);
            }
        });
        IsOpen = true;
    }

    public void Put(Bytes key, byte[]? value, long windowStart)
    {
        _observed = Math.Max(_observed, windowStart);
        if (windowStart <= _observed - retentionMs) return;
        if (value is null) _map.Remove((windowStart, key)); else _map[(windowStart, key)] = value;
        foreach (var k in _map.Keys.TakeWhile(k => k.Item1 <= _observed - retentionMs).ToList()) _map.Remove(k);
    }

    public byte[]? Fetch(Bytes key, long windowStart) => _map.GetValueOrDefault((windowStart, key));

    public IEnumerable<KeyValuePair<long, byte[]>> Fetch(Bytes key, long timeFrom, long timeTo) =>
        _map.Where(kv => kv.Key.Item2 == key && kv.Key.Item1 >= timeFrom && kv.Key.Item1 <= timeTo)
            .Select(kv => new KeyValuePair<long, byte[]>(kv.Key.Item1, kv.Value)).ToList();

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long timeFrom, long timeTo) =>
        _map.Where(kv => kv.Key.Item1 >= timeFrom && kv.Key.Item1 <= timeTo)
            .Select(kv => new KeyValuePair<Windowed<Bytes>, byte[]>(new Windowed<Bytes>(kv.Key.Item2, new Window(kv.Key.Item1, kv.Key.Item1 + windowSizeMs)), kv.Value)).ToList();

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> All() => FetchAll(long.MinValue, long.MaxValue);
    public void Flush() { }
    public void Close() { _map.Clear(); IsOpen = false; }
}

// PLACEHOLDER: replaced by the RocksDB implementation.
internal sealed class RocksDbWindowStore(string name, long retentionMs, long windowSizeMs, bool retainDuplicates)
    : InMemoryWindowStore(name, retentionMs, windowSizeMs, retainDuplicates)
{
    public override bool Persistent => true;
}
