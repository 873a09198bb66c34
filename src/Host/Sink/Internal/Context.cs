using Confluent.Kafka;

namespace Pulse.Host.Sink.Internal;

/// <summary>The serialization context of a consumed record's value, for deserializers.</summary>
internal static class Context
{
    public static SerializationContext Value(ConsumeResult<byte[], byte[]> record) =>
        new(MessageComponentType.Value, record.Topic, record.Message.Headers);
}
