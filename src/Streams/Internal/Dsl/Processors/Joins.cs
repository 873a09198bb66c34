using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Stream–table join: each stream record meets the table's value for its key: the current one, or, when the table is
/// versioned, the one valid at the record's timestamp (KIP-914). With a grace period (KIP-923) records first wait in
/// <paramref name="buffer"/> until stream time has passed their timestamp by the grace period, then join in timestamp
/// order; a record already older than that joins at once. Inner joins drop records with no table value; left joins pass
/// default. A null value is dropped; a null key is dropped by the inner join and joined at once with no table value by the
/// left join (KIP-962).
/// </summary>
internal sealed class KStreamTableJoin<TKey, TValue, TTable, TValueOut>(ValueGetterSupplier<TKey, TTable> table,
    Func<TValue, TTable?, bool, TValueOut?> joiner, bool left, StreamTableJoinBuffer<TKey, TValue>? buffer = null)
    : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;
    private ValueGetter<TKey, TTable> _getter = null!;
    private VersionedValueGetter<TKey, TTable>? _asOf;

    public void Init(IProcessorContext<TKey, TValueOut> context)
    {
        _context = context;
        _getter = table.Get(context);
        if (table.IsVersioned) _asOf = table.GetAsOf(context);
        buffer?.Init(context);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Value is null || (record.Key is null && !left))
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        if (buffer is null || record.Key is null)
        {
            Join(record);
            return;
        }
        if (!buffer.Put(record)) Join(record);
        buffer.EvictExpired(Join);
    }

    private void Join(Record<TKey, TValue> record)
    {
        TTable? tableValue = default;
        var found = record.Key is not null && (_asOf is not null ? _asOf(record.Key, record.Timestamp, out tableValue) : _getter(record.Key, out tableValue, out _));
        if (!found && !left) return;
        _context.Forward(record.WithValue(joiner(record.Value, tableValue, found)!));
    }
}

/// <summary>
/// Stream–global-table join: the row is chosen by a key selector, from the global store. A null value, or a key selector
/// that returns null, drops the record, for the left join too.
/// </summary>
internal sealed class KStreamGlobalTableJoin<TKey, TValue, TGlobalKey, TGlobalValue, TValueOut>(string storeName,
    Func<TKey, TValue, TGlobalKey> keySelector, Func<TValue, TGlobalValue?, bool, TValueOut?> joiner, bool left)
    : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;
    private IKeyValueStore<TGlobalKey, TGlobalValue> _store = null!;

    public void Init(IProcessorContext<TKey, TValueOut> context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<TGlobalKey, TGlobalValue>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Value is null)
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        var globalKey = keySelector(record.Key, record.Value);
        if (globalKey is null)
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        TGlobalValue? row = default;
        var found = _store.TryGet(globalKey, out row!);
        if (!found && !left) return;
        _context.Forward(record.WithValue(joiner(record.Value, row, found)!));
    }
}
