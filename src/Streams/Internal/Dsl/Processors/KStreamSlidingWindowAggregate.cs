using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Folds records into sliding windows, as Kafka's <c>KStreamSlidingWindowAggregate</c> (KIP-450).
/// A window [start, start + timeDifference] includes both ends and exists only where records are:
/// each record at <c>ts</c> has a left window [ts - timeDifference, ts], and a right window starting at
/// <c>ts + 1</c> once a later record falls within timeDifference of it. Records before timeDifference
/// share the window [0, timeDifference].
/// <para>Invariants: the (timestamped) store holds, beside each window's aggregate, the largest timestamp of the records
/// folded into it, which each result carries, cache flushes included. As the window's end is
/// inclusive, it accepts records while its end is at or after observed stream time minus grace, as Kafka
/// does (so with no grace a record still lands in its own left window). A record whose every window has
/// closed is dropped and counted once; each closed window a record would have updated counts once more.</para>
/// </summary>
internal sealed class KStreamSlidingWindowAggregate<TKey, TValue, TAggregate>(string storeName, SlidingWindows windows,
    Func<TKey, TValue, TAggregate?, bool, TAggregate> fold, bool emitOnClose = false)
    : WindowAggregateProcessor<TKey, TValue, TAggregate>(storeName, windows.GraceMs, emitOnClose)
{
    private readonly long _difference = windows.TimeDifferenceMs;

    /// <summary>A window [start, start + timeDifference] includes its end, so it has closed once its end is before the close time.</summary>
    protected override long LastClosedStart(long closeTime) => closeTime - _difference - 1;
    private MeteredWindowStore<TKey, TAggregate> _store = null!;

    public override void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        base.Init(context);
        _store = Store as MeteredWindowStore<TKey, TAggregate> is { Timestamped: true } stamped ? stamped
            : throw new InvalidOperationException($"Sliding window aggregation needs a timestamped window store; '{Store.Name}' is not one.");
    }

    protected override void Aggregate(Record<TKey, TValue> record, long closeTime)
    {
        var timestamp = record.Timestamp;
        if (timestamp + 1 + _difference <= closeTime)
        {
            InternalContexts.LateRecordDropped(Context);
            return;
        }
        if (timestamp < _difference) ProcessEarly(record, closeTime);
        else ProcessInOrder(record, closeTime);
    }

    /// <summary>
    /// A record at or after timeDifference (Kafka's <c>processInOrder</c>: the key's windows are scanned oldest
    /// first). Windows ending before ts give the previous record and the left window's aggregate; windows
    /// holding ts are updated, the latest of them giving the right window's aggregate.
    /// </summary>
    private void ProcessInOrder(Record<TKey, TValue> record, long closeTime)
    {
        var ts = record.Timestamp;
        var found = Load(record.Key, Math.Max(0, ts - 2 * _difference), ts + 1);
        SlidingWindow? leftAggregate = null, rightAggregate = null;
        bool leftExists = false, rightExists = false;
        long? previousTimestamp = null;
        foreach (var window in found)
        {
            var end = window.Start + _difference;
            if (end < ts)
            {
                leftAggregate = window;
                previousTimestamp = window.MaxTimestamp;
            }
            else if (end == ts)
            {
                leftExists = true;
                if (window.MaxTimestamp < ts) previousTimestamp = window.MaxTimestamp;
                Update(record, window.Start, window, closeTime);
            }
            else if (window.Start <= ts)
            {
                rightAggregate = window;
                Update(record, window.Start, window, closeTime);
            }
            else if (window.Start == ts + 1) rightExists = true;
            else throw UnexpectedWindow(window.Start, ts);
        }

        if (previousTimestamp is long previous && !found.Exists(w => w.Start == previous + 1) && previous + 1 + _difference >= ts)
            Update(record, previous + 1, null, closeTime);
        if (!leftExists)
        {
            var leftHasRecords = previousTimestamp is long p && ts - _difference <= p;
            Update(record, ts - _difference, leftHasRecords ? leftAggregate! with { MaxTimestamp = ts } : null, closeTime);
        }
        if (!rightExists && rightAggregate is { } right && right.MaxTimestamp > ts) CreateRightWindow(record, right);
    }

    /// <summary>A record before timeDifference: it goes into the window [0, timeDifference], which holds every early record.</summary>
    private void ProcessEarly(Record<TKey, TValue> record, long closeTime)
    {
        var ts = record.Timestamp;
        var found = Load(record.Key, 0, ts + 1);
        SlidingWindow? combined = null, rightAggregate = null;
        var rightExists = false;
        long? previousTimestamp = null;
        foreach (var window in found)
        {
            if (window.Start == 0)
            {
                combined = window;
                if (window.MaxTimestamp < ts) previousTimestamp = window.MaxTimestamp;
            }
            else if (window.Start <= ts)
            {
                rightAggregate = window;
                Update(record, window.Start, window, closeTime);
            }
            else if (window.Start == ts + 1) rightExists = true;
            else throw UnexpectedWindow(window.Start, ts);
        }

        // With no window between 0 and ts, the combined window's records after ts are exactly those of the right window.
        if (rightAggregate is null && combined is { } c && c.MaxTimestamp > ts) rightAggregate = combined;
        if (!rightExists && rightAggregate is { } right && right.MaxTimestamp > ts) CreateRightWindow(record, right);
        if (previousTimestamp is long previous && !found.Exists(w => w.Start == previous + 1))
            Update(record, previous + 1, null, closeTime);
        Update(record, 0, combined, closeTime);
    }

    /// <summary>Folds the record into the window starting at <paramref name="start"/> (new when <paramref name="existing"/> is null), unless the window has closed (end &lt; stream time - grace).</summary>
    private void Update(Record<TKey, TValue> record, long start, SlidingWindow? existing, long closeTime)
    {
        var end = start + _difference;
        if (end < closeTime)
        {
            InternalContexts.LateRecordDropped(Context);
            return;
        }
        var aggregate = fold(record.Key, record.Value, existing is null ? default : existing.Value, existing is not null);
        var maxTimestamp = existing is null ? record.Timestamp : Math.Max(record.Timestamp, existing.MaxTimestamp);
        Put(record, new SlidingWindow(start, aggregate, maxTimestamp), existing is null ? default : existing.Value);
    }

    /// <summary>Creates the record's right window holding the records after it: a copy of <paramref name="right"/>'s aggregate, without the record.</summary>
    private void CreateRightWindow(Record<TKey, TValue> record, SlidingWindow right) =>
        Put(record, right with { Start = record.Timestamp + 1 }, default);

    private void Put(Record<TKey, TValue> record, SlidingWindow window, TAggregate? oldValue)
    {
        _store.PutTimestamped(record.Key, window.Value, window.Start, window.MaxTimestamp);
        if (UpdatesDeferred) return;
        var windowed = new Windowed<TKey>(record.Key, new Window(window.Start, window.Start + _difference));
        Context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(windowed, new Change<TAggregate>(window.Value, oldValue),
            window.MaxTimestamp, record.Headers));
    }

    /// <summary>The key's windows starting from <paramref name="from"/> to <paramref name="to"/>, oldest first, with their largest record timestamps.</summary>
    private List<SlidingWindow> Load(TKey key, long from, long to) =>
        _store.FetchTimestamped(key, from, to).Select(kv => new SlidingWindow(kv.Key, kv.Value.Value,
            kv.Value.Timestamp >= 0 ? kv.Value.Timestamp : kv.Key + _difference)).ToList(); // no timestamp: a left window, its end is its latest record

    private static InvalidOperationException UnexpectedWindow(long start, long timestamp) =>
        new($"Sliding window aggregation found a window starting at {start} while processing a record at {timestamp}; the store holds windows it should not.");

    /// <summary>One stored window: its start, aggregate and the largest timestamp of its records.</summary>
    private sealed record SlidingWindow(long Start, TAggregate Value, long MaxTimestamp);
}
