using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;

/// <summary>
/// The right side's intake of subscriptions (Kafka's <c>KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-</c>, <c>-subscription-receive</c>):
/// keeps each subscription in the subscription store under its <see cref="CombinedKey"/> (deletes remove it), then passes it
/// on to be answered. A subscription without a foreign key is only the left join's request for a result without a right
/// value: passed on, not stored; any other without one is dropped.
/// </summary>
internal sealed class SubscriptionReceive<TKey, TValue, TForeignKey, TForeignValue>(string storeName,
    JoinSerdes<TKey, TValue, TForeignKey, TForeignValue> serdes) : IProcessor<TForeignKey, SubscriptionWrapper, TForeignKey, SubscriptionWrapper>
{
    private IProcessorContext<TForeignKey, SubscriptionWrapper> _context = null!;
    private JoinSerdes<TKey, TValue, TForeignKey, TForeignValue>.Resolved _serdes = null!;
    private IKeyValueStore<byte[], SubscriptionWrapper> _store = null!;

    public void Init(IProcessorContext<TForeignKey, SubscriptionWrapper> context)
    {
        _context = context;
        _serdes = serdes.Resolve(context, "subscription receive");
        _store = context.GetStateStore<IKeyValueStore<byte[], SubscriptionWrapper>>(storeName);
    }

    public void Process(Record<TForeignKey, SubscriptionWrapper> record)
    {
        var subscription = record.Value;
        if (record.Key is null)
        {
            if (subscription.Instruction == SubscriptionInstruction.PropagateNullIfNoForeignValue) _context.Forward(record);
            else InternalContexts.RecordDropped(_context);
            return;
        }
        var key = CombinedKey.Of(_serdes.ForeignKeyBytes(record.Key)!, subscription.PrimaryKey);
        if (subscription.Instruction is SubscriptionInstruction.DeleteKeyAndPropagate or SubscriptionInstruction.DeleteKeyNoPropagate) _store.Delete(key);
        else _store.Put(key, subscription);
        _context.Forward(record);
    }
}
