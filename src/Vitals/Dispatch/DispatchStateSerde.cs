using Confluent.Kafka;
using pulse.vitals;

namespace Pulse.Vitals.Dispatch;

/// <summary>The dispatch stage's store values, in a small versioned binary form (first byte: the version; <see cref="CompactWriter"/>).</summary>
internal sealed class DispatchStateSerde : ISerializer<VehicleEntry>, IDeserializer<VehicleEntry>, ISerializer<DispatchRequest>, IDeserializer<DispatchRequest>
{
    private const byte Version = 1;

    public static DispatchStateSerde Instance { get; } = new();

    public byte[] Serialize(VehicleEntry data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reserved = data.ReservedFor ?? "";
        var bytes = new byte[1 + CompactWriter.Size(data.Id) + 8 + 8 + 8 + 1 + CompactWriter.Size(reserved) + 8];
        var writer = new CompactWriter(bytes);
        writer.Write(Version);
        writer.Write(data.Id);
        writer.Write(data.Latitude);
        writer.Write(data.Longitude);
        writer.Write(data.Timestamp);
        writer.Write((byte)data.Status);
        writer.Write(reserved);
        writer.Write(data.ReservedAt);
        return bytes;
    }

    VehicleEntry IDeserializer<VehicleEntry>.Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        var reader = Reader(data);
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
        var vehicle = data.VehicleId ?? "";
        var bytes = new byte[1 + CompactWriter.Size(data.EpisodeId) + CompactWriter.Size(data.PatientId) + 8 + 8 + 8 + CompactWriter.Size(data.Message) + 1 +
            CompactWriter.Size(vehicle) + 4];
        var writer = new CompactWriter(bytes);
        writer.Write(Version);
        writer.Write(data.EpisodeId);
        writer.Write(data.PatientId);
        writer.Write(data.Latitude);
        writer.Write(data.Longitude);
        writer.Write(data.RequestedAt);
        writer.Write(data.Message);
        writer.Write((byte)data.Status);
        writer.Write(vehicle);
        writer.Write(data.Sequence);
        return bytes;
    }

    DispatchRequest IDeserializer<DispatchRequest>.Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        var reader = Reader(data);
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

    private static CompactReader Reader(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || data[0] != Version) throw new FormatException($"Unknown dispatch state encoding {(data.IsEmpty ? "(empty)" : data[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        return new CompactReader(data[1..]);
    }
}
