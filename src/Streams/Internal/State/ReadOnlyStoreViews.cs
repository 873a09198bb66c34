using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>A typed store that can hand out read views safe to use from other threads.</summary>
internal interface IQueryableStore : IStateStore
{
    /// <summary>A read-only view of this store for other threads (usable once the store is open).</summary>
    IStateStore ReadOnlyView();

    /// <summary>A composite over the views of the stores <paramref name="stores"/> returns (same-named stores of this type), asked again on every read.</summary>
    object Composite(Func<IReadOnlyList<IStateStore>> stores);
}

/// <summary>The serdes of a typed store, read when its views need them (they are set when it opens).</summary>
internal interface ITypedStoreSerdes<TKey, TValue>
{
    Serde<TKey> KeySerde { get; }
    Serde<TValue> ValueSerde { get; }
    SerializationContext KeyContext { get; }
    SerializationContext ValueContext { get; }
}

/// <summary>
/// A typed, read-only face of a key-value store for threads that do not own it: reads go to the
/// <see cref="SynchronizedKeyValueStore"/> (below the cache) and are copied under its lock. Holds no
/// mutable state, so one view may serve many threads. Writes throw: global stores are written only
/// by their global task, and queries only read.
/// </summary>
internal sealed class KeyValueReadOnlyView<TKey, TValue>(ITypedStoreSerdes<TKey, TValue> serdes, SynchronizedKeyValueStore store)
    : IKeyValueStore<TKey, TValue>
{
    public string Name => store.Name;
    public bool Persistent => store.Persistent;
    public bool IsOpen => store.IsOpen;
    public long ApproximateNumEntries => store.QueryApproximateNumEntries();

    public TValue? Get(TKey key) => TryGet(key, out var value) ? value : default;

    public bool TryGet(TKey key, out TValue value)
    {
        var bytes = store.QueryGet(Encode(key));
        value = bytes is null ? default! : DecodeValue(bytes);
        return bytes is not null;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) => Decode(RangeRaw(Encode(from), Encode(to)));

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Decode(AllRaw());

    internal byte[]? GetRaw(Bytes key) => store.QueryGet(key);

    internal List<KeyValuePair<Bytes, byte[]>> RangeRaw(Bytes from, Bytes to) => store.QueryRange(from, to);

    internal List<KeyValuePair<Bytes, byte[]>> AllRaw() => store.QueryAll();

    internal Bytes Encode(TKey key) => new(serdes.KeySerde.Serialize(key, serdes.KeyContext)
        ?? throw new ArgumentNullException(nameof(key), $"State store '{Name}' cannot be queried with a null key."));

    internal TKey DecodeKey(Bytes key) => serdes.KeySerde.Deserialize(key.Get(), serdes.KeyContext)!;

    internal TValue DecodeValue(byte[] value) => serdes.ValueSerde.Deserialize(value, serdes.ValueContext)!;

    internal IEnumerable<KeyValuePair<TKey, TValue>> Decode(IEnumerable<KeyValuePair<Bytes, byte[]>> entries)
    {
        foreach (var (k, v) in entries) yield return new(DecodeKey(k), DecodeValue(v));
    }

    public void Put(TKey key, TValue? value) => throw ReadOnly();
    public TValue? PutIfAbsent(TKey key, TValue value) => throw ReadOnly();
    public void PutAll(IEnumerable<KeyValuePair<TKey, TValue?>> entries) => throw ReadOnly();
    public TValue? Delete(TKey key) => throw ReadOnly();

    /// <summary>Nothing to open: the view reads a store its owner opened.</summary>
    public void Init(IStateStoreContext context, IStateStore root) { }

    public void Flush() { }

    /// <summary>Nothing to close: the owner closes the store.</summary>
    public void Close() { }

    private InvalidOperationException ReadOnly() =>
        new($"State store '{Name}' is read-only here: a global store is written only by its global table, and queried stores only by their task.");
}

/// <summary>The window-store counterpart of <see cref="KeyValueReadOnlyView{TKey, TValue}"/>.</summary>
internal sealed class WindowReadOnlyView<TKey, TValue>(ITypedStoreSerdes<TKey, TValue> serdes, SynchronizedWindowStore store)
    : IWindowStore<TKey, TValue>
{
    public string Name => store.Name;
    public bool Persistent => store.Persistent;
    public bool IsOpen => store.IsOpen;

    public TValue? Fetch(TKey key, long windowStart) => store.QueryFetch(Encode(key), windowStart) is { } bytes ? DecodeValue(bytes) : default;

    public IEnumerable<KeyValuePair<long, TValue>> Fetch(TKey key, long timeFrom, long timeTo) =>
        store.QueryFetch(Encode(key), timeFrom, timeTo).Select(kv => new KeyValuePair<long, TValue>(kv.Key, DecodeValue(kv.Value)));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long timeFrom, long timeTo) => Decode(FetchAllRaw(timeFrom, timeTo));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> All() => FetchAll(long.MinValue, long.MaxValue);

    internal byte[]? FetchRaw(Bytes key, long windowStart) => store.QueryFetch(key, windowStart);

    internal List<KeyValuePair<long, byte[]>> FetchRaw(Bytes key, long timeFrom, long timeTo) => store.QueryFetch(key, timeFrom, timeTo);

    internal List<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAllRaw(long timeFrom, long timeTo) => store.QueryFetchAll(timeFrom, timeTo);

    internal Bytes Encode(TKey key) => new(serdes.KeySerde.Serialize(key, serdes.KeyContext)
        ?? throw new ArgumentNullException(nameof(key), $"State store '{Name}' cannot be queried with a null key."));

    internal TValue DecodeValue(byte[] value) => serdes.ValueSerde.Deserialize(value, serdes.ValueContext)!;

    internal IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> Decode(IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> entries)
    {
        foreach (var (w, v) in entries)
            yield return new(new Windowed<TKey>(serdes.KeySerde.Deserialize(w.Key.Get(), serdes.KeyContext)!, w.Window), DecodeValue(v));
    }

    public void Put(TKey key, TValue? value, long windowStart) =>
        throw new InvalidOperationException($"State store '{Name}' is read-only here: queried stores are written only by their task.");

    public void Init(IStateStoreContext context, IStateStore root) { }

    public void Flush() { }

    public void Close() { }
}
