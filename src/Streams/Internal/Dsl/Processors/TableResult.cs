using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Where a table operator's results go: straight downstream, or, when the operator is materialized (a named
/// <c>Materialized</c> on a table <c>Filter</c>, <c>MapValues</c> or join), into its own store first; the store's cache,
/// when it has one, forwards on flush instead. Without a cache, the old value forwarded is the store's.
/// </summary>
internal sealed class TableResult<TKey, TValue>(string? storeName, bool sendOldValues)
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private IKeyValueStore<TKey, TValue>? _store;
    private bool _cached;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        if (storeName is null) return;
        _store = context.GetStateStore<IKeyValueStore<TKey, TValue>>(storeName);
        _cached = _store is MeteredKeyValueStore<TKey, TValue> metered && metered.SetFlushListener(context.Forward, sendOldValues);
    }

    public void Forward(Record<TKey, Change<TValue>> record)
    {
        if (_store is null)
        {
            _context.Forward(record);
            return;
        }
        var old = _cached || !sendOldValues ? default : _store.Get(record.Key);
        if (_store is MeteredKeyValueStore<TKey, TValue> metered) metered.PutTimestamped(record.Key, record.Value.NewValue, record.Timestamp);
        else _store.Put(record.Key, record.Value.NewValue);
        if (!_cached) _context.Forward(record.WithValue(new Change<TValue>(record.Value.NewValue, old)));
    }
}
