using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// What every windowed aggregation shares: the window store (forwarding on cache flush when it
/// has a cache, else at once), records with a null key or value dropped and counted, and observed
/// stream time, the largest timestamp seen, from which each record's close time (stream time
/// minus grace) is derived before <see cref="Aggregate"/> places it in its windows.
/// <para>With <paramref name="emitOnClose"/> (<c>EmitStrategy.OnWindowClose()</c>) no update is forwarded; once the close time
/// passes a window's end, its final result is read back from the store and forwarded, once, with the window's largest record
/// timestamp. Invariant: every window starting at or before <c>_lastEmittedStart</c> has been emitted (or had closed when the
/// task started: after a restart, a closed window the store still retains may be emitted again).</para>
/// </summary>
internal abstract class WindowAggregateProcessor<TKey, TValue, TAggregate>(string storeName, long graceMs, bool emitOnClose = false)
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>
{
    private long _observedStreamTime = -1;
    private long _lastEmittedStart = long.MinValue;

    protected IProcessorContext<Windowed<TKey>, Change<TAggregate>> Context { get; private set; } = null!;
    protected IWindowStore<TKey, TAggregate> Store { get; private set; } = null!;

    /// <summary>True when the processor must not forward updates itself: the store's cache does on flush, or results wait for their window to close.</summary>
    protected bool UpdatesDeferred { get; private set; }

    public virtual void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        Context = context;
        Store = context.GetStateStore<IWindowStore<TKey, TAggregate>>(storeName);
        UpdatesDeferred = emitOnClose || (Store is MeteredWindowStore<TKey, TAggregate> metered && metered.SetFlushListener(context.Forward, false));
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null)
        {
            InternalContexts.RecordDropped(Context);
            return;
        }
        if (record.Timestamp > _observedStreamTime) _observedStreamTime = record.Timestamp;
        var closeTime = _observedStreamTime - graceMs;
        Aggregate(record, closeTime);
        if (emitOnClose) EmitClosedWindows(record, closeTime);
    }

    /// <summary>The start of the latest window that has closed at <paramref name="closeTime"/>.</summary>
    protected abstract long LastClosedStart(long closeTime);

    private void EmitClosedWindows(Record<TKey, TValue> trigger, long closeTime)
    {
        var last = LastClosedStart(closeTime);
        if (last <= _lastEmittedStart) return;
        var from = _lastEmittedStart == long.MinValue ? long.MinValue : _lastEmittedStart + 1;
        var stamped = (MeteredWindowStore<TKey, TAggregate>)Store;
        foreach (var (windowed, value) in stamped.FetchAllTimestamped(from, last))
            Context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(windowed, new Change<TAggregate>(value.Value, default),
                value.Timestamp >= 0 ? value.Timestamp : trigger.Timestamp, trigger.Headers));
        _lastEmittedStart = last;
    }

    /// <summary>Folds <paramref name="record"/> into its windows; windows ending by <paramref name="closeTime"/> have closed.</summary>
    protected abstract void Aggregate(Record<TKey, TValue> record, long closeTime);

    /// <summary>A window's aggregate and its largest record timestamp, and whether it exists (a value-type aggregate's default is not "missing").</summary>
    protected bool TryFetch(TKey key, long windowStart, out TAggregate? aggregate, out long timestamp)
    {
        if (Store is MeteredWindowStore<TKey, TAggregate> { Timestamped: true } stamped)
        {
            var found = stamped.TryFetchTimestamped(key, windowStart, out var value);
            (aggregate, timestamp) = (value.Value, value.Timestamp);
            return found;
        }
        timestamp = TimestampedValues.NoTimestamp;
        if (Store is MeteredWindowStore<TKey, TAggregate> metered) return metered.TryFetch(key, windowStart, out aggregate);
        foreach (var (_, value) in Store.Fetch(key, windowStart, windowStart))
        {
            aggregate = value;
            return true;
        }
        aggregate = default;
        return false;
    }

    /// <summary>Writes a window's aggregate with its largest record timestamp.</summary>
    protected void Put(TKey key, TAggregate aggregate, long windowStart, long timestamp)
    {
        if (Store is MeteredWindowStore<TKey, TAggregate> { Timestamped: true } stamped) stamped.PutTimestamped(key, aggregate, windowStart, timestamp);
        else Store.Put(key, aggregate, windowStart);
    }
}
