using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The session-store counterpart of <see cref="SynchronizedWindowStore"/>, with the same invariants:
/// every call under one lock, a cache flush held from <see cref="BeginBatch"/> to <see cref="CommitBatch"/>,
/// <c>Query*</c> reads from other threads copied under the lock and refused once closed.
/// </summary>
internal sealed class SynchronizedSessionStore(ISessionStore<Bytes, byte[]> inner) : ISessionStore<Bytes, byte[]>, IBatchWritable
{
    private readonly StoreGuard _guard = new(inner.Name);

    public ISessionStore<Bytes, byte[]> Inner => inner;
    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsOpen => inner.IsOpen;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        lock (_guard.Lock) inner.Init(context, root);
    }

    public void Put(Windowed<Bytes> sessionKey, byte[]? aggregate)
    {
        lock (_guard.Lock) inner.Put(sessionKey, aggregate);
    }

    public void Remove(Windowed<Bytes> sessionKey)
    {
        lock (_guard.Lock) inner.Remove(sessionKey);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FindSessions(Bytes key, long earliestSessionEndTime, long latestSessionStartTime)
    {
        lock (_guard.Lock) return inner.FindSessions(key, earliestSessionEndTime, latestSessionStartTime);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> Fetch(Bytes key)
    {
        lock (_guard.Lock) return inner.Fetch(key);
    }

    public byte[]? FetchSession(Bytes key, long sessionStartTime, long sessionEndTime)
    {
        lock (_guard.Lock) return inner.FetchSession(key, sessionStartTime, sessionEndTime);
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

    /// <summary>A read from another thread: the sessions of <paramref name="key"/> in the range, copied under the lock.</summary>
    public List<KeyValuePair<Windowed<Bytes>, byte[]>> QueryFindSessions(Bytes key, long earliestSessionEndTime, long latestSessionStartTime)
    {
        lock (_guard.Lock)
        {
            _guard.ThrowIfNotQueryable(inner.IsOpen);
            return [.. inner.FindSessions(key, earliestSessionEndTime, latestSessionStartTime)];
        }
    }

    /// <summary>A read from another thread: the aggregate of one session, or null.</summary>
    public byte[]? QueryFetchSession(Bytes key, long sessionStartTime, long sessionEndTime)
    {
        lock (_guard.Lock)
        {
            _guard.ThrowIfNotQueryable(inner.IsOpen);
            return inner.FetchSession(key, sessionStartTime, sessionEndTime);
        }
    }
}
