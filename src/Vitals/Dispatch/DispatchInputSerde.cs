using Confluent.Kafka;
using pulse.vitals;

namespace Pulse.Vitals.Dispatch;

/// <summary>
/// <see cref="DispatchInput"/> on the dispatch stage's internal topics: a version byte, a kind byte (1 call, 2 vehicle), then
/// the fields (<see cref="CompactWriter"/>). A location absent from a call is written as NaN.
/// </summary>
internal sealed class DispatchInputSerde : ISerializer<DispatchInput>, IDeserializer<DispatchInput>
{
    private const byte Version = 1, CallKind = 1, VehicleKind = 2;

    public static DispatchInputSerde Instance { get; } = new();

    public byte[] Serialize(DispatchInput data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Call is { } call)
        {
            var bytes = new byte[2 + CompactWriter.Size(call.EpisodeId) + CompactWriter.Size(call.PatientId) + 1 + 8 + 8 + CompactWriter.Size(call.Message)];
            var writer = new CompactWriter(bytes);
            writer.Write(Version);
            writer.Write(CallKind);
            writer.Write(call.EpisodeId);
            writer.Write(call.PatientId);
            writer.Write((byte)(call.Resolved ? 1 : 0));
            writer.Write(call.Latitude ?? double.NaN);
            writer.Write(call.Longitude ?? double.NaN);
            writer.Write(call.Message);
            return bytes;
        }
        var vehicle = data.Vehicle ?? throw new ArgumentException("A dispatch input holds a call or a vehicle.", nameof(data));
        var vehicleBytes = new byte[2 + CompactWriter.Size(vehicle.VehicleId) + 8 + 8 + 8 + 1];
        var vehicleWriter = new CompactWriter(vehicleBytes);
        vehicleWriter.Write(Version);
        vehicleWriter.Write(VehicleKind);
        vehicleWriter.Write(vehicle.VehicleId);
        vehicleWriter.Write(vehicle.Latitude);
        vehicleWriter.Write(vehicle.Longitude);
        vehicleWriter.Write(vehicle.Timestamp);
        vehicleWriter.Write((byte)vehicle.Status);
        return vehicleBytes;
    }

    public DispatchInput Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull) return null!;
        if (data.Length < 2 || data[0] != Version) throw new FormatException($"Unknown dispatch input encoding {(data.IsEmpty ? "(empty)" : data[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        var reader = new CompactReader(data[2..]);
        switch (data[1])
        {
            case CallKind:
                var (episode, patient, resolved) = (reader.ReadString(), reader.ReadString(), reader.ReadByte() == 1);
                var (latitude, longitude) = (reader.ReadDouble(), reader.ReadDouble());
                return new() { Call = new(episode, patient, resolved, double.IsNaN(latitude) ? null : latitude, double.IsNaN(longitude) ? null : longitude, reader.ReadString()) };
            case VehicleKind:
                return new() { Vehicle = new(reader.ReadString(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64(), (VehicleStatus)reader.ReadByte()) };
            default:
                throw new FormatException($"Unknown dispatch input kind {data[1]}.");
        }
    }
}
