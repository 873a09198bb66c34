using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The session-store counterpart of <see cref="KeyValueReadOnlyView{TKey, TValue}"/>: reads go to the
/// <see cref="SynchronizedSessionStore"/> (below the cache), copied under its lock; writes throw.
/// </summary>
internal sealed class SessionReadOnlyView<TKey, TAggregate>(ITypedStoreSerdes<TKey, TAggregate> serdes, SynchronizedSessionStore store)
    : ISessionStore<TKey, TAggregate>
{
    public string Name => store.Name;
    public bool Persistent => store.Persistent;
    public bool IsOpen => store.IsOpen;

    public IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> FindSessions(TKey key, long earliestSessionEndTime, long latestSessionStartTime) =>
        Decode(key, FindSessionsRaw(Encode(key), earliestSessionEndTime, latestSessionStartTime));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> Fetch(TKey key) => FindSessions(key, long.MinValue, long.MaxValue);

    public TAggregate? FetchSession(TKey key, long sessionStartTime, long sessionEndTime) =>
        FetchSessionRaw(Encode(key), sessionStartTime, sessionEndTime) is { } bytes ? DecodeValue(bytes) : default;

    internal List<KeyValuePair<Windowed<Bytes>, byte[]>> FindSessionsRaw(Bytes key, long earliestSessionEndTime, long latestSessionStartTime) =>
        store.QueryFindSessions(key, earliestSessionEndTime, latestSessionStartTime);

    internal byte[]? FetchSessionRaw(Bytes key, long sessionStartTime, long sessionEndTime) => store.QueryFetchSession(key, sessionStartTime, sessionEndTime);

    internal Bytes Encode(TKey key) => new(serdes.KeySerde.Serialize(key, serdes.KeyContext)
        ?? throw new ArgumentNullException(nameof(key), $"State store '{Name}' cannot be queried with a null key."));

    internal TAggregate DecodeValue(byte[] value) => serdes.ValueSerde.Deserialize(value, serdes.ValueContext)!;

    internal IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> Decode(TKey key, IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> entries)
    {
        foreach (var (session, v) in entries) yield return new(new Windowed<TKey>(key, session.Window), DecodeValue(v));
    }

    public void Put(Windowed<TKey> sessionKey, TAggregate? aggregate) => throw ReadOnly();

    public void Remove(Windowed<TKey> sessionKey) => throw ReadOnly();

    public void Init(IStateStoreContext context, IStateStore root) { }

    public void Flush() { }

    public void Close() { }

    private InvalidOperationException ReadOnly() => new($"State store '{Name}' is read-only here: queried stores are written only by their task.");
}
