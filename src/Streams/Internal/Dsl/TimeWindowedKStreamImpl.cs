using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>A stream grouped by key and tumbling or hopping window.</summary>
internal sealed class TimeWindowedKStreamImpl<TKey, TValue>(InternalStreamsBuilder builder, Func<string, string> sourceFor, Serde<TKey>? keySerde,
    Serde<TValue>? valueSerde, TimeWindows windows, bool emitOnClose = false) : WindowedAggregations<TKey, TValue>(valueSerde)
{
    public override ITimeWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new TimeWindowedKStreamImpl<TKey, TValue>(builder, sourceFor, keySerde, ValueSerde, windows, strategy.OnClose);
    }

    protected override KTableImpl<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(string prefix, Func<TKey, TValue, TAggregate?, bool, TAggregate> fold,
        Materialized<TKey, TAggregate>? materialized, Serde<TAggregate>? defaultValueSerde, Named? named)
        where TAggregate : default
    {
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(prefix);
        m = m with { KeySerde = m.KeySerde ?? keySerde, ValueSerde = m.ValueSerde ?? defaultValueSerde };
        var source = sourceFor(storeName);
        var name = named?.Name ?? builder.NewName(prefix);
        builder.AddProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>(name,
            () => new KStreamWindowAggregate<TKey, TValue, TAggregate>(storeName, windows, fold, emitOnClose), source);
        builder.Topology.AddStateStore(StoreBuilders.Window(m, storeName, windows.SizeMs, windows.GraceMs), false, name);
        var windowedKeySerde = m.KeySerde is null ? null : WindowedSerdes.TimeWindowed(m.KeySerde, windows.SizeMs);
        return new KTableImpl<Windowed<TKey>, TAggregate>(builder, name, windowedKeySerde, m.ValueSerde, storeName, null,
            SuppressFinal<TAggregate>(builder, windows.GraceMs));
    }

    /// <summary>How a windowed table suppresses to final results: a suppress node after the table's node.</summary>
    internal static Func<KTableImpl<Windowed<TKey>, TAggregate>, IKTable<Windowed<TKey>, TAggregate>> SuppressFinal<TAggregate>(
        InternalStreamsBuilder builder, long graceMs) => table =>
    {
        var name = builder.NewName("KTABLE-SUPPRESS-");
        builder.AddProcessor<Windowed<TKey>, Change<TAggregate>, Windowed<TKey>, Change<TAggregate>>(name,
            () => new KTableSuppressFinal<TKey, TAggregate>(graceMs), table.NodeName);
        return table.With(name, null);
    };
}
