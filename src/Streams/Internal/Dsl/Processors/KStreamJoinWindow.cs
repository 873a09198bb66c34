using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// One side of a stream–stream join keeping its records, as Kafka's <c>KStreamJoinWindow</c>: forwards every record to
/// the join, then puts it in the side's window store (window start = its timestamp, duplicates kept) unless its key or
/// value is null. The store drops a record older than its retention (window size plus grace) behind the largest timestamp put;
/// such a record is counted as late, and later records of the other side cannot meet it.
/// </summary>
internal sealed class KStreamJoinWindow<TKey, TValue>(string storeName, long retentionMs) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;
    private IWindowStore<TKey, TValue> _window = null!;
    private long _observedStreamTime = long.MinValue;

    public void Init(IProcessorContext<TKey, TValue> context)
    {
        _context = context;
        _window = context.GetStateStore<IWindowStore<TKey, TValue>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        _context.Forward(record);
        if (record.Key is null || record.Value is null) return;
        _observedStreamTime = Math.Max(_observedStreamTime, record.Timestamp);
        if (record.Timestamp <= _observedStreamTime - retentionMs) InternalContexts.LateRecordDropped(_context);
        _window.Put(record.Key, record.Value, record.Timestamp);
    }
}
