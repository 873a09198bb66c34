namespace Pulse.Streams.Dsl;

/// <summary>A changelog stream seen as a table: the latest value per key; a null value deletes.</summary>
public interface IKTable<TKey, TValue>
{
    /// <summary>The name of the store that holds this table, when it is materialized.</summary>
    string? QueryableStoreName { get; }

    /// <summary>Keeps rows satisfying <paramref name="predicate"/>; others become deletes.</summary>
    IKTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null);

    /// <summary>Drops rows satisfying <paramref name="predicate"/> (they become deletes).</summary>
    IKTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null);

    /// <summary>Maps each row's value.</summary>
    IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null);

    /// <summary>Maps each row's value, seeing the key.</summary>
    IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null);

    /// <summary>The table's updates as a stream (deletes as null values).</summary>
    IKStream<TKey, TValue> ToStream(Named? named = null);

    /// <summary>The table's updates as a stream with a new key.</summary>
    IKStream<TKeyOut, TValue> ToStream<TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector, Named? named = null);

    /// <summary>
    /// Holds back updates in a changelogged buffer: <see cref="Suppressed.UntilWindowCloses()"/> (windowed tables) emits each
    /// window's final result once; <see cref="Suppressed.UntilTimeLimit"/> emits a key's latest value a while after its first update.
    /// </summary>
    IKTable<TKey, TValue> Suppress(Suppressed suppressed);
}

/// <summary>A table replicated in full to every instance, read by key from any task.</summary>
public interface IGlobalKTable<TKey, TValue>
{
    /// <summary>The name of the store that holds the table.</summary>
    string QueryableStoreName { get; }
}

/// <summary>Records grouped by key, ready to aggregate.</summary>
public interface IKGroupedStream<TKey, TValue>
{
    /// <summary>Counts records per key.</summary>
    IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null);

    /// <summary>Combines the values of each key with <paramref name="reducer"/> (aggregate, value).</summary>
    IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null, Named? named = null);

    /// <summary>Folds the values of each key into an aggregate, starting from <paramref name="initializer"/>.</summary>
    IKTable<TKey, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator,
        Materialized<TKey, TAggregate>? materialized = null, Named? named = null);

    /// <summary>Aggregates per time window (tumbling or hopping).</summary>
    ITimeWindowedKStream<TKey, TValue> WindowedBy(TimeWindows windows);

    /// <summary>Aggregates per sliding window.</summary>
    ITimeWindowedKStream<TKey, TValue> WindowedBy(SlidingWindows windows);
}

/// <summary>Records grouped by key and time window, ready to aggregate.</summary>
public interface ITimeWindowedKStream<TKey, TValue>
{
    /// <summary>Counts records per key and window.</summary>
    IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null);

    /// <summary>Combines the values per key and window.</summary>
    IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null, Named? named = null);

    /// <summary>Folds the values per key and window into an aggregate.</summary>
    IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);
}
