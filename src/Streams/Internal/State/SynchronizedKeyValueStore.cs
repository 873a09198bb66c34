using Pulse.Streams.Errors;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// Where the thread that owns a key-value store meets the threads that only read it (interactive
/// queries; stream threads reading a global store). It sits right above the bytes (RocksDB or
/// memory), below the cache and the changelog, so a query sees what caches have flushed: the state
/// as of the last commit, plus entries a full cache evicted since.
/// Invariants: every call runs under the <see cref="StoreGuard"/> lock; a cache flush holds it from <see cref="BeginBatch"/>
/// to <see cref="CommitBatch"/>, so a query sees a flush whole or not at all; the owner alone
/// writes; after <see cref="Close"/> every <c>Query*</c> call throws <see cref="InvalidStateStoreException"/>.
/// Lazy scans the owner starts run their steps outside the lock (reads never race a write: the
/// owner does both, and readers under the lock only read). Restore writes bypass this layer: a task's
/// stores become visible to queries only after they are restored.
/// </summary>
internal sealed class SynchronizedKeyValueStore(IKeyValueStore<Bytes, byte[]> inner) : IKeyValueStore<Bytes, byte[]>, IBatchWritable
{
    private readonly StoreGuard _guard = new(inner.Name);

    public IKeyValueStore<Bytes, byte[]> Inner => inner;
    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsOpen => inner.IsOpen;

    public long ApproximateNumEntries
    {
        get
        {
            lock (_guard.Lock) return inner.ApproximateNumEntries;
        }
    }

    public void Init(IStateStoreContext context, IStateStore root)
    {
        lock (_guard.Lock) inner.Init(context, root);
    }

    public byte[]? Get(Bytes key)
    {
        lock (_guard.Lock) return inner.Get(key);
    }

    public bool TryGet(Bytes key, out byte[] value)
    {
        lock (_guard.Lock) return inner.TryGet(key, out value);
    }

    public void Put(Bytes key, byte[]? value)
    {
        lock (_guard.Lock) inner.Put(key, value);
    }

    public byte[]? PutIfAbsent(Bytes key, byte[] value)
    {
        lock (_guard.Lock) return inner.PutIfAbsent(key, value);
    }

    public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]?>> entries)
    {
        lock (_guard.Lock) inner.PutAll(entries);
    }

    public byte[]? Delete(Bytes key)
    {
        lock (_guard.Lock) return inner.Delete(key);
    }

    public IEnumerable<KeyValuePair<Bytes, byte[]>> Range(Bytes from, Bytes to)
    {
        lock (_guard.Lock) return inner.Range(from, to);
    }

    public IEnumerable<KeyValuePair<Bytes, byte[]>> All()
    {
        lock (_guard.Lock) return inner.All();
    }

    public void Flush()
    {
        lock (_guard.Lock) inner.Flush();
    }

    public void Close() => _guard.Close(inner.Close);

    /// <summary>Takes the lock until <see cref="CommitBatch"/>, so the writes in between reach readers together.</summary>
    public void BeginBatch() => _guard.BeginBatch(inner);

    /// <summary>Applies the batch and lets readers in again; a no-op outside a batch.</summary>
    public void CommitBatch() => _guard.CommitBatch(inner);

    /// <summary>A read from another thread: the value of <paramref name="key"/>, or null.</summary>
    public byte[]? QueryGet(Bytes key)
    {
        lock (_guard.Lock)
        {
            ThrowIfNotQueryable();
            return inner.Get(key);
        }
    }

    /// <summary>A read from another thread: the entries from <paramref name="from"/> to <paramref name="to"/>, copied under the lock.</summary>
    public List<KeyValuePair<Bytes, byte[]>> QueryRange(Bytes from, Bytes to)
    {
        lock (_guard.Lock)
        {
            ThrowIfNotQueryable();
            return [.. inner.Range(from, to)];
        }
    }

    /// <summary>A read from another thread: every entry, copied under the lock.</summary>
    public List<KeyValuePair<Bytes, byte[]>> QueryAll()
    {
        lock (_guard.Lock)
        {
            ThrowIfNotQueryable();
            return [.. inner.All()];
        }
    }

    /// <summary>A read from another thread: the store's estimate of its entries.</summary>
    public long QueryApproximateNumEntries()
    {
        lock (_guard.Lock)
        {
            ThrowIfNotQueryable();
            return inner.ApproximateNumEntries;
        }
    }

    private void ThrowIfNotQueryable() => _guard.ThrowIfNotQueryable(inner.IsOpen);
}
