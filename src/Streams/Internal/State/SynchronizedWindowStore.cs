using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The window-store counterpart of <see cref="SynchronizedKeyValueStore"/>, with the same invariants:
/// every call under one lock, a cache flush held from <see cref="BeginBatch"/> to <see cref="CommitBatch"/>,
/// <c>Query*</c> reads from other threads copied under the lock and refused once closed. The lock also
/// covers the stores' own bookkeeping that reads touch (RocksDB segments and their handles, the
/// in-memory indexes), which is not safe to share otherwise.
/// </summary>
internal sealed class SynchronizedWindowStore(IWindowStore<Bytes, byte[]> inner) : IWindowStore<Bytes, byte[]>, IBatchWritable
{
    private readonly StoreGuard _guard = new(inner.Name);

    public IWindowStore<Bytes, byte[]> Inner => inner;
    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsOpen => inner.IsOpen;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        lock (_guard.Lock) inner.Init(context, root);
    }

    public void Put(Bytes key, byte[]? value, long windowStart)
    {
        lock (_guard.Lock) inner.Put(key, value, windowStart);
    }

    public byte[]? Fetch(Bytes key, long windowStart)
    {
        lock (_guard.Lock) return inner.Fetch(key, windowStart);
    }

    public IEnumerable<KeyValuePair<long, byte[]>> Fetch(Bytes key, long timeFrom, long timeTo)
    {
        lock (_guard.Lock) return inner.Fetch(key, timeFrom, timeTo);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long timeFrom, long timeTo)
    {
        lock (_guard.Lock) return inner.FetchAll(timeFrom, timeTo);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> All()
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

    /// <summary>A read from another thread: the value of one window, or null.</summary>
    public byte[]? QueryFetch(Bytes key, long windowStart)
    {
        lock (_guard.Lock)
        {
            ThrowIfNotQueryable();
            return inner.Fetch(key, windowStart);
        }
    }

    /// <summary>A read from another thread: the windows of <paramref name="key"/>, copied under the lock.</summary>
    public List<KeyValuePair<long, byte[]>> QueryFetch(Bytes key, long timeFrom, long timeTo)
    {
        lock (_guard.Lock)
        {
            ThrowIfNotQueryable();
            return [.. inner.Fetch(key, timeFrom, timeTo)];
        }
    }

    /// <summary>A read from another thread: every key's windows in the range, copied under the lock.</summary>
    public List<KeyValuePair<Windowed<Bytes>, byte[]>> QueryFetchAll(long timeFrom, long timeTo)
    {
        lock (_guard.Lock)
        {
            ThrowIfNotQueryable();
            return [.. inner.FetchAll(timeFrom, timeTo)];
        }
    }

    private void ThrowIfNotQueryable() => _guard.ThrowIfNotQueryable(inner.IsOpen);
}
