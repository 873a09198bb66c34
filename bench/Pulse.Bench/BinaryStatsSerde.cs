using System.Buffers.Binary;
using Confluent.Kafka;
using Pulse.Streams.Serialization;

namespace Pulse.Bench;

/// <summary>
/// <see cref="SensorStats"/> as 32 fixed bytes (count, min, max, sum; big-endian). Only for the
/// <c>--agg-serde binary</c> ablation, which measures what the per-update JSON round trip of the
/// aggregate costs; the reference run stores JSON.
/// </summary>
internal sealed class BinaryStatsSerde : ISerializer<SensorStats>, IDeserializer<SensorStats>
{
    public static Serde<SensorStats> Instance { get; } = Serdes.From<SensorStats>(new BinaryStatsSerde(), new BinaryStatsSerde());

    public byte[] Serialize(SensorStats data, SerializationContext context)
    {
        var buffer = new byte[32];
        BinaryPrimitives.WriteInt64BigEndian(buffer, data.Count);
        BinaryPrimitives.WriteDoubleBigEndian(buffer.AsSpan(8), data.Min);
        BinaryPrimitives.WriteDoubleBigEndian(buffer.AsSpan(16), data.Max);
        BinaryPrimitives.WriteDoubleBigEndian(buffer.AsSpan(24), data.Sum);
        return buffer;
    }

    public SensorStats Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? null! : new SensorStats(BinaryPrimitives.ReadInt64BigEndian(data), BinaryPrimitives.ReadDoubleBigEndian(data[8..]),
            BinaryPrimitives.ReadDoubleBigEndian(data[16..]), BinaryPrimitives.ReadDoubleBigEndian(data[24..]));
}
