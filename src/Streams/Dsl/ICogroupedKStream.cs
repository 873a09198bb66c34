namespace Pulse.Streams.Dsl;

/// <summary>
/// Several grouped streams folded into one aggregate per key (Kafka's <c>cogroup</c>): each stream brings its own aggregator,
/// all share one store and one initializer, and the result is one table. The streams must be co-partitioned (a stream whose
/// key may have changed is repartitioned first).
/// </summary>
public interface ICogroupedKStream<TKey, TAggregate>
{
    /// <summary>Adds another grouped stream, folded into the same aggregates by <paramref name="aggregator"/>.</summary>
    ICogroupedKStream<TKey, TAggregate> Cogroup<TValue>(IKGroupedStream<TKey, TValue> groupedStream, Func<TKey, TValue, TAggregate, TAggregate> aggregator);

    /// <summary>Folds every stream's records into one aggregate per key, starting from <paramref name="initializer"/>.</summary>
    IKTable<TKey, TAggregate> Aggregate(Func<TAggregate> initializer, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);

    /// <summary>Folds every stream's records into one aggregate per key and tumbling or hopping window.</summary>
    ITimeWindowedCogroupedKStream<TKey, TAggregate> WindowedBy(TimeWindows windows);
}

/// <summary>Cogrouped streams windowed by time, ready to aggregate.</summary>
public interface ITimeWindowedCogroupedKStream<TKey, TAggregate>
{
    /// <summary>Folds every stream's records into one aggregate per key and window, starting from <paramref name="initializer"/>.</summary>
    IKTable<Windowed<TKey>, TAggregate> Aggregate(Func<TAggregate> initializer, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);
}
