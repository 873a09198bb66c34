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
    Func<TKey, TValue, TAggregate?, bool, TAggregate> fold) : WindowAggregateProcessor<TKey, TValue, TAggregate>(storeName, windows.GraceMs)
{

    protected override void Aggregate(Record<TKey, TValue> record, long closeTime)
    {
        var timestamp = record.Timestamp;
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
            InternalContexts.LateRecordDropped(Context);
            return;
        }
        var had = TryFetch(record.Key, window.StartMs, out var old);
        var aggregate = fold(record.Key, record.Value, old, had);
        Store.Put(record.Key, aggregate, window.StartMs);
        if (!Cached)
            Context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(new Windowed<TKey>(record.Key, window),
                new Change<TAggregate>(aggregate, had ? old : default), record.Timestamp, record.Headers));
    }

    /// <summary>The window's aggregate and whether it exists (a value-type aggregate's default is not "missing").</summary>
    private bool TryFetch(TKey key, long windowStart, out TAggregate? aggregate)
    {
        if (Store is MeteredWindowStore<TKey, TAggregate> metered) return metered.TryFetch(key, windowStart, out aggregate);
        foreach (var (_, value) in Store.Fetch(key, windowStart, windowStart))
        {
            aggregate = value;
            return true;
        }
        aggregate = default;
        return false;
    }
}
