using System.Buffers.Binary;
using Confluent.Kafka;
using Pulse.Streams.Dsl;

namespace Pulse.Streams.Serialization;

/// <summary>Serdes of windowed keys, byte-compatible with Kafka's <c>TimeWindowedSerde</c>: the key's bytes, then the window start as 8 big-endian bytes.</summary>
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
