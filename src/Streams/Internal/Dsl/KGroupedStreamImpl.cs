using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>A grouped stream; repartitions (named after the grouping or the store) before aggregating when its key may have changed.</summary>
internal sealed class KGroupedStreamImpl<TKey, TValue>(InternalStreamsBuilder builder, string nodeName, Serde<TKey>? keySerde,
    Serde<TValue>? valueSerde, string? groupedName, bool repartitionRequired) : IKGroupedStream<TKey, TValue>
{
    public IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null) =>
        Aggregate<long>("KSTREAM-AGGREGATE-", Folds.Count, materialized, Serdes.Int64, named);

    public IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null, Named? named = null) =>
        Aggregate("KSTREAM-REDUCE-", Folds.Reduce<TKey, TValue>(reducer), materialized, valueSerde, named);

    public IKTable<TKey, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator,
        Materialized<TKey, TAggregate>? materialized = null, Named? named = null) =>
        Aggregate("KSTREAM-AGGREGATE-", Folds.Aggregate(initializer, aggregator), materialized, null, named);

    public ITimeWindowedKStream<TKey, TValue> WindowedBy(TimeWindows windows) =>
        new TimeWindowedKStreamImpl<TKey, TValue>(builder, SourceForAggregation, keySerde, valueSerde, windows);

    public ITimeWindowedKStream<TKey, TValue> WindowedBy(SlidingWindows windows) =>
        new SlidingWindowedKStreamImpl<TKey, TValue>(builder, SourceForAggregation, keySerde, valueSerde, windows);

    public Serde<TKey>? KeySerde => keySerde;

    public ICogroupedKStream<TKey, TAggregate> Cogroup<TAggregate>(Func<TKey, TValue, TAggregate, TAggregate> aggregator)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        return new CogroupedKStreamImpl<TKey, TAggregate>(builder, [CogroupPart<TKey, TAggregate>.Of(this, aggregator)]);
    }

    public ISessionWindowedKStream<TKey, TValue> WindowedBy(SessionWindows windows) =>
        new SessionWindowedKStreamImpl<TKey, TValue>(builder, SourceForAggregation, keySerde, valueSerde, windows);

    /// <summary>The node to aggregate from, given the aggregation's store name: repartitioned first when needed.</summary>
    public string SourceForAggregation(string storeName) =>
        repartitionRequired ? builder.Repartition(nodeName, groupedName ?? storeName, keySerde, valueSerde) : nodeName;

    private KTableImpl<TKey, TAggregate> Aggregate<TAggregate>(string prefix, Func<TKey, TValue, TAggregate?, bool, TAggregate> fold,
        Materialized<TKey, TAggregate>? materialized, Serde<TAggregate>? defaultValueSerde, Named? named)
    {
        var m = materialized ?? new Materialized<TKey, TAggregate>();
        var storeName = m.StoreName ?? builder.NewStoreName(prefix);
        m = m with { KeySerde = m.KeySerde ?? keySerde, ValueSerde = m.ValueSerde ?? defaultValueSerde };
        var name = named?.Name ?? builder.NewName(prefix); // drawn before the repartition's names, as in Kafka
        var source = SourceForAggregation(storeName);
        var oldValues = new OldValues();
        builder.AddProcessor<TKey, TValue, TKey, Change<TAggregate>>(name, () => new KStreamAggregate<TKey, TValue, TAggregate>(storeName, fold, oldValues.Enabled), source);
        builder.Topology.AddStateStore(StoreBuilders.KeyValue(m, storeName), false, name);
        return new KTableImpl<TKey, TAggregate>(builder, name, m.KeySerde, m.ValueSerde, storeName, () => KTableImpl<TKey, TAggregate>.StoreGetter(storeName),
            oldValues: oldValues);
    }
}
