using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace Pulse.Vitals.Internal;

/// <summary>The key of an open stats window: its start (ms since the epoch) and the patient.</summary>
internal readonly record struct StatsWindowKey(long Start, string PatientId);

/// <summary>
/// Encodes <see cref="StatsWindowKey"/> time first, <c>[start, sign bit flipped, 8 bytes
/// big-endian][patient id UTF-8]</c>, so the store's byte order is window-start order: every
/// window that closes together is one contiguous range, found without scanning other windows.
/// </summary>
internal sealed class StatsWindowKeySerde : ISerializer<StatsWindowKey>, IDeserializer<StatsWindowKey>
{
    public static StatsWindowKeySerde Instance { get; } = new();

    public byte[] Serialize(StatsWindowKey data, SerializationContext context)
    {
        var patient = data.PatientId ?? "";
        var bytes = new byte[8 + Encoding.UTF8.GetByteCount(patient)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)data.Start ^ 0x8000_0000_0000_0000UL);
        Encoding.UTF8.GetBytes(patient, bytes.AsSpan(8));
        return bytes;
    }

    public StatsWindowKey Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        new((long)(BinaryPrimitives.ReadUInt64BigEndian(data) ^ 0x8000_0000_0000_0000UL), Encoding.UTF8.GetString(data[8..]));
}
