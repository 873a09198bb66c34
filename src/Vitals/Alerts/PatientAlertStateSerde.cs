using Confluent.Kafka;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// The store's encoding of <see cref="PatientAlertState"/>: a format version byte, the watermark
/// (8 bytes, big-endian), then the NEWS2, SUSTAINED and RAPID_CHANGE sections (see their
/// <c>Write</c>), with times as varint distances back from the watermark. A patient with no open
/// episode takes a few dozen bytes. Stateless and thread-safe (a per-thread scratch buffer).
/// </summary>
internal sealed class PatientAlertStateSerde : ISerializer<PatientAlertState>, IDeserializer<PatientAlertState>
{
    private const byte Version = 1;

    [ThreadStatic] private static byte[]? s_scratch;

    public static Serde<PatientAlertState> Instance { get; } = Serdes.From<PatientAlertState>(new PatientAlertStateSerde(), new PatientAlertStateSerde());

    public byte[] Serialize(PatientAlertState data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        var max = 1 + 8 + News2State.MaxEncodedSize + SustainedState.MaxEncodedSize + data.RapidChange.MaxEncodedSize;
        if (s_scratch is null || s_scratch.Length < max) s_scratch = new byte[Math.Max(max, 256)];
        var writer = new StateWriter(s_scratch, data.Watermark);
        writer.Byte(Version);
        writer.Fixed64(data.Watermark);
        data.News2.Write(ref writer);
        data.Sustained.Write(ref writer);
        data.RapidChange.Write(ref writer);
        return s_scratch.AsSpan(0, writer.Position).ToArray();
    }

    public PatientAlertState Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull) return null!;
        var reader = new StateReader(data);
        var version = reader.Byte();
        if (version != Version)
            throw new InvalidDataException($"Alert state format version {version} is unknown (this build reads {Version}); topic '{context.Topic}'.");
        var state = new PatientAlertState { Watermark = reader.Fixed64() };
        reader.Watermark = state.Watermark;
        state.News2.Read(ref reader);
        state.Sustained.Read(ref reader);
        state.RapidChange.Read(ref reader);
        if (!reader.AtEnd) throw new InvalidDataException($"Alert state has bytes after its last section; topic '{context.Topic}'.");
        return state;
    }
}
