using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>A sorted in-memory key-value store. Invariant: holds no null values (a null put deletes).</summary>
internal sealed class InMemoryKeyValueStore(string name) : IKeyValueStore<Bytes, byte[]>
{
    private readonly SortedDictionary<Bytes, byte[]> _map = [];

    public string Name { get; } = name;
    public bool Persistent => false;
    public bool IsOpen { get; private set; }
    public long ApproximateNumEntries => _map.Count;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        context.Register(root, batch =>
        {
            foreach (var (k, v) in batch) Put(new Bytes(k), v);
        });
        IsOpen = true;
    }

    public byte[]? Get(Bytes key) => _map.GetValueOrDefault(key);

    public bool TryGet(Bytes key, out byte[] value) => _map.TryGetValue(key, out value!);

    public void Put(Bytes key, byte[]? value)
    {
        if (value is null) _map.Remove(key);
        else _map[key] = value;
    }

    public byte[]? PutIfAbsent(Bytes key, byte[] value)
    {
        if (_map.TryGetValue(key, out var existing)) return existing;
        _map[key] = value;
        return null;
    }

    public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]?>> entries)
    {
        foreach (var (k, v) in entries) Put(k, v);
    }

    public byte[]? Delete(Bytes key) => _map.Remove(key, out var old) ? old : null;

    public IEnumerable<KeyValuePair<Bytes, byte[]>> Range(Bytes from, Bytes to)
    {
        if (from.CompareTo(to) > 0) yield break;
        // Snapshot so callers may write while iterating, as with RocksDB iterators.
        foreach (var kv in _map.Where(kv => kv.Key.CompareTo(from) >= 0).TakeWhile(kv => kv.Key.CompareTo(to) <= 0).ToList())
            yield return kv;
    }

    public IEnumerable<KeyValuePair<Bytes, byte[]>> All() => _map.ToList();

    public void Flush() { }

    public void Close()
    {
        _map.Clear();
        IsOpen = false;
    }
}
