using Confluent.Kafka;

namespace Pulse.Vitals.Internal;

/// <summary>
/// The store encoding of <see cref="WindowStats"/>: <c>[version 1][count varint][max NEWS2
/// varint][max timestamp zigzag varint][presence bits]</c>, then for each present vital in the
/// order heart rate, SpO2, systolic, diastolic, respiratory rate <c>[count][min][max][sum]</c> as
/// zigzag varints, and for temperature and glucose <c>[count varint][min][max][sum]</c> as 8-byte
/// doubles. Typically 20–60 bytes.
/// </summary>
internal sealed class WindowStatsSerde : ISerializer<WindowStats>, IDeserializer<WindowStats>
{
    private const byte Version = 1;
    private const int MaxLength = 4 + 4 * CompactWriter.MaxVarIntLength + 5 * 4 * CompactWriter.MaxVarIntLength + 2 * (CompactWriter.MaxVarIntLength + 24);

    public static WindowStatsSerde Instance { get; } = new();

    public byte[] Serialize(WindowStats data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        Span<byte> buffer = stackalloc byte[MaxLength];
        var writer = new CompactWriter(buffer);
        writer.WriteByte(Version);
        writer.WriteVarUInt((ulong)data.Count);
        writer.WriteVarUInt((ulong)data.News2Max);
        writer.WriteVarInt(data.MaxTimestamp);
        var present = (data.HeartRate.Count > 0 ? 1 : 0) | (data.Spo2.Count > 0 ? 2 : 0) | (data.SystolicBp.Count > 0 ? 4 : 0)
            | (data.DiastolicBp.Count > 0 ? 8 : 0) | (data.RespiratoryRate.Count > 0 ? 16 : 0)
            | (data.Temperature.Count > 0 ? 32 : 0) | (data.Glucose.Count > 0 ? 64 : 0);
        writer.WriteByte((byte)present);
        Write(ref writer, data.HeartRate);
        Write(ref writer, data.Spo2);
        Write(ref writer, data.SystolicBp);
        Write(ref writer, data.DiastolicBp);
        Write(ref writer, data.RespiratoryRate);
        Write(ref writer, data.Temperature);
        Write(ref writer, data.Glucose);
        return writer.ToArray();
    }

    public WindowStats Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        var reader = new CompactReader(data);
        var version = reader.ReadByte();
        if (version != Version) throw new FormatException($"Unknown window-stats encoding version {version}.");
        var stats = new WindowStats
        {
            Count = (int)reader.ReadVarUInt(),
            News2Max = (int)reader.ReadVarUInt(),
            MaxTimestamp = reader.ReadVarInt(),
        };
        var present = reader.ReadByte();
        if ((present & 1) != 0) stats.HeartRate = ReadInt(ref reader);
        if ((present & 2) != 0) stats.Spo2 = ReadInt(ref reader);
        if ((present & 4) != 0) stats.SystolicBp = ReadInt(ref reader);
        if ((present & 8) != 0) stats.DiastolicBp = ReadInt(ref reader);
        if ((present & 16) != 0) stats.RespiratoryRate = ReadInt(ref reader);
        if ((present & 32) != 0) stats.Temperature = ReadDouble(ref reader);
        if ((present & 64) != 0) stats.Glucose = ReadDouble(ref reader);
        return stats;
    }

    private static void Write(ref CompactWriter writer, in IntStat stat)
    {
        if (stat.Count == 0) return;
        writer.WriteVarUInt((ulong)stat.Count);
        writer.WriteVarInt(stat.Low);
        writer.WriteVarInt(stat.High);
        writer.WriteVarInt(stat.Sum);
    }

    private static void Write(ref CompactWriter writer, in DoubleStat stat)
    {
        if (stat.Count == 0) return;
        writer.WriteVarUInt((ulong)stat.Count);
        writer.WriteDouble(stat.Low);
        writer.WriteDouble(stat.High);
        writer.WriteDouble(stat.Sum);
    }

    private static IntStat ReadInt(ref CompactReader reader) => new()
    {
        Count = (int)reader.ReadVarUInt(),
        Low = (int)reader.ReadVarInt(),
        High = (int)reader.ReadVarInt(),
        Sum = reader.ReadVarInt(),
    };

    private static DoubleStat ReadDouble(ref CompactReader reader) => new()
    {
        Count = (int)reader.ReadVarUInt(),
        Low = reader.ReadDouble(),
        High = reader.ReadDouble(),
        Sum = reader.ReadDouble(),
    };
}
