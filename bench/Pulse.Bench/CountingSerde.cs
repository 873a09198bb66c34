using Confluent.Kafka;
using Pulse.Streams.Serialization;

namespace Pulse.Bench;

/// <summary>
/// A read-only serde that "deserializes" a record into its length: draining output topics with it
/// counts records and bytes without paying for a consumer-side JSON parse.
/// </summary>
internal sealed class CountingSerde : ISerializer<int>, IDeserializer<int>
{
    public static Serde<int> Instance { get; } = Serdes.From<int>(new CountingSerde(), new CountingSerde());

    public byte[] Serialize(int data, SerializationContext context) =>
        throw new NotSupportedException("The counting serde only reads.");

    public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => isNull ? 0 : data.Length;
}
