using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

// PLACEHOLDER: replaced by the RocksDB implementation.
internal sealed class RocksDbKeyValueStore(string name) : IKeyValueStore<Bytes, byte[]>
{
    private readonly InMemoryKeyValueStore _inner = new(name);
    public string Name => name;
    public bool Persistent => true;
    public bool IsOpen => _inner.IsOpen;
    public long ApproximateNumEntries => _inner.ApproximateNumEntries;
    public void Init(IStateStoreContext context, IStateStore root) => _inner.Init(context, root);
    public byte[]? Get(Bytes key) => _inner.Get(key);
    public bool TryGet(Bytes key, out byte[] value) => _inner.TryGet(key, out value);
    public void Put(Bytes key, byte[]? value) => _inner.Put(key, value);
    public byte[]? PutIfAbsent(Bytes key, byte[] value) => _inner.PutIfAbsent(key, value);
    public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]?>> entries) => _inner.PutAll(entries);
    public byte[]? Delete(Bytes key) => _inner.Delete(key);
    public IEnumerable<KeyValuePair<Bytes, byte[]>> Range(Bytes from, Bytes to) => _inner.Range(from, to);
    public IEnumerable<KeyValuePair<Bytes, byte[]>> All() => _inner.All();
    public void Flush() { }
    public void Close() => _inner.Close();
}
