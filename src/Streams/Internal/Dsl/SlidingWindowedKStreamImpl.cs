using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A stream grouped by key and sliding window: one timestamped window store (windows of the time difference) keeps each
/// window's aggregate and its largest record timestamp, as Kafka's.
/// </summary>
internal sealed class SlidingWindowedKStreamImpl<TKey, TValue>(InternalStreamsBuilder builder, Func<string, string> sourceFor, Serde<TKey>? keySerde,
    Serde<TValue>? valueSerde, SlidingWindows windows, bool emitOnClose = false) : WindowedAggregations<TKey, TValue>(valueSerde)
{
    public override ITimeWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new SlidingWindowedKStreamImpl<TKey, TValue>(builder, sourceFor, keySerde, ValueSerde, windows, strategy.OnClose);
    }

    protected override KTableImpl<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(string prefix, Func<TKey, TValue, TAggregate?, bool, TAggregate> fold,
        Materialized<TKey, TAggregate>? materialized, Serde<TAggregate>? defaultValueSerde, Named? named)
        where TAggregate : default
    {
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(prefix);
        m = m with { KeySerde = m.KeySerde ?? keySerde, ValueSerde = m.ValueSerde ?? defaultValueSerde };
        var aggregateStore = StoreBuilders.SlidingWindow(m, storeName, windows);
        var source = sourceFor(storeName);
        var name = named?.Name ?? builder.NewName(prefix);
        builder.AddProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>(name,
            () => new KStreamSlidingWindowAggregate<TKey, TValue, TAggregate>(storeName, windows, fold, emitOnClose), source);
        builder.Topology.AddStateStore(aggregateStore, false, name);
        var windowedKeySerde = m.KeySerde is null ? null : WindowedSerdes.TimeWindowed(m.KeySerde, windows.TimeDifferenceMs);
        // A sliding window's end is inclusive: it takes records until stream time passes end + grace, so its final
        // result is due one ms later than a tumbling window's (Kafka suppresses at end + grace and may emit twice).
        return new KTableImpl<Windowed<TKey>, TAggregate>(builder, name, windowedKeySerde, m.ValueSerde, storeName, null,
            TimeWindowedKStreamImpl<TKey, TValue>.Closing(m.KeySerde, windows.TimeDifferenceMs, windows.GraceMs + 1));
    }
}
