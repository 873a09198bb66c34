using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;

/// <summary>
/// The left side of a foreign-key join (Kafka's <c>KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-</c>): turns each change of a left
/// row into subscriptions keyed by foreign key, for the subscription topic. A row that moves to another foreign key
/// unsubscribes from the old one (no response: the new one answers). The inner join subscribes only rows with a foreign key,
/// asking for an answer without a right value only when a previous result may need deleting; a row deleted or left without
/// a foreign key unsubscribes and asks for the tombstone. The left join always subscribes (a deleted row with a null foreign
/// key), asking for an answer either way, since every left row has a result. Deletes of rows nobody had are dropped.
/// </summary>
internal sealed class SubscriptionSend<TKey, TValue, TForeignKey, TForeignValue>(Func<TKey, TValue, TForeignKey?> foreignKeyExtractor,
    JoinSerdes<TKey, TValue, TForeignKey, TForeignValue> serdes, bool leftJoin) : IProcessor<TKey, Change<TValue>, TForeignKey, SubscriptionWrapper>
{
    private IProcessorContext<TForeignKey, SubscriptionWrapper> _context = null!;
    private JoinSerdes<TKey, TValue, TForeignKey, TForeignValue>.Resolved _serdes = null!;

    public void Init(IProcessorContext<TForeignKey, SubscriptionWrapper> context)
    {
        _context = context;
        _serdes = serdes.Resolve(context, "subscription registration");
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var (newValue, oldValue) = (record.Value.NewValue, record.Value.OldValue);
        if (newValue is null && oldValue is null) return;
        var oldKey = oldValue is null ? default : foreignKeyExtractor(record.Key, oldValue);
        var newKey = newValue is null ? default : foreignKeyExtractor(record.Key, newValue);
        var hash = _serdes.Hash(newValue);
        var primaryKey = _serdes.PrimaryKeyBytes(record.Key);
        var moved = oldKey is not null && newKey is not null && !ForeignKeysEqual(oldKey, newKey);
        if (leftJoin)
        {
            if (oldKey is not null && (newKey is null || moved)) Send(record, oldKey, hash, SubscriptionInstruction.DeleteKeyNoPropagate, primaryKey);
            Send(record, newKey, hash, SubscriptionInstruction.PropagateNullIfNoForeignValue, primaryKey);
            return;
        }
        if (newKey is null)
        {
            if (newValue is not null) InternalContexts.RecordDropped(_context); // a row without a foreign key has no inner result
            if (oldKey is not null) Send(record, oldKey, hash, SubscriptionInstruction.DeleteKeyAndPropagate, primaryKey);
            return;
        }
        if (moved) Send(record, oldKey, hash, SubscriptionInstruction.DeleteKeyNoPropagate, primaryKey);
        Send(record, newKey, hash, moved ? SubscriptionInstruction.PropagateNullIfNoForeignValue : SubscriptionInstruction.PropagateOnlyIfForeignValue,
            primaryKey);
    }

    /// <summary>Foreign keys compare by their bytes, as the subscription topic partitions them.</summary>
    private bool ForeignKeysEqual(TForeignKey a, TForeignKey b) =>
        _serdes.ForeignKeyBytes(a).AsSpan().SequenceEqual(_serdes.ForeignKeyBytes(b));

    private void Send(Record<TKey, Change<TValue>> record, TForeignKey? foreignKey, UInt128? hash, SubscriptionInstruction instruction, byte[] primaryKey) =>
        _context.Forward(new Record<TForeignKey, SubscriptionWrapper>(foreignKey!,
            new SubscriptionWrapper(hash, instruction, primaryKey, _context.RecordMetadata?.Partition), record.Timestamp, record.Headers));
}
