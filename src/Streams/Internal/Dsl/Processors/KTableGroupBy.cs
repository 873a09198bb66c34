using Pulse.Streams.Errors;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// A table <c>GroupBy</c>'s select node (Kafka's <c>KTABLE-SELECT-</c>): maps a row's old and new value to their group keys
/// and values. When both map to the same key, one change carries both; otherwise the old one is sent first (to be
/// subtracted), then the new one (to be added). A mapping with a null key or value is skipped.
/// </summary>
internal sealed class KTableRepartitionMap<TKey, TValue, TKeyOut, TValueOut>(Func<TKey, TValue, KeyValue<TKeyOut, TValueOut>> selector)
    : IProcessor<TKey, Change<TValue>, TKeyOut, Change<TValueOut>>
{
    private IProcessorContext<TKeyOut, Change<TValueOut>> _context = null!;

    public void Init(IProcessorContext<TKeyOut, Change<TValueOut>> context) => _context = context;

    public void Process(Record<TKey, Change<TValue>> record)
    {
        if (record.Key is null) throw new StreamsException("Record key for the grouping KTable should not be null.");
        var (n, o) = (record.Value.NewValue, record.Value.OldValue);
        var newPair = n is null ? default : selector(record.Key, n);
        var oldPair = o is null ? default : selector(record.Key, o);
        var hasNew = n is not null && newPair.Key is not null && newPair.Value is not null;
        var hasOld = o is not null && oldPair.Key is not null && oldPair.Value is not null;
        if (hasNew && hasOld && EqualityComparer<TKeyOut>.Default.Equals(newPair.Key, oldPair.Key))
        {
            Send(record, newPair.Key, new Change<TValueOut>(newPair.Value, oldPair.Value));
            return;
        }
        if (hasOld) Send(record, oldPair.Key, new Change<TValueOut>(default, oldPair.Value));
        if (hasNew) Send(record, newPair.Key, new Change<TValueOut>(newPair.Value, default));
    }

    private void Send(Record<TKey, Change<TValue>> record, TKeyOut key, Change<TValueOut> change) =>
        _context.Forward(new Record<TKeyOut, Change<TValueOut>>(key, change, record.Timestamp, record.Headers));
}

/// <summary>
/// A grouped table's aggregation (Kafka's <c>KTABLE-AGGREGATE-</c>/<c>KTABLE-REDUCE-</c>): each change first takes its old value
/// out of the key's aggregate with the subtractor, then adds its new value with the adder (starting from the initializer when
/// the key has none). A subtractor or reducer result of null deletes the row. Forwards at once without a cache, on flush with one.
/// </summary>
internal sealed class KTableAggregate<TKey, TValue, TAggregate>(string storeName, Func<TKey, TValue, TAggregate?, bool, TAggregate?> adder,
    Func<TKey, TValue, TAggregate, TAggregate?> subtractor, bool sendOldValues) : IProcessor<TKey, Change<TValue>, TKey, Change<TAggregate>>
{
    private IProcessorContext<TKey, Change<TAggregate>> _context = null!;
    private MeteredKeyValueStore<TKey, TAggregate> _store = null!;
    private bool _cached;

    public void Init(IProcessorContext<TKey, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<TKey, TAggregate>>(storeName) as MeteredKeyValueStore<TKey, TAggregate>
            ?? throw new StreamsException($"The table aggregation's store '{storeName}' was not built by a Pulse store builder.");
        _cached = _store.SetFlushListener(context.Forward, sendOldValues);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        if (record.Key is null) throw new StreamsException($"Record key for the table aggregation with store '{storeName}' should not be null.");
        var had = _store.TryGetTimestamped(record.Key, out var stamped) && stamped.Value is not null;
        var old = stamped.Value;
        // As Kafka's: the largest timestamp of the aggregate's records, the changing record's alone for a new aggregate.
        var timestamp = had ? Math.Max(record.Timestamp, stamped.Timestamp) : record.Timestamp;
        var (aggregate, has) = (old, had);
        if (record.Value.OldValue is { } removed && has)
        {
            aggregate = subtractor(record.Key, removed, aggregate!);
            has = aggregate is not null;
        }
        if (record.Value.NewValue is { } added)
        {
            aggregate = adder(record.Key, added, aggregate, has);
            has = aggregate is not null;
        }
        if (has) _store.PutTimestamped(record.Key, aggregate, timestamp);
        else if (had) _store.Delete(record.Key);
        if (!_cached) _context.Forward(record.WithValue(new Change<TAggregate>(has ? aggregate : default, sendOldValues && had ? old : default)).WithTimestamp(timestamp));
    }
}
