using Pulse.Streams.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;

/// <summary>
/// Fans a right row's change out to its subscribers (Kafka's <c>KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-</c>,
/// <c>-foreign-join-subscription</c>): a prefix scan of the subscription store by the row's key finds every left row that
/// subscribed to it, and each gets an answer with the new right value (none for a delete), keyed by its own key and carrying
/// the hash its subscription was made for. Records with a null key are dropped.
/// </summary>
internal sealed class ForeignTableJoin<TKey, TValue, TForeignKey, TForeignValue>(string storeName,
    JoinSerdes<TKey, TValue, TForeignKey, TForeignValue> serdes) : IProcessor<TForeignKey, Change<TForeignValue>, TKey, SubscriptionResponseWrapper>
{
    private IProcessorContext<TKey, SubscriptionResponseWrapper> _context = null!;
    private JoinSerdes<TKey, TValue, TForeignKey, TForeignValue>.Resolved _serdes = null!;
    private IKeyValueStore<byte[], SubscriptionWrapper> _store = null!;

    public void Init(IProcessorContext<TKey, SubscriptionResponseWrapper> context)
    {
        _context = context;
        _serdes = serdes.Resolve(context, "foreign table join");
        _store = context.GetStateStore<IKeyValueStore<byte[], SubscriptionWrapper>>(storeName);
    }

    public void Process(Record<TForeignKey, Change<TForeignValue>> record)
    {
        if (record.Key is null)
        {
            InternalContexts.RecordDropped(_context);
            return;
        }
        var prefix = CombinedKey.Prefix(_serdes.ForeignKeyBytes(record.Key)!);
        var value = _serdes.ForeignValueBytes(record.Value.NewValue);
        foreach (var (key, subscription) in _store.Range(prefix, CombinedKey.PrefixEnd(prefix)))
        {
            if (!CombinedKey.HasPrefix(key, prefix)) continue; // the range's end is inclusive
            _context.Forward(new Record<TKey, SubscriptionResponseWrapper>(_serdes.PrimaryKeyOf(CombinedKey.PrimaryKey(key)),
                new SubscriptionResponseWrapper(subscription.Hash, value, subscription.PrimaryPartition), record.Timestamp, record.Headers));
        }
    }
}
