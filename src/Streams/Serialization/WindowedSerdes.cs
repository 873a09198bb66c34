using System.Buffers.Binary;
using Confluent.Kafka;
using Pulse.Streams.Dsl;

namespace Pulse.Streams.Serialization;

/// <summary>
/// Serdes of windowed keys, byte-compatible with Kafka's: <c>TimeWindowedSerde</c> writes the key's bytes, then the
/// window start as 8 big-endian bytes; <c>SessionWindowedSerde</c> the key's bytes, then the session end and start.
/// </summary>
public static class WindowedSerdes
{
    /// <summary>Windowed keys of fixed-size windows; the window end is start + <paramref name="windowSize"/>.</summary>
    public static Serde<Windowed<TKey>> TimeWindowed<TKey>(Serde<TKey> inner, TimeSpan windowSize) =>
        TimeWindowed(inner, (long)windowSize.TotalMilliseconds);

    internal static Serde<Windowed<TKey>> TimeWindowed<TKey>(Serde<TKey> inner, long windowSizeMs)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var serde = new TimeWindowedSerde<TKey>(inner, windowSizeMs);
        return new Serde<Windowed<TKey>>(serde, serde);
    }

    /// <summary>Session-windowed keys: [key][end][start], the end and start as 8 big-endian bytes each.</summary>
    public static Serde<Windowed<TKey>> SessionWindowed<TKey>(Serde<TKey> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var serde = new SessionWindowedSerde<TKey>(inner);
        return new Serde<Windowed<TKey>>(serde, serde);
    }

    private sealed class SessionWindowedSerde<TKey>(Serde<TKey> inner) : ISerializer<Windowed<TKey>>, IDeserializer<Windowed<TKey>>
    {
        public byte[] Serialize(Windowed<TKey> data, SerializationContext context)
        {
            var key = inner.Serializer.Serialize(data.Key, context) ?? [];
            var buffer = new byte[key.Length + 16];
            key.CopyTo(buffer, 0);
            BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(key.Length), data.Window.EndMs);
            BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(key.Length + 8), data.Window.StartMs);
            return buffer;
        }

        public Windowed<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull) return default;
            if (data.Length < 16) throw new InvalidDataException($"A session-windowed key needs at least 16 bytes; got {data.Length}.");
            var end = BinaryPrimitives.ReadInt64BigEndian(data[^16..^8]);
            var start = BinaryPrimitives.ReadInt64BigEndian(data[^8..]);
            return new Windowed<TKey>(inner.Deserializer.Deserialize(data[..^16], false, context), new Window(start, end));
        }
    }

    private sealed class TimeWindowedSerde<TKey>(Serde<TKey> inner, long windowSizeMs) : ISerializer<Windowed<TKey>>, IDeserializer<Windowed<TKey>>
    {
        public byte[] Serialize(Windowed<TKey> data, SerializationContext context)
        {
            var key = inner.Serializer.Serialize(data.Key, context) ?? [];
            var buffer = new byte[key.Length + 8];
            key.CopyTo(buffer, 0);
            BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(key.Length), data.Window.StartMs);
            return buffer;
        }

        public Windowed<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull) return default;
            if (data.Length < 8) throw new InvalidDataException($"A windowed key needs at least 8 bytes; got {data.Length}.");
            var start = BinaryPrimitives.ReadInt64BigEndian(data[^8..]);
            var key = inner.Deserializer.Deserialize(data[..^8], false, context);
            var end = windowSizeMs == long.MaxValue || start > long.MaxValue - windowSizeMs ? long.MaxValue : start + windowSizeMs;
            return new Windowed<TKey>(key, new Window(start, end));
        }
    }
}
