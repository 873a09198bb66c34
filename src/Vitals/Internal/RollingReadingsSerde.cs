using System.Buffers;
using Confluent.Kafka;

namespace Pulse.Vitals.Internal;

/// <summary>
/// The store encoding of <see cref="RollingReadings"/>, about 4 bytes a reading:
/// <c>[version 1][count varint]</c>, then when not empty <c>[first timestamp zigzag varint]</c>
/// and per entry <c>[ms since the previous entry varint (omitted for the first)][heart rate
/// varint, 0 absent][SpO2 byte, 0 absent]</c>. Entries are sorted, so the deltas are never negative.
/// </summary>
internal sealed class RollingReadingsSerde : ISerializer<RollingReadings>, IDeserializer<RollingReadings>
{
    private const byte Version = 1;
    private const int MaxEntryLength = CompactWriter.MaxVarIntLength + 3 + 1;

    public static RollingReadingsSerde Instance { get; } = new();

    public byte[] Serialize(RollingReadings data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        var bound = 1 + 2 * CompactWriter.MaxVarIntLength + data.Count * MaxEntryLength;
        var rented = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            var writer = new CompactWriter(rented);
            writer.WriteByte(Version);
            writer.WriteVarUInt((ulong)data.Count);
            var previous = 0L;
            for (var i = 0; i < data.Count; i++)
            {
                var e = data[i];
                if (i == 0) writer.WriteVarInt(e.Timestamp);
                else writer.WriteVarUInt((ulong)(e.Timestamp - previous));
                previous = e.Timestamp;
                writer.WriteVarUInt((ulong)e.HeartRate);
                writer.WriteByte(e.Spo2);
            }
            return writer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public RollingReadings Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        var reader = new CompactReader(data);
        var version = reader.ReadByte();
        if (version != Version) throw new FormatException($"Unknown rolling-readings encoding version {version}.");
        var count = checked((int)reader.ReadVarUInt());
        var readings = new RollingReadings(Math.Max(16, count + count / 2));
        var timestamp = 0L;
        for (var i = 0; i < count; i++)
        {
            timestamp = i == 0 ? reader.ReadVarInt() : timestamp + (long)reader.ReadVarUInt();
            var heartRate = (short)reader.ReadVarUInt();
            readings.Append(new RollingReadings.Entry { Timestamp = timestamp, HeartRate = heartRate, Spo2 = reader.ReadByte() });
        }
        return readings;
    }
}
