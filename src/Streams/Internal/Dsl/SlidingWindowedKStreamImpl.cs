using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A stream grouped by key and sliding window. Each aggregation keeps two window stores written in
/// step: the aggregates (the queryable store, windows of the time difference) and, in
/// <c>&lt;store&gt;-timestamps</c>, each window's largest record timestamp, which Kafka keeps beside the
/// value in a timestamped store.
/// </summary>
internal sealed class SlidingWindowedKStreamImpl<TKey, TValue>(InternalStreamsBuilder builder, Func<string, string> sourceFor, Serde<TKey>? keySerde,
    Serde<TValue>? valueSerde, SlidingWindows windows) : WindowedAggregations<TKey, TValue>(valueSerde)
{
    protected override KTableImpl<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(string prefix, Func<TKey, TValue, TAggregate?, bool, TAggregate> fold,
        Materialized<TKey, TAggregate>? materialized, Serde<TAggregate>? defaultValueSerde, Named? named)
        where TAggregate : default
    {
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(prefix);
        var timestampStoreName = $"{storeName}-timestamps";
        m = m with { KeySerde = m.KeySerde ?? keySerde, ValueSerde = m.ValueSerde ?? defaultValueSerde };
        var aggregateStore = StoreBuilders.SlidingWindow(m, storeName, windows);
        var timestampStore = StoreBuilders.SlidingWindow(TimestampsLike(m, timestampStoreName), timestampStoreName, windows);
        var source = sourceFor(storeName);
        var name = named?.Name ?? builder.NewName(prefix);
        builder.AddProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>(name,
            () => new KStreamSlidingWindowAggregate<TKey, TValue, TAggregate>(storeName, timestampStoreName, windows, fold), source);
        builder.Topology.AddStateStore(aggregateStore, false, name);
        builder.Topology.AddStateStore(timestampStore, false, name);
        var windowedKeySerde = m.KeySerde is null ? null : WindowedSerdes.TimeWindowed(m.KeySerde, windows.TimeDifferenceMs);
        // A sliding window's end is inclusive: it takes records until stream time passes end + grace, so its final
        // result is due one ms later than a tumbling window's (Kafka suppresses at end + grace and may emit twice).
        return new KTableImpl<Windowed<TKey>, TAggregate>(builder, name, windowedKeySerde, m.ValueSerde, storeName, null,
            TimeWindowedKStreamImpl<TKey, TValue>.Closing(m.KeySerde, windows.TimeDifferenceMs, windows.GraceMs + 1));
    }

    /// <summary>The timestamp store's settings: the aggregate store's type, caching, logging and retention, with 64-bit values.</summary>
    private static Materialized<TKey, long> TimestampsLike<TAggregate>(Materialized<TKey, TAggregate> m, string name) => new()
    {
        StoreName = name,
        KeySerde = m.KeySerde,
        ValueSerde = Serdes.Int64,
        StoreType = m.StoreType,
        CachingEnabled = m.CachingEnabled,
        LoggingEnabled = m.LoggingEnabled,
        LogConfig = m.LogConfig,
        Retention = m.Retention,
    };
}
