using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// Count, Reduce and Aggregate as one fold each: (key, value, previous aggregate, whether there
/// was one) → new aggregate, shared by the plain, time-windowed and sliding-windowed aggregations.
/// </summary>
internal static class Folds
{
    public static long Count<TKey, TValue>(TKey key, TValue value, long previous, bool had) => had ? previous + 1 : 1;

    public static Func<TKey, TValue, TValue?, bool, TValue> Reduce<TKey, TValue>(Func<TValue, TValue, TValue> reducer) =>
        (_, v, old, had) => had ? reducer(old!, v) : v;

    public static Func<TKey, TValue, TAggregate?, bool, TAggregate> Aggregate<TKey, TValue, TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator) =>
        (k, v, old, had) => aggregator(k, v, had ? old! : initializer());
}

/// <summary>The public Count/Reduce/Aggregate of windowed streams, over one aggregation each kind of window implements.</summary>
internal abstract class WindowedAggregations<TKey, TValue>(Serde<TValue>? valueSerde) : ITimeWindowedKStream<TKey, TValue>
{
    public abstract ITimeWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy strategy);

    protected Serde<TValue>? ValueSerde => valueSerde;

    public IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null) =>
        Aggregate<long>("KSTREAM-AGGREGATE-", Folds.Count, materialized, Serdes.Int64, named);

    public IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null, Named? named = null) =>
        Aggregate("KSTREAM-REDUCE-", Folds.Reduce<TKey, TValue>(reducer), materialized, valueSerde, named);

    public IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator,
        Materialized<TKey, TAggregate>? materialized = null, Named? named = null) =>
        Aggregate("KSTREAM-AGGREGATE-", Folds.Aggregate(initializer, aggregator), materialized, null, named);

    /// <summary>Adds the aggregation node and its stores; <paramref name="prefix"/> names what is generated.</summary>
    protected abstract KTableImpl<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(string prefix, Func<TKey, TValue, TAggregate?, bool, TAggregate> fold,
        Materialized<TKey, TAggregate>? materialized, Serde<TAggregate>? defaultValueSerde, Named? named);
}
