using Confluent.Kafka;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// How a suppressed table is looked up (a join's other side), as Kafka's suppress view: a key the buffer holds answers with its
/// prior value, what the table held before the update that buffered it, which is what downstream last saw; any other key answers
/// with the table upstream of the suppression. A prior value's row timestamp is not known (-1), as in Kafka.
/// </summary>
internal static class SuppressedView
{
    public static ValueGetterSupplier<TKey, TValue> Of<TKey, TValue>(ValueGetterSupplier<TKey, TValue> parent, string bufferStore,
        Func<StreamsConfig, Serde<TKey>> keySerdeOf, Func<StreamsConfig, Serde<TValue>> valueSerdeOf) =>
        new([bufferStore, .. parent.StoreNames], context =>
        {
            var upstream = parent.Get(context);
            var buffer = context.GetStateStore<InMemoryTimeOrderedKeyValueBuffer>(bufferStore);
            var (keySerde, valueSerde) = (keySerdeOf(context.Config), valueSerdeOf(context.Config));
            var topic = TopicNames.Changelog(context.ApplicationId, bufferStore);
            var (keyContext, valueContext) = (new SerializationContext(MessageComponentType.Key, topic), new SerializationContext(MessageComponentType.Value, topic));
            return (TKey key, out TValue? value, out long timestamp) =>
            {
                if (!buffer.TryGetPriorValue(new Pulse.Streams.State.Bytes(keySerde.Serializer.Serialize(key, keyContext) ?? []), out var prior))
                    return upstream(key, out value, out timestamp);
                timestamp = TimestampedValues.NoTimestamp;
                value = prior is null ? default : valueSerde.Deserializer.Deserialize(prior, false, valueContext);
                return prior is not null;
            };
        });
}
