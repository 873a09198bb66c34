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
        using var stream = new MemoryStream(64);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Version);
        writer.Write(data.Id);
        writer.Write(data.Latitude);
        writer.Write(data.Longitude);
        writer.Write(data.Timestamp);
        writer.Write((byte)data.Status);
        writer.Write(data.ReservedFor ?? "");
        writer.Write(data.ReservedAt);
        writer.Flush();
        return stream.ToArray();
    }

    VehicleEntry IDeserializer<VehicleEntry>.Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        using var reader = Reader(data);
        var entry = new VehicleEntry { Id = reader.ReadString() };
        entry.Latitude = reader.ReadDouble();
        entry.Longitude = reader.ReadDouble();
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
