using Confluent.Kafka;
using Pulse.Streams.Internal.Dsl;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The typed face of a key-value store: serializes keys and values into the byte layers below
/// (cache, changelog, RocksDB or memory). Serdes default to the application's at <see cref="Init"/>.
/// A timestamped store (the DSL's tables) keeps beside each value the timestamp of its row, as Kafka's
/// <c>TimestampedKeyValueStore</c> (8 big-endian bytes before the value's): an aggregation writes the largest timestamp of
/// the records that made the row (<see cref="PutTimestamped"/>), any other write the writing record's; a join reads it
/// with <see cref="TryGetTimestamped"/>; a cache flush forwards it as the record's timestamp; other readers see values alone.
/// </summary>
internal sealed class MeteredKeyValueStore<TKey, TValue>(IKeyValueStore<Bytes, byte[]> inner, bool persistent,
    Serde<TKey>? keySerde, Serde<TValue>? valueSerde, bool timestamped = false)
    : IKeyValueStore<TKey, TValue>, ICachedStateStore, IQueryableStore, ITypedStoreSerdes<TKey, TValue>, ITimestampedStore
{
    private Serde<TKey> _keySerde = null!;
    private Serde<TValue> _valueSerde = null!;
    private Serde<TValue> _plainValueSerde = null!;
    private Serde<ValueAndTimestamp<TValue>> _stampedSerde = null!;
    private Func<object, long, byte[]> _serializeTimestamped = null!;
    private Func<byte[], ValueAndTimestamp<TValue>> _deserializeTimestamped = null!;
    private Func<byte[]?, TValue?> _valueFrom = null!; // made once: a flush reads each entry through it
    private Processor.TaskContext? _task;
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;
    private Func<object, long, byte[]> _serializeObject = null!;
    private Func<byte[], TValue> _deserialize = null!;
    private KeyEncoder<TKey> _keys = null!;

    public IKeyValueStore<Bytes, byte[]> Inner => inner;
    public string Name => inner.Name;
    public bool Persistent => persistent;
    public bool IsOpen => inner.IsOpen;
    public long ApproximateNumEntries => inner.ApproximateNumEntries;
    public bool Timestamped => timestamped;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        _keySerde = context.Config.KeySerde(keySerde, $"state store '{Name}'");
        _plainValueSerde = context.Config.ValueSerde(valueSerde, $"state store '{Name}'");
        _valueSerde = timestamped ? TimestampedValues.ValuesOnly(_plainValueSerde) : _plainValueSerde;
        _stampedSerde = TimestampedValues.Stamped(_plainValueSerde);
        _task = context as Processor.TaskContext;
        var topic = TopicNames.Changelog(context.ApplicationId, Name);
        _keyContext = new SerializationContext(MessageComponentType.Key, topic);
        _keys = new KeyEncoder<TKey>(_keySerde, _keyContext, Name, _task);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
        _serializeObject = (o, _) => _valueSerde.Serializer.Serialize((TValue)o, _valueContext);
        _deserialize = b => _valueSerde.Deserializer.Deserialize(b, false, _valueContext)!;
        _serializeTimestamped = (o, timestamp) => TimestampedValues.Join(timestamp, _plainValueSerde.Serializer.Serialize((TValue)o, _valueContext));
        _deserializeTimestamped = b => TimestampedValues.Split(b, _plainValueSerde, _valueContext);
        _valueFrom = ValueFrom;
        inner.Init(context, root);
    }

    Serde<TKey> ITypedStoreSerdes<TKey, TValue>.KeySerde => _keySerde;
    Serde<TValue> ITypedStoreSerdes<TKey, TValue>.ValueSerde => _valueSerde;
    SerializationContext ITypedStoreSerdes<TKey, TValue>.KeyContext => _keyContext;
    SerializationContext ITypedStoreSerdes<TKey, TValue>.ValueContext => _valueContext;

    /// <summary>A view for other threads, reading below the cache (see <see cref="SynchronizedKeyValueStore"/>).</summary>
    public IStateStore ReadOnlyView() => new KeyValueReadOnlyView<TKey, TValue>(this, Synchronized());

    public object Composite(Func<IReadOnlyList<IStateStore>> stores) =>
        new Runtime.CompositeReadOnlyKeyValueStore<TKey, TValue>(() =>
            stores().Select(s => (KeyValueReadOnlyView<TKey, TValue>)((IQueryableStore)s).ReadOnlyView()).ToList());

    public object TimestampedComposite(Func<IReadOnlyList<IStateStore>> stores) =>
        new Runtime.CompositeReadOnlyKeyValueStore<TKey, ValueAndTimestamp<TValue>>(() =>
            stores().Select(s => ((MeteredKeyValueStore<TKey, TValue>)s).TimestampedView()).ToList());

    /// <summary>A view for other threads that reads values with their timestamps (a timestamped store).</summary>
    private KeyValueReadOnlyView<TKey, ValueAndTimestamp<TValue>> TimestampedView() => new(new StampedSerdes(this), Synchronized());

    /// <summary>The key serde, and values read with their timestamps.</summary>
    private sealed class StampedSerdes(MeteredKeyValueStore<TKey, TValue> store) : ITypedStoreSerdes<TKey, ValueAndTimestamp<TValue>>
    {
        public Serde<TKey> KeySerde => store._keySerde;
        public Serde<ValueAndTimestamp<TValue>> ValueSerde => store._stampedSerde;
        public SerializationContext KeyContext => store._keyContext;
        public SerializationContext ValueContext => store._valueContext;
    }

    private SynchronizedKeyValueStore Synchronized()
    {
        for (var store = inner; ; store = ((WrappedKeyValueStore)store).Inner)
        {
            if (store is SynchronizedKeyValueStore synchronized) return synchronized;
            if (store is not WrappedKeyValueStore)
                throw new Errors.InvalidStateStoreException($"State store '{Name}' cannot be read from other threads: it was not built by a Pulse store builder.");
        }
    }

    /// <summary>
    /// Sends flushed cache entries to <paramref name="listener"/>; false when this store has no
    /// cache, in which case the caller forwards its own writes.
    /// </summary>
    public bool SetFlushListener(Action<Record<TKey, Change<TValue>>> listener, bool sendOldValues)
    {
        if (inner is not CachingKeyValueStore caching) return false;
        caching.SetFlushListener((key, newValue, newObject, newObjectTimestamp, oldValue, context) =>
        {
            var (value, timestamp) = TimestampedValues.OfFlushed(newObject, newObjectTimestamp, newValue, timestamped ? _deserializeTimestamped : null, _valueFrom);
            listener(new Record<TKey, Change<TValue>>(KeyFrom(key), new Change<TValue>(value, ValueFrom(oldValue)),
                timestamp >= 0 ? timestamp : context.Timestamp, context.Headers));
        }, sendOldValues);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="value"/> with its row's <paramref name="timestamp"/> (a timestamped store; another ignores it).
    /// A null value deletes the row.
    /// </summary>
    public void PutTimestamped(TKey key, TValue? value, long timestamp)
    {
        if (!timestamped || value is null) Put(key, value);
        else if (inner is CachingKeyValueStore caching) caching.PutObject(KeyBytes(key), value, _serializeTimestamped, timestamp);
        else inner.Put(KeyBytes(key), _serializeTimestamped(value, timestamp));
    }

    /// <summary>The value of <paramref name="key"/> and its row's timestamp (<see cref="TimestampedValues.NoTimestamp"/> in a store without them).</summary>
    public bool TryGetTimestamped(TKey key, out ValueAndTimestamp<TValue> value)
    {
        if (!timestamped)
        {
            var found = TryGet(key, out var plain);
            value = new ValueAndTimestamp<TValue>(plain, TimestampedValues.NoTimestamp);
            return found;
        }
        if (inner is CachingKeyValueStore caching) return caching.TryGetStamped(KeyBytes(key), _deserializeTimestamped, out value);
        var bytes = inner.Get(KeyBytes(key));
        value = bytes is null ? default : _deserializeTimestamped(bytes);
        return bytes is not null;
    }

    public TValue? Get(TKey key) => TryGet(key, out var value) ? value : default;

    public bool TryGet(TKey key, out TValue value)
    {
        if (inner is CachingKeyValueStore caching) return caching.TryGetObject(KeyBytes(key), _deserialize, out value);
        var bytes = inner.Get(KeyBytes(key));
        value = bytes is null ? default! : ValueFrom(bytes)!;
        return bytes is not null;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) => Typed(inner.Range(KeyBytes(from), KeyBytes(to)));

    /// <summary>Entries from <paramref name="from"/> to <paramref name="to"/> (both inclusive) with their rows' timestamps; every entry when both are absent.</summary>
    public IEnumerable<KeyValuePair<TKey, ValueAndTimestamp<TValue>>> RangeTimestamped(TKey? from, TKey? to, bool all)
    {
        foreach (var (k, v) in all ? inner.All() : inner.Range(KeyBytes(from!), KeyBytes(to!)))
            yield return new(KeyFrom(k), timestamped ? _deserializeTimestamped(v) : new ValueAndTimestamp<TValue>(ValueFrom(v)!, TimestampedValues.NoTimestamp));
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Typed(inner.All());

    /// <summary>Writes <paramref name="value"/>; in a timestamped store, with the writing record's timestamp.</summary>
    public void Put(TKey key, TValue? value)
    {
        if (timestamped && value is not null) PutTimestamped(key, value, WriterTimestamp);
        else if (inner is CachingKeyValueStore caching) caching.PutObject(KeyBytes(key), value, _serializeObject);
        else inner.Put(KeyBytes(key), ValueBytes(value));
    }

    public TValue? PutIfAbsent(TKey key, TValue value) =>
        ValueFrom(inner.PutIfAbsent(KeyBytes(key), timestamped ? _serializeTimestamped(value!, WriterTimestamp) : ValueBytes(value)!));

    /// <summary>The timestamp of the record being processed (or punctuated), which a plain write gives its row.</summary>
    private long WriterTimestamp => _task?.CurrentTimestamp ?? TimestampedValues.NoTimestamp;

    public void PutAll(IEnumerable<KeyValuePair<TKey, TValue?>> entries)
    {
        foreach (var (k, v) in entries) Put(k, v);
    }

    public TValue? Delete(TKey key) => ValueFrom(inner.Delete(KeyBytes(key)));

    public void Flush() => inner.Flush();

    public void FlushCache() => (inner as ICachedStateStore)?.FlushCache();

    public void Close() => inner.Close();

    internal Bytes KeyBytes(TKey key) => _keys.Encode(key);

    internal TKey KeyFrom(Bytes key) => _keys.Decode(key);

    private byte[]? ValueBytes(TValue? value) => _valueSerde.Serialize(value, _valueContext);

    private TValue? ValueFrom(byte[]? bytes) => _valueSerde.Deserialize(bytes, _valueContext);

    private IEnumerable<KeyValuePair<TKey, TValue>> Typed(IEnumerable<KeyValuePair<Bytes, byte[]>> entries)
    {
        foreach (var (k, v) in entries) yield return new(KeyFrom(k), ValueFrom(v)!);
    }
}
