using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// Looks up a table's current value for a key, from inside a task, with its row's timestamp (-1 where the table's store keeps
/// none: a global table's, or a custom one's).
/// </summary>
internal delegate bool ValueGetter<TKey, TValue>(TKey key, out TValue? value, out long timestamp);

/// <summary>Looks up the value a versioned table held for a key at a time, from inside a task.</summary>
internal delegate bool VersionedValueGetter<TKey, TValue>(TKey key, long asOfTimestamp, out TValue? value);

/// <summary>
/// How a processor reads a table: the stores it must be connected to, and a factory of the
/// lookup, called once per task at Init. A versioned table (one kept in a versioned store, or derived
/// row by row from one without a store of its own) also answers lookups as of a time.
/// </summary>
internal sealed class ValueGetterSupplier<TKey, TValue>(IReadOnlyList<string> storeNames, Func<IProcessingContext, ValueGetter<TKey, TValue>> factory,
    Func<IProcessingContext, VersionedValueGetter<TKey, TValue>>? asOfFactory = null, long historyRetentionMs = 0)
{
    public IReadOnlyList<string> StoreNames { get; } = storeNames;

    /// <summary>True when the table answers lookups as of a time (<see cref="GetAsOf"/>).</summary>
    public bool IsVersioned => asOfFactory is not null;

    /// <summary>For a versioned table, how far back in stream time (ms) its store keeps old values.</summary>
    public long HistoryRetentionMs => historyRetentionMs;

    public ValueGetter<TKey, TValue> Get(IProcessingContext context) => factory(context);

    /// <summary>The lookup as of a time; only for a versioned table.</summary>
    public VersionedValueGetter<TKey, TValue> GetAsOf(IProcessingContext context) =>
        (asOfFactory ?? throw new InvalidOperationException("The table is not versioned."))(context);

    /// <summary>A getter over a table derived row by row from this one (versioned when this one is).</summary>
    public ValueGetterSupplier<TKey, TOut> Then<TOut>(Func<TKey, TValue, (bool Keep, TOut? Value)> derive) =>
        new(StoreNames, context =>
        {
            var parent = Get(context);
            return (TKey key, out TOut? value, out long timestamp) =>
            {
                value = default;
                if (!parent(key, out var v, out timestamp) || v is null) return false;
                (var keep, value) = derive(key, v);
                return keep;
            };
        }, asOfFactory is null ? null : context =>
        {
            var parent = GetAsOf(context);
            return (TKey key, long asOf, out TOut? value) =>
            {
                value = default;
                if (!parent(key, asOf, out var v) || v is null) return false;
                (var keep, value) = derive(key, v);
                return keep;
            };
        }, historyRetentionMs);
}
