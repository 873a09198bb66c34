using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;

/// <summary>
/// Resolves an answer into the join's result (Kafka's <c>KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-</c>): an answer
/// made for another left value than the row holds now (its hash differs: the row changed since it subscribed) is stale and
/// dropped; otherwise the row's current value meets the answer's right value. Without a right value, the inner join emits a
/// tombstone; so does the left join when the row is gone, else it calls the joiner with none.
/// </summary>
internal sealed class ResponseJoin<TKey, TValue, TForeignKey, TForeignValue, TValueOut>(ValueGetterSupplier<TKey, TValue> leftTable,
    JoinSerdes<TKey, TValue, TForeignKey, TForeignValue> serdes, Func<TValue, TForeignValue?, TValueOut> joiner, bool leftJoin)
    : IProcessor<TKey, SubscriptionResponseWrapper, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut> _context = null!;
    private JoinSerdes<TKey, TValue, TForeignKey, TForeignValue>.Resolved _serdes = null!;
    private ValueGetter<TKey, TValue> _left = null!;

    public void Init(IProcessorContext<TKey, TValueOut> context)
    {
        _context = context;
        _serdes = serdes.Resolve(context, "response resolver");
        _left = leftTable.Get(context);
    }

    public void Process(Record<TKey, SubscriptionResponseWrapper> record)
    {
        var current = _left(record.Key, out var value, out _) ? value : default;
        if (_serdes.Hash(current) != record.Value.OriginalValueHash) return; // stale: the left row changed since
        var foreign = record.Value.ForeignValue;
        var result = current is null || (foreign is null && !leftJoin) ? default : joiner(current, _serdes.ForeignValueOf(foreign));
        _context.Forward(record.WithValue(result!));
    }
}
