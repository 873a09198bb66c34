using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// One side of a table–table join (Kafka's <c>KTABLE-JOINTHIS-</c> or <c>KTABLE-JOINOTHER-</c>): a change of this side's
/// row meets the other table's current row for the key. <paramref name="otherRequired"/>: nothing is emitted while the other
/// row is missing (inner joins, and the right side of a left join). <paramref name="thisOptional"/>: the joiner is called with a
/// missing row of this side too (the right side of a left join, both sides of an outer join). A change that deletes a row
/// nobody had, with no other row either, emits nothing. Old joined values are computed when <paramref name="sendOldValues"/>.
/// A result's timestamp is the later of the two rows' (the other row's kept in its timestamped store).
/// Records with a null key are dropped.
/// </summary>
internal sealed class KTableKTableJoinSide<TKey, TThis, TOther, TOut>(ValueGetterSupplier<TKey, TOther> other,
    Func<TThis?, TOther?, TOut> joiner, bool otherRequired, bool thisOptional, bool sendOldValues)
    : IProcessor<TKey, Change<TThis>, TKey, Change<TOut>>
{
    private IProcessorContext<TKey, Change<TOut>> _context = null!;
    private ValueGetter<TKey, TOther> _other = null!;

    public void Init(IProcessorContext<TKey, Change<TOut>> context)
    {
        _context = context;
        _other = other.Get(context);
    }

    public void Process(Record<TKey, Change<TThis>> record)
    {
        if (record.Key is null)
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        var found = _other(record.Key, out var otherValue, out var otherTimestamp) && otherValue is not null;
        var (n, o) = (record.Value.NewValue, record.Value.OldValue);
        if (!found && (otherRequired || (n is null && o is null))) return;
        var newValue = n is not null || (thisOptional && found) ? joiner(n, otherValue) : default;
        var oldValue = sendOldValues && (o is not null || (thisOptional && found)) ? joiner(o, otherValue) : default;
        // As Kafka's: a result carries the later of its two rows' timestamps (this change's alone when the other row is missing).
        var timestamp = found ? Math.Max(record.Timestamp, otherTimestamp) : record.Timestamp;
        _context.Forward(record.WithValue(new Change<TOut>(newValue, oldValue)).WithTimestamp(timestamp));
    }
}

/// <summary>A table–table join's merge node (Kafka's <c>KTABLE-MERGE-</c>): both sides' results, kept in a store when materialized.</summary>
internal sealed class KTableKTableJoinMerger<TKey, TValue>(string? storeName, bool sendOldValues) : IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>
{
    private readonly TableResult<TKey, TValue> _result = new(storeName, sendOldValues);

    public void Init(IProcessorContext<TKey, Change<TValue>> context) => _result.Init(context);

    public void Process(Record<TKey, Change<TValue>> record) => _result.Forward(record);
}
