using pulse.vitals;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Vitals.Internal;

/// <summary>
/// Per patient, tumbling event-time windows <c>[start, start + size)</c>, each emitted once, as its
/// final result, when the observed event time (the largest reading timestamp this task has seen)
/// reaches its end plus grace: like the DSL's windowed aggregate with
/// <c>Suppress(UntilWindowCloses)</c>, but with every piece of state in stores, so a restart
/// neither loses an open window nor emits a closed one twice.
/// <para>Stores: open windows in <c>windows</c>, keyed time first (<see cref="StatsWindowKeySerde"/>)
/// so the windows that close together are one key range, deleted once emitted; and in
/// <c>closed</c> the task's close mark, the start of the oldest window that may still be open.
/// Invariant: every window starting before the mark has been emitted and is no longer in the
/// store; a reading for such a window is late and not counted.</para>
/// </summary>
internal sealed class StatsWindowProcessor(string windowStoreName, string closedStoreName, long sizeMs, long graceMs)
    : IProcessor<string, EnrichedReading, string, VitalStats>
{
    private const string CloseMarkKey = "close-mark";
    private IProcessorContext<string, VitalStats> _context = null!;
    private IKeyValueStore<StatsWindowKey, WindowStats> _windows = null!;
    private IKeyValueStore<string, long> _closed = null!;
    private long _closeMark = long.MinValue;
    private long _observed = long.MinValue;
    private readonly List<KeyValuePair<StatsWindowKey, WindowStats>> _closing = [];

    public void Init(IProcessorContext<string, VitalStats> context)
    {
        _context = context;
        _windows = context.GetStateStore<IKeyValueStore<StatsWindowKey, WindowStats>>(windowStoreName);
        _closed = context.GetStateStore<IKeyValueStore<string, long>>(closedStoreName);
        if (_closed.TryGet(CloseMarkKey, out var mark)) _closeMark = mark;
    }

    public void Process(Record<string, EnrichedReading> record)
    {
        var timestamp = record.Timestamp;
        if (timestamp > _observed)
        {
            _observed = timestamp;
            CloseWindowsBefore(FirstOpenStart(timestamp));
        }
        var start = WindowStart(timestamp);
        if (start < _closeMark) return; // late: its window has closed and been emitted
        var key = new StatsWindowKey(start, record.Key);
        var stats = _windows.Get(key) ?? new WindowStats();
        stats.Add(record.Value, timestamp);
        _windows.Put(key, stats);
    }

    /// <summary>The start of the oldest window still open at observed time <paramref name="observed"/>: windows whose end plus grace is at or before it are closed.</summary>
    private long FirstOpenStart(long observed) =>
        observed < long.MinValue + graceMs + sizeMs ? long.MinValue : WindowStart(observed - graceMs - sizeMs) + sizeMs;

    private long WindowStart(long timestamp)
    {
        var remainder = timestamp % sizeMs;
        return timestamp - (remainder < 0 ? remainder + sizeMs : remainder);
    }

    /// <summary>Emits and deletes every window starting before <paramref name="mark"/>, oldest first, then moves the close mark there.</summary>
    private void CloseWindowsBefore(long mark)
    {
        if (mark <= _closeMark) return;
        // Patient ids are never empty, so (mark, "") sorts after every key of an earlier window and is no key itself.
        foreach (var entry in _windows.Range(new StatsWindowKey(_closeMark, ""), new StatsWindowKey(mark, "")))
            _closing.Add(entry);
        foreach (var (key, stats) in _closing)
        {
            _context.Forward(new Record<string, VitalStats>(key.PatientId, stats.ToRecord(key.PatientId, key.Start, key.Start + sizeMs),
                stats.MaxTimestamp));
            _windows.Put(key, null);
        }
        _closing.Clear();
        _closeMark = mark;
        _closed.Put(CloseMarkKey, mark);
    }
}
