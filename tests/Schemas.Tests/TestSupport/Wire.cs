using System.Buffers.Binary;
using Confluent.Kafka;

namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>Contexts and header reading for Confluent's wire format.</summary>
public static class Wire
{
    public static SerializationContext Value(string topic) => new(MessageComponentType.Value, topic);

    /// <summary>The schema id of a framed record (bytes 1..4, big-endian).</summary>
    public static int SchemaId(byte[] bytes) => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4));
}
