using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Folds records into sessions, as Kafka's <c>KStreamSessionWindowAggregate</c>. A record at <c>t</c>
/// finds its key's sessions that overlap [t - gap, t + gap] and merges them and itself into one session
/// [smallest start, largest end] (a lone record is [t, t]). Unless that session ended before observed
/// stream time minus grace minus gap (then the record is late: dropped and counted), the merged sessions
/// are removed, each forwarded as a delete, and the new one is put and forwarded; every update carries
/// its session's end as timestamp. With a cache, updates are forwarded when it flushes instead.
/// Records with a null key or value are dropped and counted.
/// </summary>
internal sealed class KStreamSessionWindowAggregate<TKey, TValue, TAggregate>(string storeName, SessionWindows windows,
    SessionAggregation<TKey, TValue, TAggregate> aggregation) : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAggregate>>
{
    private long _observedStreamTime = -1;
    private IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context = null!;
    private ISessionStore<TKey, TAggregate> _store = null!;
    private bool _cached;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<ISessionStore<TKey, TAggregate>>(storeName);
        _cached = _store is MeteredSessionStore<TKey, TAggregate> metered && metered.SetFlushListener(context.Forward, false);
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
        var closeTime = _observedStreamTime - windows.GraceMs - windows.InactivityGapMs;

        var merged = _store.FindSessions(record.Key, timestamp - windows.InactivityGapMs, timestamp + windows.InactivityGapMs).ToList();
        var own = new Window(timestamp, timestamp);
        var window = own;
        var had = aggregation.Initializer is not null;
        var aggregate = had ? aggregation.Initializer!() : default;
        foreach (var (session, value) in merged)
        {
            aggregate = had ? aggregation.Merger(record.Key, aggregate!, value) : value;
            had = true;
            window = new Window(Math.Min(window.StartMs, session.Window.StartMs), Math.Max(window.EndMs, session.Window.EndMs));
        }
        if (window.EndMs < closeTime)
        {
            InternalContexts.LateRecordDropped(_context);
            return;
        }

        var old = default(TAggregate);
        if (window != own)
        {
            foreach (var (session, value) in merged)
            {
                _store.Remove(session);
                Forward(record, session, new Change<TAggregate>(default, value) { IsDelete = true });
            }
        }
        else if (merged.Count == 1) old = merged[0].Value; // the record's own session [t, t] already existed: updated in place

        aggregate = aggregation.Fold(record.Key, record.Value, aggregate, had);
        var sessionKey = new Windowed<TKey>(record.Key, window);
        _store.Put(sessionKey, aggregate);
        Forward(record, sessionKey, new Change<TAggregate>(aggregate, old));
    }

    private void Forward(Record<TKey, TValue> record, Windowed<TKey> session, Change<TAggregate> change)
    {
        if (!_cached) _context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(session, change, session.Window.EndMs, record.Headers));
    }
}
