using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// One side of a stream–stream join, as Kafka's <c>KStreamKStreamJoin</c> (≥ 3.1): a record at time t meets every record
/// of the other side's window store with its key and a timestamp in [t − before, t + after] (this side's view of the
/// window), and each meeting is forwarded at the later of the two timestamps. Both sides share the task's
/// <see cref="JoinTimeTracker"/>.
/// <list type="bullet">
/// <item>A null value, or a null key on an inner side, is dropped and counted; on an outer side a null key with a value is
/// forwarded at once, joined with nothing.</item>
/// <item>On an outer side (the left of a left join, both sides of an outer join) a record that meets nothing is held in
/// the outer-join store and forwarded, joined with nothing, only once its window has closed (its timestamp plus the
/// other side's reach plus grace is behind stream time); a record of the other side meeting it in time takes it out.
/// A record whose window had already closed when it came is forwarded at once.</item>
/// <item>Held records are looked for when a record brings stream time forward (Kafka also throttles this to once per
/// second of wall-clock time; Pulse looks every time).</item>
/// </list>
/// </summary>
internal sealed class KStreamKStreamJoin<TKey, TThis, TOther, TLeft, TRight, TValueOut>(
    bool leftSide, string otherStoreName, long joinBeforeMs, long joinAfterMs, JoinWindowsSpec windows, bool outer,
    Func<TKey, TThis?, TOther?, TValueOut> joiner, Func<OuterJoinStore<TKey, TLeft, TRight>>? outerStore, JoinTimeTrackers trackers)
    : IProcessor<TKey, TThis, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;
    private IWindowStore<TKey, TOther> _otherWindow = null!;
    private OuterJoinStore<TKey, TLeft, TRight>? _outer;
    private JoinTimeTracker _time = null!;

    public void Init(IProcessorContext<TKey, TValueOut> context)
    {
        _context = context;
        _otherWindow = context.GetStateStore<IWindowStore<TKey, TOther>>(otherStoreName);
        _time = trackers.Get(context.TaskId);
        if (outerStore is not null)
        {
            _outer = outerStore();
            _outer.Init(context);
        }
    }

    public void Process(Record<TKey, TThis> record)
    {
        var timestamp = record.Timestamp;
        _time.AdvanceStreamTime(timestamp);
        if (outer && record.Key is null && record.Value is not null)
        {
            _context.Forward(record.WithValue(joiner(record.Key, record.Value, default)));
            return;
        }
        if (record.Key is null || record.Value is null)
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        if (timestamp == _time.StreamTime && _outer is not null) EmitClosedOuterRecords(record);

        var timeFrom = Math.Max(0L, timestamp - joinBeforeMs);
        var timeTo = Math.Max(0L, timestamp + joinAfterMs);
        var met = false;
        foreach (var (otherTimestamp, otherValue) in _otherWindow.Fetch(record.Key, timeFrom, timeTo))
        {
            met = true;
            _outer?.Remove(record.Key, otherTimestamp, !leftSide);
            _context.Forward(record.WithValue(joiner(record.Key, record.Value, otherValue)).WithTimestamp(Math.Max(timestamp, otherTimestamp)));
        }
        if (!outer || met) return;
        // A record whose window closed before it came is joined with nothing at once; only open windows wait.
        if (_outer is null || timeTo < _time.StreamTime) _context.Forward(record.WithValue(joiner(record.Key, record.Value, default)));
        else
        {
            _time.UpdateMinTime(timestamp);
            _outer.Add(record.Key, timestamp, leftSide, As<TLeft>(record.Value), As<TRight>(record.Value));
        }
    }

    public void Close() => trackers.Remove(_context.TaskId);

    /// <summary>
    /// Forwards, joined with nothing, every held record whose window has closed, oldest first, and forgets it. The scan
    /// stops once it has seen an open record of each side, since later ones are open too.
    /// </summary>
    private void EmitClosedOuterRecords(Record<TKey, TThis> trigger)
    {
        // As Kafka, in unchecked arithmetic: MinTime is long.MaxValue when nothing was held since the task started.
        if (unchecked(_time.MinTime + joinAfterMs + windows.GraceMs) >= _time.StreamTime) return;
        _time.MinTime = long.MaxValue;
        var (leftOpen, rightOpen) = (false, false);
        foreach (var entry in _outer!.All())
        {
            _time.MinTime = entry.Timestamp;
            if (leftOpen && rightOpen) break;
            // A left record waits for right records up to `after` later; a right one for left records up to `before` later.
            var reach = entry.LeftSide ? windows.AfterMs : windows.BeforeMs;
            if (entry.Timestamp + reach + windows.GraceMs >= _time.StreamTime)
            {
                if (entry.LeftSide) leftOpen = true; else rightOpen = true;
                continue;
            }
            foreach (var (left, right) in _outer.Values(entry))
            {
                var value = leftSide
                    ? joiner(entry.Key, As<TThis>(left), As<TOther>(right))
                    : joiner(entry.Key, As<TThis>(right), As<TOther>(left));
                _context.Forward(new Record<TKey, TValueOut>(entry.Key, value, entry.Timestamp, trigger.Headers));
            }
            _outer.Delete(entry);
        }
    }

    /// <summary>A value of this or the other side as the left or right type it is (the same type behind two names).</summary>
    private static T? As<T>(object? value) => value is T typed ? typed : default;
}

/// <summary>The parts of <see cref="Streams.Dsl.JoinWindows"/> a join processor needs.</summary>
internal readonly record struct JoinWindowsSpec(long BeforeMs, long AfterMs, long GraceMs);
