using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Stream–table join: each stream record meets the table's current value for its key. Inner
/// joins drop records with no table value; left joins pass default. A null value is dropped; a null
/// key is dropped by the inner join and joined with no table value by the left join (KIP-962).
/// </summary>
internal sealed class KStreamTableJoin<TKey, TValue, TTable, TValueOut>(ValueGetterSupplier<TKey, TTable> table,
    Func<TValue, TTable?, bool, TValueOut?> joiner, bool left) : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;
    private ValueGetter<TKey, TTable> _getter = null!;

    public void Init(IProcessorContext<TKey, TValueOut> context)
    {
        _context = context;
        _getter = table.Get(context);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Value is null || (record.Key is null && !left))
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        TTable? tableValue = default;
        var found = record.Key is not null && _getter(record.Key, out tableValue);
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
