using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A regrouped table: its select node's changes go through the repartition topic <c>&lt;grouping or store&gt;-repartition</c> (sink
/// <c>KSTREAM-SINK-</c>, source <c>KSTREAM-SOURCE-</c>, or <c>&lt;name&gt;-sink</c>/<c>-source</c> when the aggregation is named) to the
/// aggregation node, as Kafka builds it.
/// </summary>
internal sealed class KGroupedTableImpl<TKey, TValue>(InternalStreamsBuilder builder, string selectNode, Serde<TKey>? keySerde,
    Serde<TValue>? valueSerde, string? groupedName) : IKGroupedTable<TKey, TValue>
{
    public IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null) =>
        Aggregate("KTABLE-AGGREGATE-", (_, _, agg, had) => had ? agg + 1 : 1, (_, _, agg) => agg - 1, materialized, Serdes.Int64, named);

    public IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> adder, Func<TValue, TValue, TValue> subtractor,
        Materialized<TKey, TValue>? materialized = null, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(adder);
        ArgumentNullException.ThrowIfNull(subtractor);
        return Aggregate<TValue>("KTABLE-REDUCE-", (_, v, agg, had) => had ? adder(agg!, v) : v, (_, v, agg) => subtractor(agg, v), materialized, valueSerde, named);
    }

    public IKTable<TKey, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> adder,
        Func<TKey, TValue, TAggregate, TAggregate> subtractor, Materialized<TKey, TAggregate>? materialized = null, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(adder);
        ArgumentNullException.ThrowIfNull(subtractor);
        return Aggregate<TAggregate>("KTABLE-AGGREGATE-", (k, v, agg, had) => adder(k, v, had ? agg! : initializer()), (k, v, agg) => subtractor(k, v, agg),
            materialized, null, named);
    }

    private KTableImpl<TKey, TAggregate> Aggregate<TAggregate>(string prefix, Func<TKey, TValue, TAggregate?, bool, TAggregate?> adder,
        Func<TKey, TValue, TAggregate, TAggregate?> subtractor, Materialized<TKey, TAggregate>? materialized, Serde<TAggregate>? defaultValueSerde, Named? named)
    {
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(prefix);
        m = m with { KeySerde = m.KeySerde ?? keySerde, ValueSerde = m.ValueSerde ?? defaultValueSerde };
        var sink = named is null ? builder.NewName("KSTREAM-SINK-") : named.Name + "-sink";
        var source = named is null ? builder.NewName("KSTREAM-SOURCE-") : named.Name + "-source";
        var name = named?.Name ?? builder.NewName(prefix);
        var topic = (groupedName ?? storeName) + TopicNames.RepartitionSuffix;
        var changes = valueSerde is null ? null : ChangeSerde.Of(valueSerde);
        builder.Topology.AddInternalTopic(topic, null);
        builder.AddSink<TKey, Change<TValue>>(sink, topic, keySerde, changes, null, selectNode);
        builder.AddSource<TKey, Change<TValue>>(source, [topic], keySerde, changes);
        var old = new OldValues();
        builder.AddProcessor<TKey, Change<TValue>, TKey, Change<TAggregate>>(name,
            () => new KTableAggregate<TKey, TValue, TAggregate>(storeName, adder, subtractor, old.Enabled), source);
        builder.Topology.AddStateStore(StoreBuilders.KeyValue(m, storeName), false, name);
        return new KTableImpl<TKey, TAggregate>(builder, name, m.KeySerde, m.ValueSerde, storeName,
            () => KTableImpl<TKey, TAggregate>.StoreGetter(storeName), oldValues: old);
    }
}
