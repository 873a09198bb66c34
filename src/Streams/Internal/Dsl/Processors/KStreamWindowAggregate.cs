using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Folds each record into every tumbling or hopping window that contains it, in a window store.
/// A window accepts records while its end is after observed stream time minus grace; a record
/// for a closed window is dropped and counted (per window, as in Kafka). Each window's result carries the largest timestamp of
/// the records in it, kept beside the aggregate in the (timestamped) store, so it survives cache flushes and restarts.
/// </summary>
internal sealed class KStreamWindowAggregate<TKey, TValue, TAggregate>(string storeName, TimeWindows windows,
    Func<TKey, TValue, TAggregate?, bool, TAggregate> fold, bool emitOnClose = false)
    : WindowAggregateProcessor<TKey, TValue, TAggregate>(storeName, windows.GraceMs, emitOnClose)
{
    /// <summary>A window [start, start + size) has closed once its end is at or before the close time.</summary>
    protected override long LastClosedStart(long closeTime) => closeTime - windows.SizeMs;

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
        var had = TryFetch(record.Key, window.StartMs, out var old, out var oldTimestamp);
        var aggregate = fold(record.Key, record.Value, old, had);
        var timestamp = had ? Math.Max(record.Timestamp, oldTimestamp) : record.Timestamp; // the window's largest record timestamp, as Kafka
        Put(record.Key, aggregate, window.StartMs, timestamp);
        if (!UpdatesDeferred)
            Context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(new Windowed<TKey>(record.Key, window),
                new Change<TAggregate>(aggregate, had ? old : default), timestamp, record.Headers));
    }
}
