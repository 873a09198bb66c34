namespace Pulse.Streams.Dsl;

/// <summary>
/// A table regrouped by a new key (<see cref="IKTable{TKey, TValue}.GroupBy{TKeyOut, TValueOut}"/>), ready to aggregate. A row
/// that changes moves between groups: its old value is taken out of its old group (the subtractor) and its new value added
/// to its new group (the adder), so every aggregate stays the fold of the rows now in its group.
/// </summary>
public interface IKGroupedTable<TKey, TValue>
{
    /// <summary>Counts the rows in each group.</summary>
    IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null);

    /// <summary>Combines each group's values: <paramref name="adder"/> (aggregate, value) as rows arrive, <paramref name="subtractor"/> (aggregate, value) as they leave.</summary>
    IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> adder, Func<TValue, TValue, TValue> subtractor,
        Materialized<TKey, TValue>? materialized = null, Named? named = null);

    /// <summary>
    /// Folds each group's values into an aggregate, starting from <paramref name="initializer"/>: <paramref name="adder"/> as rows
    /// arrive, <paramref name="subtractor"/> as they leave (the old value first, when a row changes within its group).
    /// </summary>
    IKTable<TKey, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> adder,
        Func<TKey, TValue, TAggregate, TAggregate> subtractor, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);
}
