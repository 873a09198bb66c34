namespace Pulse.Streams.Dsl;

/// <summary>
/// Records grouped by key and session, ready to aggregate, as Kafka's <c>SessionWindowedKStream</c>.
/// The resulting table is keyed by key and session; when a record merges sessions, each merged
/// session is deleted from it (a null value) before the merged one is written.
/// </summary>
public interface ISessionWindowedKStream<TKey, TValue>
{
    /// <summary>
    /// Counts records per key and session. A count cannot be null, so a merged session's delete reaches
    /// <see cref="IKTable{TKey, TValue}.ToStream(Named?)"/> as 0 rather than as a tombstone (suppression drops it).
    /// </summary>
    IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null);

    /// <summary>Combines the values per key and session with <paramref name="reducer"/> (aggregate, value); merged sessions are combined with it too.</summary>
    IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null, Named? named = null);

    /// <summary>
    /// Folds the values per key and session into an aggregate, starting from <paramref name="initializer"/>;
    /// <paramref name="sessionMerger"/> (key, aggregate, aggregate) combines the aggregates of sessions a record merges, as Kafka's <c>Merger</c>.
    /// </summary>
    IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator,
        Func<TKey, TAggregate, TAggregate, TAggregate> sessionMerger, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);
}
