using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Turns a topic into table updates: writes each record to the table's store and forwards the
/// change (at once without a cache, on flush with one). Records with a null key are dropped.
/// In a versioned store (KIP-914), a record older than the key's latest value only adds to its history, and one older
/// than the store's history retention is not kept: neither is forwarded.
/// </summary>
internal sealed class KTableSource<TKey, TValue>(string? storeName, bool sendOldValues = false) : IProcessor<TKey, TValue, TKey, Change<TValue>>
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private IKeyValueStore<TKey, TValue>? _store;
    private IVersionedKeyValueStore<TKey, TValue>? _versioned;
    private bool _cached;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        if (storeName is null) return;
        if (context.GetStateStore<IStateStore>(storeName) is IVersionedKeyValueStore<TKey, TValue> versioned)
        {
            _versioned = versioned;
            return;
        }
        _store = context.GetStateStore<IKeyValueStore<TKey, TValue>>(storeName);
        _cached = _store is MeteredKeyValueStore<TKey, TValue> metered && metered.SetFlushListener(context.Forward, sendOldValues);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null)
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        if (_versioned is not null)
        {
            var latest = _versioned.Get(record.Key);
            if (_versioned.Put(record.Key, record.Value, record.Timestamp) != VersionedPutResult.ValidToUndefined) return;
            _context.Forward(record.WithValue(new Change<TValue>(record.Value, latest is null ? default : latest.Value)));
            return;
        }
        if (_store is null)
        {
            _context.Forward(record.WithValue(new Change<TValue>(record.Value, default)));
            return;
        }
        var old = _cached ? default : _store.Get(record.Key);
        if (_store is MeteredKeyValueStore<TKey, TValue> metered) metered.PutTimestamped(record.Key, record.Value, record.Timestamp);
        else _store.Put(record.Key, record.Value);
        if (!_cached) _context.Forward(record.WithValue(new Change<TValue>(record.Value, old)));
    }
}

/// <summary>Table Filter/FilterNot: rows that fail become deletes (old values filtered alike); kept in a store when materialized.</summary>
internal sealed class KTableFilter<TKey, TValue>(Func<TKey, TValue, bool> predicate, bool not, string? storeName = null, bool sendOldValues = false)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>
{
    private readonly TableResult<TKey, TValue> _result = new(storeName, sendOldValues);

    public void Init(IProcessorContext<TKey, Change<TValue>> context) => _result.Init(context);

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var change = record.Value;
        _result.Forward(record.WithValue(new Change<TValue>(Apply(record.Key, change.NewValue), Apply(record.Key, change.OldValue))));
    }

    private TValue? Apply(TKey key, TValue? value) => value is not null && predicate(key, value) != not ? value : default;
}

/// <summary>Table MapValues: maps new and old values; deletes stay deletes; kept in a store when materialized.</summary>
internal sealed class KTableMapValues<TKey, TValue, TValueOut>(Func<TKey, TValue, TValueOut> mapper, string? storeName = null, bool sendOldValues = false)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>
{
    private readonly TableResult<TKey, TValueOut> _result = new(storeName, sendOldValues);

    public void Init(IProcessorContext<TKey, Change<TValueOut>> context) => _result.Init(context);

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var (n, o) = (record.Value.NewValue, record.Value.OldValue);
        _result.Forward(record.WithValue(new Change<TValueOut>(
            n is null ? default : mapper(record.Key, n), o is null ? default : mapper(record.Key, o))));
    }
}

/// <summary>Table ToStream: forwards each update's new value (null for a delete), with an optional new key.</summary>
internal sealed class KTableToStream<TKey, TValue, TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector) : IProcessor<TKey, Change<TValue>, TKeyOut, TValue>
{
    private IProcessorContext<TKeyOut, TValue> _context = null!;

    public void Init(IProcessorContext<TKeyOut, TValue> context) => _context = context;

    public void Process(Record<TKey, Change<TValue>> record) =>
        _context.Forward(new Record<TKeyOut, TValue>(keySelector(record.Key, record.Value.NewValue!), record.Value.NewValue!, record.Timestamp, record.Headers));
}

internal static class InternalContexts
{
    /// <summary>Counts a record an operator skipped (null key, late, …) in its task's metrics.</summary>
    public static void RecordDropped(IProcessingContext context)
    {
        if (context is Processor.NodeContextBase node) node.TaskMetrics.DroppedRecords++;
    }

    /// <summary>Counts a record dropped because its window had closed.</summary>
    public static void LateRecordDropped(IProcessingContext context)
    {
        if (context is not Processor.NodeContextBase node) return;
        node.TaskMetrics.DroppedRecords++;
        node.TaskMetrics.LateRecordsDropped++;
    }
}
