using Pulse.Streams.Errors;
using Pulse.Streams.State;
using RocksDbSharp;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// A key-value store on RocksDB in <c>{state dir}/rocksdb/{name}</c>, keys in unsigned byte order
/// (RocksDB's default comparator). Invariant: open (a database in <c>_db</c>) exactly between
/// <see cref="Init"/> and <see cref="Close"/>; holds no null values (a null put deletes).
/// </summary>
internal sealed class RocksDbKeyValueStore(string name) : IKeyValueStore<Bytes, byte[]>, IBatchWritable
{
    private RocksDbDatabase? _db;

    public string Name { get; } = name;
    public bool Persistent => true;
    public bool IsOpen => _db is not null;
    public long ApproximateNumEntries => Db.EstimateNumKeys(Db.Default);

    private RocksDbDatabase Db => _db ?? throw new ProcessorStateException($"Store {Name} is not open.");

    public void BeginBatch() => Db.BeginBatch();

    public void CommitBatch() => _db?.CommitBatch();

    public void Init(IStateStoreContext context, IStateStore root)
    {
        if (_db is not null) return;
        var path = Path.Combine(context.StateDir, "rocksdb", Name);
        _db = RocksDbDatabase.Open(Name, path, RocksDbMemory.For(context.Config.RocksDb));
        context.Register(root, Restore);
    }

    public byte[]? Get(Bytes key) => Db.Get(key.Get(), Db.Default);

    public bool TryGet(Bytes key, out byte[] value)
    {
        value = Get(key)!;
        return value is not null;
    }

    public void Put(Bytes key, byte[]? value)
    {
        var db = Db;
        if (value is null) db.Remove(key.Get(), db.Default);
        else db.Put(key.Get(), value, db.Default);
    }

    public byte[]? PutIfAbsent(Bytes key, byte[] value)
    {
        var existing = Get(key);
        if (existing is null) Put(key, value);
        return existing;
    }

    public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]?>> entries)
    {
        var db = Db;
        using var batch = new WriteBatch();
        foreach (var (k, v) in entries)
        {
            if (v is null) batch.Delete(k.Get(), db.Default);
            else batch.Put(k.Get(), v, db.Default);
        }
        if (batch.Count() > 0) db.Write(batch);
    }

    public byte[]? Delete(Bytes key)
    {
        var old = Get(key);
        if (old is not null) Put(key, null);
        return old;
    }

    public IEnumerable<KeyValuePair<Bytes, byte[]>> Range(Bytes from, Bytes to)
    {
        if (from.CompareTo(to) > 0) return [];
        // The smallest key after `to` is `to` followed by 0x00: an exclusive bound that includes `to`.
        var upper = new byte[to.Length + 1];
        to.Span.CopyTo(upper);
        return ToBytesKeys(Db.Scan(Db.Default, from.Get(), upper));
    }

    public IEnumerable<KeyValuePair<Bytes, byte[]>> All() => ToBytesKeys(Db.Scan(Db.Default, null, null));

    public void Flush() => _db?.Flush();

    public void Close()
    {
        _db?.Dispose();
        _db = null;
    }

    private void Restore(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        var db = Db;
        using var batch = new WriteBatch();
        foreach (var (k, v) in records)
        {
            if (v is null) batch.Delete(k, db.Default);
            else batch.Put(k, v, db.Default);
        }
        db.Write(batch);
    }

    private static IEnumerable<KeyValuePair<Bytes, byte[]>> ToBytesKeys(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        foreach (var (k, v) in entries) yield return new(new Bytes(k), v);
    }
}
