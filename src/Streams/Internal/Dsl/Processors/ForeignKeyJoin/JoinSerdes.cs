using Confluent.Kafka;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;

/// <summary>
/// The serdes of a foreign-key join's two tables (null for the configured defaults) and the subscription topic, whose name
/// stands in for the topic in the serialization contexts of the keys and values the join serializes itself, as Kafka's
/// pseudo-topics (<c>&lt;topic&gt;-pk</c>, <c>-fk</c>, <c>-vh</c>).
/// </summary>
internal sealed record JoinSerdes<TKey, TValue, TForeignKey, TForeignValue>(Serde<TKey>? KeySerde, Serde<TValue>? ValueSerde,
    Serde<TForeignKey>? ForeignKeySerde, Serde<TForeignValue>? ForeignValueSerde, string SubscriptionTopic)
{
    /// <summary>The serdes, defaults filled in from the configuration, for one processor instance.</summary>
    public Resolved Resolve(IProcessingContext context, string node)
    {
        var where = $"foreign-key join node '{node}'";
        return new Resolved(context.Config.KeySerde(KeySerde, where), context.Config.ValueSerde(ValueSerde, where),
            context.Config.KeySerde(ForeignKeySerde, where), context.Config.ValueSerde(ForeignValueSerde, where),
            new SerializationContext(MessageComponentType.Key, SubscriptionTopic + "-pk"),
            new SerializationContext(MessageComponentType.Key, SubscriptionTopic + "-fk"),
            new SerializationContext(MessageComponentType.Value, SubscriptionTopic + "-vh"));
    }

    internal sealed record Resolved(Serde<TKey> Key, Serde<TValue> Value, Serde<TForeignKey> ForeignKey, Serde<TForeignValue> ForeignValue,
        SerializationContext PrimaryKeyContext, SerializationContext ForeignKeyContext, SerializationContext ValueContext)
    {
        public byte[] PrimaryKeyBytes(TKey key) => Key.Serialize(key, PrimaryKeyContext)!;

        public TKey PrimaryKeyOf(byte[] bytes) => Key.Deserialize(bytes, PrimaryKeyContext)!;

        public byte[]? ForeignKeyBytes(TForeignKey? key) => key is null ? null : ForeignKey.Serialize(key, ForeignKeyContext);

        /// <summary>The hash of a left value, as the subscription carries it and the resolver checks it; null for none.</summary>
        public UInt128? Hash(TValue? value) => value is null ? null : Murmur3.Hash128(Value.Serialize(value, ValueContext));

        public byte[]? ForeignValueBytes(TForeignValue? value) => value is null ? null : ForeignValue.Serialize(value, ValueContext);

        public TForeignValue? ForeignValueOf(byte[]? bytes) => bytes is null ? default : ForeignValue.Deserialize(bytes, ValueContext);
    }
}
