using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// A timestamped key-value store read with its rows' timestamps (Kafka's <c>TimestampedKeyValueStore</c> as the test driver
/// hands it out): on the task's thread, through the cache.
/// </summary>
internal sealed class TimestampedKeyValueView<TKey, TValue>(MeteredKeyValueStore<TKey, TValue> store) : IReadOnlyKeyValueStore<TKey, ValueAndTimestamp<TValue>>
{
    public long ApproximateNumEntries => store.ApproximateNumEntries;

    public ValueAndTimestamp<TValue> Get(TKey key) => store.TryGetTimestamped(key, out var value) ? value : default;

    public bool TryGet(TKey key, out ValueAndTimestamp<TValue> value) => store.TryGetTimestamped(key, out value);

    public IEnumerable<KeyValuePair<TKey, ValueAndTimestamp<TValue>>> Range(TKey from, TKey to) => store.RangeTimestamped(from, to, all: false);

    public IEnumerable<KeyValuePair<TKey, ValueAndTimestamp<TValue>>> All() => store.RangeTimestamped(default, default, all: true);
}
