using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>The typed face of a session store: serializes keys and aggregates into the byte layers below.</summary>
internal sealed class MeteredSessionStore<TKey, TAggregate>(ISessionStore<Bytes, byte[]> inner, bool persistent,
    Serde<TKey>? keySerde, Serde<TAggregate>? valueSerde)
    : ISessionStore<TKey, TAggregate>, ICachedStateStore, IQueryableStore, ITypedStoreSerdes<TKey, TAggregate>
{
    private Serde<TKey> _keySerde = null!;
    private Serde<TAggregate> _valueSerde = null!;
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;
    private KeyEncoder<TKey> _keys = null!;

    public ISessionStore<Bytes, byte[]> Inner => inner;
    public string Name => inner.Name;
    public bool Persistent => persistent;
    public bool IsOpen => inner.IsOpen;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        _keySerde = context.Config.KeySerde(keySerde, $"state store '{Name}'");
        _valueSerde = context.Config.ValueSerde(valueSerde, $"state store '{Name}'");
        var topic = TopicNames.Changelog(context.ApplicationId, Name);
        _keyContext = new SerializationContext(MessageComponentType.Key, topic);
        _keys = new KeyEncoder<TKey>(_keySerde, _keyContext, Name, context as Processor.TaskContext);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
        inner.Init(context, root);
    }

    Serde<TKey> ITypedStoreSerdes<TKey, TAggregate>.KeySerde => _keySerde;
    Serde<TAggregate> ITypedStoreSerdes<TKey, TAggregate>.ValueSerde => _valueSerde;
    SerializationContext ITypedStoreSerdes<TKey, TAggregate>.KeyContext => _keyContext;
    SerializationContext ITypedStoreSerdes<TKey, TAggregate>.ValueContext => _valueContext;

    /// <summary>A view for other threads, reading below the cache (see <see cref="SynchronizedSessionStore"/>).</summary>
    public IStateStore ReadOnlyView() => new SessionReadOnlyView<TKey, TAggregate>(this, Synchronized());

    public object Composite(Func<IReadOnlyList<IStateStore>> stores) =>
        new Runtime.CompositeReadOnlySessionStore<TKey, TAggregate>(() =>
            stores().Select(s => (SessionReadOnlyView<TKey, TAggregate>)((IQueryableStore)s).ReadOnlyView()).ToList());

    private SynchronizedSessionStore Synchronized()
    {
        for (var store = inner; ; store = ((WrappedSessionStore)store).Inner)
        {
            if (store is SynchronizedSessionStore synchronized) return synchronized;
            if (store is not WrappedSessionStore)
                throw new Errors.InvalidStateStoreException($"State store '{Name}' cannot be read from other threads: it was not built by a Pulse store builder.");
        }
    }

    /// <summary>
    /// Sends flushed cache entries to <paramref name="listener"/>, timestamped with the session end as Kafka's
    /// session cache does; false when this store has no cache.
    /// </summary>
    public bool SetFlushListener(Action<Record<Windowed<TKey>, Change<TAggregate>>> listener, bool sendOldValues)
    {
        if (inner is not CachingSessionStore caching) return false;
        caching.SetFlushListener((session, newValue, oldValue, context) => listener(new Record<Windowed<TKey>, Change<TAggregate>>(
            new Windowed<TKey>(KeyFrom(session.Key), session.Window),
            new Change<TAggregate>(ValueFrom(newValue), ValueFrom(oldValue)) { IsDelete = newValue is null },
            session.Window.EndMs, context.Headers)), sendOldValues);
        return true;
    }

    public void Put(Windowed<TKey> sessionKey, TAggregate? aggregate) => inner.Put(Session(sessionKey), _valueSerde.Serialize(aggregate, _valueContext));

    public void Remove(Windowed<TKey> sessionKey) => inner.Remove(Session(sessionKey));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> FindSessions(TKey key, long earliestSessionEndTime, long latestSessionStartTime) =>
        Typed(key, inner.FindSessions(KeyBytes(key), earliestSessionEndTime, latestSessionStartTime));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> Fetch(TKey key) => Typed(key, inner.Fetch(KeyBytes(key)));

    public TAggregate? FetchSession(TKey key, long sessionStartTime, long sessionEndTime) =>
        ValueFrom(inner.FetchSession(KeyBytes(key), sessionStartTime, sessionEndTime));

    public void Flush() => inner.Flush();

    public void FlushCache() => (inner as ICachedStateStore)?.FlushCache();

    public void Close() => inner.Close();

    private Windowed<Bytes> Session(Windowed<TKey> sessionKey) => new(KeyBytes(sessionKey.Key), sessionKey.Window);

    private Bytes KeyBytes(TKey key) => _keys.Encode(key);

    private TKey KeyFrom(Bytes key) => _keys.Decode(key);

    private TAggregate? ValueFrom(byte[]? bytes) => _valueSerde.Deserialize(bytes, _valueContext);

    private IEnumerable<KeyValuePair<Windowed<TKey>, TAggregate>> Typed(TKey key, IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> entries)
    {
        foreach (var (session, v) in entries) yield return new(new Windowed<TKey>(key, session.Window), ValueFrom(v)!);
    }
}
