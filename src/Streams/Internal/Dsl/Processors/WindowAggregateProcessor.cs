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
/// </summary>
internal abstract class WindowAggregateProcessor<TKey, TValue, TAggregate>(string storeName, long graceMs)
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>
{
    private long _observedStreamTime = -1;

    protected IProcessorContext<Windowed<TKey>, Change<TAggregate>> Context { get; private set; } = null!;
    protected IWindowStore<TKey, TAggregate> Store { get; private set; } = null!;

    /// <summary>True when the store's cache forwards updates on flush, so the processor must not.</summary>
    protected bool Cached { get; private set; }

    public virtual void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        Context = context;
        Store = context.GetStateStore<IWindowStore<TKey, TAggregate>>(storeName);
        Cached = Store is MeteredWindowStore<TKey, TAggregate> metered && metered.SetFlushListener(context.Forward, false);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null)
        {
            InternalContexts.RecordDropped(Context);
            return;
        }
        if (record.Timestamp > _observedStreamTime) _observedStreamTime = record.Timestamp;
        Aggregate(record, _observedStreamTime - graceMs);
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
