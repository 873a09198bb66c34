using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Folds each record into its key's aggregate in a key-value store (Count, Reduce, Aggregate).
/// Forwards the new aggregate at once without a cache, or when the cache flushes with one. The aggregate's timestamp is the
/// largest of its records' (kept beside it in a timestamped store), as Kafka's: an out-of-order record does not move it back.
/// Records with a null key or value are dropped and counted, as in Kafka.
/// </summary>
/// <param name="storeName">The key-value store of aggregates.</param>
/// <param name="fold">(key, value, previous aggregate, whether there was one) → new aggregate.</param>
/// <param name="sendOldValues">Whether a cache flush forwards the previous aggregate too (a table <c>GroupBy</c> or join downstream needs it).</param>
internal sealed class KStreamAggregate<TKey, TValue, TAggregate>(string storeName, Func<TKey, TValue, TAggregate?, bool, TAggregate> fold,
    bool sendOldValues = false)
    : IProcessor<TKey, TValue, TKey, Change<TAggregate>>
{
    private IProcessorContext<TKey, Change<TAggregate>> _context = null!;
    private MeteredKeyValueStore<TKey, TAggregate> _store = null!;
    private bool _cached;

    public void Init(IProcessorContext<TKey, Change<TAggregate>> context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<TKey, TAggregate>>(storeName) as MeteredKeyValueStore<TKey, TAggregate>
            ?? throw new Errors.StreamsException($"The aggregation's store '{storeName}' was not built by a Pulse store builder.");
        _cached = _store.SetFlushListener(context.Forward, sendOldValues);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null)
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        var had = _store.TryGetTimestamped(record.Key, out var old);
        var aggregate = fold(record.Key, record.Value, old.Value, had);
        var timestamp = had ? Math.Max(record.Timestamp, old.Timestamp) : record.Timestamp;
        _store.PutTimestamped(record.Key, aggregate, timestamp);
        if (!_cached) _context.Forward(record.WithValue(new Change<TAggregate>(aggregate, had ? old.Value : default)).WithTimestamp(timestamp));
    }
}
