using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Folds each record into every tumbling or hopping window that contains it, in a window store.
/// A window accepts records while its end is after observed stream time minus grace; a record
/// for a closed window is dropped and counted (per window, as in Kafka).
/// </summary>
internal sealed class KStreamWindowAggregate<TKey, TValue, TAggregate>(string storeName, TimeWindows windows,
    Func<TKey, TValue, TAggregate?, bool, TAggregate> fold) : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>
{
    private IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context = null!;
    private IWindowStore<TKey, TAggregate> _store = null!;
    private bool _cached;
    private long _observedStreamTime = -1;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<IWindowStore<TKey, TAggregate>>(storeName);
        _cached = _store is MeteredWindowStore<TKey, TAggregate> metered && metered.SetFlushListener(context.Forward, false);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null)
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        var timestamp = record.Timestamp;
        if (timestamp > _observedStreamTime) _observedStreamTime = timestamp;
        var closeTime = _observedStreamTime - windows.GraceMs;
        if (windows.AdvanceMs == windows.SizeMs)
        {
            var start = timestamp - timestamp % windows.SizeMs; // tumbling: exactly one window, no enumerator
            Update(record, new Window(start, start + windows.SizeMs), closeTime);
            return;
        }
        foreach (var window in windows.WindowsFor(timestamp)) Update(record, window, closeTime);
    }

    private void Update(Record<TKey, TValue> record, Window window, long closeTime)
    {
        if (window.EndMs <= closeTime)
        {
            InternalContexts.LateRecordDropped(_context);
            return;
        }
        var had = TryFetch(record.Key, window.StartMs, out var old);
        var aggregate = fold(record.Key, record.Value, old, had);
        _store.Put(record.Key, aggregate, window.StartMs);
        if (!_cached)
            _context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(new Windowed<TKey>(record.Key, window),
                new Change<TAggregate>(aggregate, had ? old : default), record.Timestamp, record.Headers));
    }

    /// <summary>The window's aggregate and whether it exists (a value-type aggregate's default is not "missing").</summary>
    private bool TryFetch(TKey key, long windowStart, out TAggregate? aggregate)
    {
        if (_store is MeteredWindowStore<TKey, TAggregate> metered) return metered.TryFetch(key, windowStart, out aggregate);
        foreach (var (_, value) in _store.Fetch(key, windowStart, windowStart))
        {
            aggregate = value;
            return true;
        }
        aggregate = default;
        return false;
    }
}
