using System.Text;
using Confluent.Kafka;
using pulse.vitals;

namespace Pulse.Vitals.Dispatch;

/// <summary>The dispatch stage's store values, in a small versioned binary form (first byte: the version).</summary>
internal sealed class DispatchStateSerde : ISerializer<VehicleEntry>, IDeserializer<VehicleEntry>, ISerializer<DispatchRequest>, IDeserializer<DispatchRequest>
{
    private const byte Version = 1;

    public static DispatchStateSerde Instance { get; } = new();

    public byte[] Serialize(VehicleEntry data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        // Written many times a second for a moving fleet: one exact allocation, in BinaryWriter's layout (7-bit length-prefixed UTF-8 strings).
        var reserved = data.ReservedFor ?? "";
        var bytes = new byte[1 + StringSize(data.Id) + 8 + 8 + 8 + 1 + StringSize(reserved) + 8];
        var span = bytes.AsSpan();
        span[0] = Version;
        var at = 1;
        at += WriteString(span[at..], data.Id);
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span[at..], data.Latitude);
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 8)..], data.Longitude);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[(at + 16)..], data.Timestamp);
        span[at + 24] = (byte)data.Status;
        at += 25;
        at += WriteString(span[at..], reserved);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[at..], data.ReservedAt);
        return bytes;
    }

    private static int StringSize(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var prefix = 1;
        for (var n = (uint)length; n >= 0x80; n >>= 7) prefix++;
        return prefix + length;
    }

    private static int WriteString(Span<byte> span, string text)
    {
        var length = (uint)Encoding.UTF8.GetByteCount(text);
        var at = 0;
        for (; length >= 0x80; length >>= 7) span[at++] = (byte)(length | 0x80);
        span[at++] = (byte)length;
        return at + Encoding.UTF8.GetBytes(text, span[at..]);
    }

    VehicleEntry IDeserializer<VehicleEntry>.Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        using var reader = Reader(data);
        var entry = new VehicleEntry { Id = reader.ReadString() };
        entry.MoveTo(reader.ReadDouble(), reader.ReadDouble());
        entry.Timestamp = reader.ReadInt64();
        entry.Status = (VehicleStatus)reader.ReadByte();
        var reserved = reader.ReadString();
        entry.ReservedFor = reserved.Length == 0 ? null : reserved;
        entry.ReservedAt = reader.ReadInt64();
        return entry;
    }

    public byte[] Serialize(DispatchRequest data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream(128);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Version);
        writer.Write(data.EpisodeId);
        writer.Write(data.PatientId);
        writer.Write(data.Latitude);
        writer.Write(data.Longitude);
        writer.Write(data.RequestedAt);
        writer.Write(data.Message);
        writer.Write((byte)data.Status);
        writer.Write(data.VehicleId ?? "");
        writer.Write(data.Sequence);
        writer.Flush();
        return stream.ToArray();
    }

    DispatchRequest IDeserializer<DispatchRequest>.Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        using var reader = Reader(data);
        var request = new DispatchRequest
        {
            EpisodeId = reader.ReadString(), PatientId = reader.ReadString(), Latitude = reader.ReadDouble(), Longitude = reader.ReadDouble(),
            RequestedAt = reader.ReadInt64(), Message = reader.ReadString(),
        };
        request.Status = (DispatchStatus)reader.ReadByte();
        var vehicle = reader.ReadString();
        request.VehicleId = vehicle.Length == 0 ? null : vehicle;
        request.Sequence = reader.ReadInt32();
        return request;
    }

    private static BinaryReader Reader(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || data[0] != Version) throw new FormatException($"Unknown dispatch state encoding {(data.IsEmpty ? "(empty)" : data[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        return new BinaryReader(new MemoryStream(data[1..].ToArray()), Encoding.UTF8);
    }
}
