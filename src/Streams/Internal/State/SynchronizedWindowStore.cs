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
    private readonly Lock _lock = new();
    private bool _inBatch;
    private bool _closed;

    public IWindowStore<Bytes, byte[]> Inner => inner;
    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsOpen => inner.IsOpen;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        lock (_lock) inner.Init(context, root);
    }

    public void Put(Bytes key, byte[]? value, long windowStart)
    {
        lock (_lock) inner.Put(key, value, windowStart);
    }

    public byte[]? Fetch(Bytes key, long windowStart)
    {
        lock (_lock) return inner.Fetch(key, windowStart);
    }

    public IEnumerable<KeyValuePair<long, byte[]>> Fetch(Bytes key, long timeFrom, long timeTo)
    {
        lock (_lock) return inner.Fetch(key, timeFrom, timeTo);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long timeFrom, long timeTo)
    {
        lock (_lock) return inner.FetchAll(timeFrom, timeTo);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> All()
    {
        lock (_lock) return inner.All();
    }

    public void Flush()
    {
        lock (_lock) inner.Flush();
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            inner.Close();
        }
    }

    /// <summary>Takes the lock until <see cref="CommitBatch"/>.</summary>
    public void BeginBatch()
    {
        if (!_inBatch)
        {
            _lock.Enter();
            _inBatch = true;
        }
        (inner as IBatchWritable)?.BeginBatch();
    }

    /// <summary>Applies the batch and lets readers in again; a no-op outside a batch.</summary>
    public void CommitBatch()
    {
        if (!_inBatch)
        {
            (inner as IBatchWritable)?.CommitBatch();
            return;
        }
        try
        {
            (inner as IBatchWritable)?.CommitBatch();
        }
        finally
        {
            _inBatch = false;
            _lock.Exit();
        }
    }

    /// <summary>A read from another thread: the value of one window, or null.</summary>
    public byte[]? QueryFetch(Bytes key, long windowStart)
    {
        lock (_lock)
        {
            ThrowIfNotQueryable();
            return inner.Fetch(key, windowStart);
        }
    }

    /// <summary>A read from another thread: the windows of <paramref name="key"/>, copied under the lock.</summary>
    public List<KeyValuePair<long, byte[]>> QueryFetch(Bytes key, long timeFrom, long timeTo)
    {
        lock (_lock)
        {
            ThrowIfNotQueryable();
            return [.. inner.Fetch(key, timeFrom, timeTo)];
        }
    }

    /// <summary>A read from another thread: every key's windows in the range, copied under the lock.</summary>
    public List<KeyValuePair<Windowed<Bytes>, byte[]>> QueryFetchAll(long timeFrom, long timeTo)
    {
        lock (_lock)
        {
            ThrowIfNotQueryable();
            return [.. inner.FetchAll(timeFrom, timeTo)];
        }
    }

    private void ThrowIfNotQueryable()
    {
        if (_closed) throw new InvalidStateStoreException($"State store '{Name}' was closed (its task moved or the instance is closing); retry the query.");
        if (!inner.IsOpen) throw new InvalidStateStoreException($"State store '{Name}' is not open yet; retry the query.");
    }
}
