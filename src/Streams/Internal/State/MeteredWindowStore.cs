using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The typed face of a window store: serializes keys and values into the byte layers below. A timestamped store (the DSL's
/// windowed aggregations) keeps beside each value the largest timestamp of the records that made it, as Kafka's
/// <c>TimestampedWindowStore</c>: the aggregation reads and writes it with <see cref="TryFetchTimestamped"/> and
/// <see cref="PutTimestamped"/>, a cache flush forwards it as the record's timestamp, and every other reader sees values alone.
/// </summary>
internal sealed class MeteredWindowStore<TKey, TValue>(IWindowStore<Bytes, byte[]> inner, bool persistent, long windowSizeMs,
    Serde<TKey>? keySerde, Serde<TValue>? valueSerde, bool timestamped = false)
    : IWindowStore<TKey, TValue>, ICachedStateStore, IQueryableStore, ITypedStoreSerdes<TKey, TValue>
{
    private Serde<TKey> _keySerde = null!;
    private Serde<TValue> _valueSerde = null!;
    private Serde<TValue> _plainValueSerde = null!;
    private Func<object, long, byte[]> _serializeTimestamped = null!;
    private Func<byte[], ValueAndTimestamp<TValue>> _deserializeTimestamped = null!;
    private Func<byte[]?, TValue?> _valueFrom = null!; // made once: a flush reads each entry through it
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;
    private Func<object, long, byte[]> _serializeObject = null!;
    private Func<byte[], TValue?> _deserialize = null!;
    private KeyEncoder<TKey> _keys = null!;

    public IWindowStore<Bytes, byte[]> Inner => inner;
    public string Name => inner.Name;
    public bool Persistent => persistent;
    public bool IsOpen => inner.IsOpen;
    public long WindowSizeMs => windowSizeMs;
    public bool Timestamped => timestamped;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        _keySerde = context.Config.KeySerde(keySerde, $"state store '{Name}'");
        _plainValueSerde = context.Config.ValueSerde(valueSerde, $"state store '{Name}'");
        _valueSerde = timestamped ? TimestampedValues.ValuesOnly(_plainValueSerde) : _plainValueSerde;
        var topic = TopicNames.Changelog(context.ApplicationId, Name);
        _keyContext = new SerializationContext(MessageComponentType.Key, topic);
        _keys = new KeyEncoder<TKey>(_keySerde, _keyContext, Name, context as Processor.TaskContext);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
        _serializeObject = (o, _) => _valueSerde.Serializer.Serialize((TValue)o, _valueContext);
        _deserialize = b => _valueSerde.Deserializer.Deserialize(b, false, _valueContext);
        _serializeTimestamped = (o, timestamp) => TimestampedValues.Join(timestamp, _plainValueSerde.Serializer.Serialize((TValue)o, _valueContext));
        _deserializeTimestamped = b => TimestampedValues.Split(b, _plainValueSerde, _valueContext);
        _valueFrom = ValueFrom;
        inner.Init(context, root);
    }

    Serde<TKey> ITypedStoreSerdes<TKey, TValue>.KeySerde => _keySerde;
    Serde<TValue> ITypedStoreSerdes<TKey, TValue>.ValueSerde => _valueSerde;
    SerializationContext ITypedStoreSerdes<TKey, TValue>.KeyContext => _keyContext;
    SerializationContext ITypedStoreSerdes<TKey, TValue>.ValueContext => _valueContext;

    /// <summary>A view for other threads, reading below the cache (see <see cref="SynchronizedWindowStore"/>).</summary>
    public IStateStore ReadOnlyView() => new WindowReadOnlyView<TKey, TValue>(this, Synchronized());

    public object Composite(Func<IReadOnlyList<IStateStore>> stores) =>
        new Runtime.CompositeReadOnlyWindowStore<TKey, TValue>(() =>
            stores().Select(s => (WindowReadOnlyView<TKey, TValue>)((IQueryableStore)s).ReadOnlyView()).ToList());

    private SynchronizedWindowStore Synchronized()
    {
        for (var store = inner; ; store = ((WrappedWindowStore)store).Inner)
        {
            if (store is SynchronizedWindowStore synchronized) return synchronized;
            if (store is not WrappedWindowStore)
                throw new Errors.InvalidStateStoreException($"State store '{Name}' cannot be read from other threads: it was not built by a Pulse store builder.");
        }
    }

    /// <summary>Sends flushed cache entries to <paramref name="listener"/>; false when this store has no cache.</summary>
    public bool SetFlushListener(Action<Record<Windowed<TKey>, Change<TValue>>> listener, bool sendOldValues)
    {
        if (inner is not CachingWindowStore caching) return false;
        caching.SetFlushListener((key, newValue, newObject, newObjectTimestamp, oldValue, context) =>
        {
            var (value, timestamp) = TimestampedValues.OfFlushed(newObject, newObjectTimestamp, newValue, timestamped ? _deserializeTimestamped : null, _valueFrom);
            listener(new Record<Windowed<TKey>, Change<TValue>>(new Windowed<TKey>(KeyFrom(key.Key), key.Window),
                new Change<TValue>(value, ValueFrom(oldValue)), timestamp >= 0 ? timestamp : context.Timestamp, context.Headers));
        }, sendOldValues);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> with the largest timestamp of the records that made it (a timestamped store).</summary>
    public void PutTimestamped(TKey key, TValue? value, long windowStart, long timestamp)
    {
        if (value is null) Put(key, value, windowStart);
        else if (inner is CachingWindowStore caching)
            caching.PutObject(KeyBytes(key), value, timestamp, _serializeTimestamped, windowStart);
        else inner.Put(KeyBytes(key), _serializeTimestamped(value, timestamp), windowStart);
    }

    /// <summary>The value of <paramref name="key"/> in the window at <paramref name="windowStart"/> with its timestamp, and whether there is one.</summary>
    public bool TryFetchTimestamped(TKey key, long windowStart, out ValueAndTimestamp<TValue> value)
    {
        if (inner is CachingWindowStore caching) return caching.TryFetchStamped(KeyBytes(key), windowStart, _deserializeTimestamped, out value);
        var bytes = inner.Fetch(KeyBytes(key), windowStart);
        value = bytes is null ? default : _deserializeTimestamped(bytes);
        return bytes is not null;
    }

    /// <summary>Every key's windows starting from <paramref name="timeFrom"/> to <paramref name="timeTo"/>, with their timestamps.</summary>
    public IEnumerable<KeyValuePair<Windowed<TKey>, ValueAndTimestamp<TValue>>> FetchAllTimestamped(long timeFrom, long timeTo)
    {
        foreach (var (w, v) in inner.FetchAll(timeFrom, timeTo))
            yield return new(new Windowed<TKey>(KeyFrom(w.Key), w.Window), timestamped ? _deserializeTimestamped(v) : new(ValueFrom(v)!, TimestampedValues.NoTimestamp));
    }

    /// <summary>The key's windows starting from <paramref name="timeFrom"/> to <paramref name="timeTo"/>, oldest first, with their timestamps.</summary>
    public IEnumerable<KeyValuePair<long, ValueAndTimestamp<TValue>>> FetchTimestamped(TKey key, long timeFrom, long timeTo)
    {
        foreach (var (start, v) in inner.Fetch(KeyBytes(key), timeFrom, timeTo)) yield return new(start, _deserializeTimestamped(v));
    }

    public void Put(TKey key, TValue? value, long windowStart)
    {
        if (inner is CachingWindowStore caching) caching.PutObject(KeyBytes(key), value, TimestampedValues.NoTimestamp, _serializeObject, windowStart);
        else inner.Put(KeyBytes(key), _valueSerde.Serialize(value, _valueContext), windowStart);
    }

    public TValue? Fetch(TKey key, long windowStart) => ValueFrom(inner.Fetch(KeyBytes(key), windowStart));

    /// <summary>
    /// The value of <paramref name="key"/> in the window starting at <paramref name="windowStart"/>, and whether
    /// there is one: <see cref="Fetch(TKey, long)"/> cannot tell a missing value-type aggregate from its default.
    /// </summary>
    public bool TryFetch(TKey key, long windowStart, out TValue? value)
    {
        if (inner is CachingWindowStore caching) return caching.TryFetchObject(KeyBytes(key), windowStart, _deserialize, out value);
        var bytes = inner.Fetch(KeyBytes(key), windowStart);
        value = ValueFrom(bytes);
        return bytes is not null;
    }

    public IEnumerable<KeyValuePair<long, TValue>> Fetch(TKey key, long timeFrom, long timeTo)
    {
        foreach (var (start, v) in inner.Fetch(KeyBytes(key), timeFrom, timeTo)) yield return new(start, ValueFrom(v)!);
    }

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long timeFrom, long timeTo) => Typed(inner.FetchAll(timeFrom, timeTo));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> All() => Typed(inner.All());

    public void Flush() => inner.Flush();

    public void FlushCache() => (inner as ICachedStateStore)?.FlushCache();

    public void Close() => inner.Close();

    private Bytes KeyBytes(TKey key) => _keys.Encode(key);

    private TKey KeyFrom(Bytes key) => _keys.Decode(key);

    private TValue? ValueFrom(byte[]? bytes) => _valueSerde.Deserialize(bytes, _valueContext);

    private IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> Typed(IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> entries)
    {
        foreach (var (w, v) in entries) yield return new(new Windowed<TKey>(KeyFrom(w.Key), w.Window), ValueFrom(v)!);
    }
}
