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

    /// <summary>Keeps rows satisfying <paramref name="predicate"/>, in a store of their own when <paramref name="materialized"/> names one (then queryable).</summary>
    IKTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Materialized<TKey, TValue> materialized, Named? named = null);

    /// <summary>Drops rows satisfying <paramref name="predicate"/>, keeping the rest in a store of their own when <paramref name="materialized"/> names one.</summary>
    IKTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Materialized<TKey, TValue> materialized, Named? named = null);

    /// <summary>Maps each row's value, seeing the key, into a store of its own when <paramref name="materialized"/> names one (then queryable).</summary>
    IKTable<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Materialized<TKey, TValueOut> materialized, Named? named = null);

    /// <summary>
    /// Transforms each row's value with a transformer that can read state stores (<paramref name="stateStoreNames"/>, added to the
    /// builder beforehand), as Kafka's <c>KTable.transformValues</c>: the transformer sees every update's key and new value (null for
    /// a delete) and its result is the row (null deletes it). Node <c>KTABLE-TRANSFORMVALUES-</c>.
    /// </summary>
    IKTable<TKey, TValueOut> TransformValues<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> transformerSupplier,
        params string[] stateStoreNames);

    /// <summary>As <see cref="TransformValues{TValueOut}(Func{IValueTransformerWithKey{TKey, TValue, TValueOut}}, string[])"/>, with a node name.</summary>
    IKTable<TKey, TValueOut> TransformValues<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> transformerSupplier,
        Named named, params string[] stateStoreNames);

    /// <summary>
    /// As <see cref="TransformValues{TValueOut}(Func{IValueTransformerWithKey{TKey, TValue, TValueOut}}, string[])"/>, the results kept
    /// in a store of their own when <paramref name="materialized"/> names one (then queryable).
    /// </summary>
    IKTable<TKey, TValueOut> TransformValues<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> transformerSupplier,
        Materialized<TKey, TValueOut> materialized, params string[] stateStoreNames);

    /// <summary>As the overload with <paramref name="materialized"/>, with a node name.</summary>
    IKTable<TKey, TValueOut> TransformValues<TValueOut>(Func<IValueTransformerWithKey<TKey, TValue, TValueOut>> transformerSupplier,
        Materialized<TKey, TValueOut> materialized, Named named, params string[] stateStoreNames);

    /// <summary>
    /// Inner join with another table on the key: a row is in the result while both tables have one. Either side's update
    /// recomputes the joined row; a delete on either side deletes it. Both tables must be co-partitioned.
    /// </summary>
    IKTable<TKey, TValueOut> Join<TOther, TValueOut>(IKTable<TKey, TOther> other, Func<TValue, TOther, TValueOut> joiner,
        Named? named = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>Left join with another table on the key: a row is in the result while this table has one; the other side may be default.</summary>
    IKTable<TKey, TValueOut> LeftJoin<TOther, TValueOut>(IKTable<TKey, TOther> other, Func<TValue, TOther?, TValueOut> joiner,
        Named? named = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>Outer join with another table on the key: a row is in the result while either table has one; the missing side is default.</summary>
    IKTable<TKey, TValueOut> OuterJoin<TOther, TValueOut>(IKTable<TKey, TOther> other, Func<TValue?, TOther?, TValueOut> joiner,
        Named? named = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>
    /// Inner join on a foreign key (Kafka's KIP-213): each row of this table meets the row of <paramref name="other"/> whose key
    /// <paramref name="foreignKeyExtractor"/> picks from its value; the result is keyed as this table. Either side's update
    /// recomputes the joined rows (an update of the other table, every row referring to it). A row whose foreign key is null,
    /// or refers to no row, has no result. Neither table needs to be co-partitioned with the other: rows travel through a
    /// subscription topic and a response topic.
    /// </summary>
    IKTable<TKey, TValueOut> Join<TForeignKey, TForeignValue, TValueOut>(IKTable<TForeignKey, TForeignValue> other,
        Func<TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue, TValueOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>Inner join on a foreign key picked from the key and value of each row (KIP-1104); otherwise as the other overload.</summary>
    IKTable<TKey, TValueOut> Join<TForeignKey, TForeignValue, TValueOut>(IKTable<TForeignKey, TForeignValue> other,
        Func<TKey, TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue, TValueOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>
    /// Left join on a foreign key: as the inner join, but every row of this table has a result, joined with the default
    /// of <typeparamref name="TForeignValue"/> while its foreign key is null or refers to no row.
    /// </summary>
    IKTable<TKey, TValueOut> LeftJoin<TForeignKey, TForeignValue, TValueOut>(IKTable<TForeignKey, TForeignValue> other,
        Func<TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue?, TValueOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>Left join on a foreign key picked from the key and value of each row (KIP-1104); otherwise as the other overload.</summary>
    IKTable<TKey, TValueOut> LeftJoin<TForeignKey, TForeignValue, TValueOut>(IKTable<TForeignKey, TForeignValue> other,
        Func<TKey, TValue, TForeignKey?> foreignKeyExtractor, Func<TValue, TForeignValue?, TValueOut> joiner,
        TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TValueOut>? materialized = null);

    /// <summary>
    /// Regroups the rows by a new key and value chosen by <paramref name="selector"/> (through a repartition topic), to
    /// aggregate with an adder and a subtractor. A mapping to a null key or value leaves the row out of every group.
    /// </summary>
    IKGroupedTable<TKeyOut, TValueOut> GroupBy<TKeyOut, TValueOut>(Func<TKey, TValue, KeyValue<TKeyOut, TValueOut>> selector,
        Grouped<TKeyOut, TValueOut>? grouped = null);

    /// <summary>The table's updates as a stream (deletes as null values).</summary>
    IKStream<TKey, TValue> ToStream(Named? named = null);

    /// <summary>The table's updates as a stream with a new key.</summary>
    IKStream<TKeyOut, TValue> ToStream<TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector, Named? named = null);

    /// <summary>
    /// Holds back updates in a changelogged buffer: <see cref="Suppressed.UntilWindowCloses()"/> (windowed tables) emits each
    /// window's final result once; <see cref="Suppressed.UntilTimeLimit"/> emits a key's latest value a while after its first update.
    /// The result can be joined when this table can: a lookup of a key that is held back answers with what downstream last saw of it
    /// (the value before its first held-back update), any other key with this table's value, as in Kafka.
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

    /// <summary>Starts a cogroup: this stream's records folded by <paramref name="aggregator"/>, other grouped streams added with <c>Cogroup</c>.</summary>
    ICogroupedKStream<TKey, TAggregate> Cogroup<TAggregate>(Func<TKey, TValue, TAggregate, TAggregate> aggregator);

    /// <summary>Aggregates per session: records of a key closer than the inactivity gap.</summary>
    ISessionWindowedKStream<TKey, TValue> WindowedBy(SessionWindows windows);
}

/// <summary>Records grouped by key and time window, ready to aggregate.</summary>
public interface ITimeWindowedKStream<TKey, TValue>
{
    /// <summary>When results are emitted: on every update (default) or once per window, when it closes (<see cref="Dsl.EmitStrategy.OnWindowClose"/>).</summary>
    ITimeWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy strategy);

    /// <summary>Counts records per key and window.</summary>
    IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null);

    /// <summary>Combines the values per key and window.</summary>
    IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null, Named? named = null);

    /// <summary>Folds the values per key and window into an aggregate.</summary>
    IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);
}
