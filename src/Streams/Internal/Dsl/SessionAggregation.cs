namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// A session aggregation as Kafka runs one: start from <see cref="Initializer"/> (Reduce has none),
/// combine in the aggregate of every session the record merges with <see cref="Merger"/>, then fold
/// the record in with <see cref="Fold"/> (key, value, aggregate so far, whether there is one).
/// </summary>
internal sealed record SessionAggregation<TKey, TValue, TAggregate>(Func<TAggregate>? Initializer,
    Func<TKey, TValue, TAggregate?, bool, TAggregate> Fold, Func<TKey, TAggregate, TAggregate, TAggregate> Merger);

/// <summary>Count, Reduce and Aggregate as session aggregations, with Kafka's mergers.</summary>
internal static class SessionAggregations
{
    /// <summary>Counts from 0; merged sessions' counts add up.</summary>
    public static SessionAggregation<TKey, TValue, long> Count<TKey, TValue>() => new(() => 0L, Folds.Count, (_, a, b) => a + b);

    /// <summary>No initial value: the first value, or the first merged session's aggregate, starts it; merged sessions are reduced together.</summary>
    public static SessionAggregation<TKey, TValue, TValue> Reduce<TKey, TValue>(Func<TValue, TValue, TValue> reducer) =>
        new(null, Folds.Reduce<TKey, TValue>(reducer), (_, a, b) => reducer(a, b));

    /// <summary>The user's initializer, aggregator and merger.</summary>
    public static SessionAggregation<TKey, TValue, TAggregate> Aggregate<TKey, TValue, TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator, Func<TKey, TAggregate, TAggregate, TAggregate> merger) =>
        new(initializer, Folds.Aggregate(initializer, aggregator), merger);
}
