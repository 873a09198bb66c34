using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>A layer over a byte session store that passes everything it does not change to <see cref="Inner"/>.</summary>
internal abstract class WrappedSessionStore(ISessionStore<Bytes, byte[]> inner) : ISessionStore<Bytes, byte[]>, IBatchWritable
{
    public ISessionStore<Bytes, byte[]> Inner { get; } = inner;
    public string Name => Inner.Name;
    public bool Persistent => Inner.Persistent;
    public bool IsOpen => Inner.IsOpen;

    public virtual void Init(IStateStoreContext context, IStateStore root) => Inner.Init(context, root);
    public abstract void Put(Windowed<Bytes> sessionKey, byte[]? aggregate);
    public virtual void Remove(Windowed<Bytes> sessionKey) => Put(sessionKey, null);

    public virtual IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FindSessions(Bytes key, long earliestSessionEndTime, long latestSessionStartTime) =>
        Inner.FindSessions(key, earliestSessionEndTime, latestSessionStartTime);

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> Fetch(Bytes key) => FindSessions(key, long.MinValue, long.MaxValue);
    public virtual byte[]? FetchSession(Bytes key, long sessionStartTime, long sessionEndTime) => Inner.FetchSession(key, sessionStartTime, sessionEndTime);
    public virtual void Flush() => Inner.Flush();
    public virtual void Close() => Inner.Close();

    public void BeginBatch() => (Inner as IBatchWritable)?.BeginBatch();

    public void CommitBatch() => (Inner as IBatchWritable)?.CommitBatch();
}
