using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;

/// <summary>
/// Answers a subscription with the right table's current row for its foreign key (Kafka's
/// <c>KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-</c>, <c>-subscription-join-foreign</c>), keyed by the left row's key, as its
/// instruction says: an unsubscribe that asks for it gets an answer without a right value; a subscription gets one with the
/// row, or without when it asked for that too; a plain unsubscribe gets none.
/// </summary>
internal sealed class SubscriptionJoinForeign<TKey, TValue, TForeignKey, TForeignValue>(ValueGetterSupplier<TForeignKey, TForeignValue> foreignTable,
    JoinSerdes<TKey, TValue, TForeignKey, TForeignValue> serdes) : IProcessor<TForeignKey, SubscriptionWrapper, TKey, SubscriptionResponseWrapper>
{
    private IProcessorContext<TKey, SubscriptionResponseWrapper> _context = null!;
    private JoinSerdes<TKey, TValue, TForeignKey, TForeignValue>.Resolved _serdes = null!;
    private ValueGetter<TForeignKey, TForeignValue> _foreign = null!;

    public void Init(IProcessorContext<TKey, SubscriptionResponseWrapper> context)
    {
        _context = context;
        _serdes = serdes.Resolve(context, "subscription join");
        _foreign = foreignTable.Get(context);
    }

    public void Process(Record<TForeignKey, SubscriptionWrapper> record)
    {
        var subscription = record.Value;
        TForeignValue? row = default;
        var foreignTimestamp = Internal.State.TimestampedValues.NoTimestamp;
        var found = record.Key is not null && _foreign(record.Key, out row, out foreignTimestamp) && row is not null;
        var answer = subscription.Instruction switch
        {
            SubscriptionInstruction.DeleteKeyAndPropagate => true,
            SubscriptionInstruction.PropagateNullIfNoForeignValue => true,
            SubscriptionInstruction.PropagateOnlyIfForeignValue => found,
            _ => false,
        };
        if (!answer) return;
        var foreignValue = subscription.Instruction == SubscriptionInstruction.DeleteKeyAndPropagate || !found ? null : _serdes.ForeignValueBytes(row);
        _context.Forward(new Record<TKey, SubscriptionResponseWrapper>(_serdes.PrimaryKeyOf(subscription.PrimaryKey),
            new SubscriptionResponseWrapper(subscription.Hash, foreignValue, subscription.PrimaryPartition),
            found ? Math.Max(record.Timestamp, foreignTimestamp) : record.Timestamp, record.Headers)); // as Kafka's: the later of the two rows'
    }
}
