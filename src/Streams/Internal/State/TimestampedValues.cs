using System.Buffers.Binary;
using Confluent.Kafka;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The byte layout of a timestamped store's values: the timestamp as 8 big-endian bytes, then the value's bytes (Kafka's
/// timestamped stores use the same layout). A value written without a timestamp carries -1.
/// </summary>
internal static class TimestampedValues
{
    public const long NoTimestamp = -1;

    public static byte[] Join(long timestamp, byte[] value)
    {
        var bytes = new byte[8 + value.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestamp);
        value.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>
    /// A flushed cache entry's value and timestamp: the object the typed store put and its timestamp, else the bytes, split by
    /// <paramref name="split"/> (a timestamped store) or read by <paramref name="plain"/> with <see cref="NoTimestamp"/>.
    /// </summary>
    public static ValueAndTimestamp<TValue> OfFlushed<TValue>(object? newObject, long newObjectTimestamp, byte[]? newValue,
        Func<byte[], ValueAndTimestamp<TValue>>? split, Func<byte[]?, TValue?> plain) => newObject switch
    {
        TValue typed => new ValueAndTimestamp<TValue>(typed, newObjectTimestamp),
        _ when split is not null && newValue is not null => split(newValue),
        _ => new ValueAndTimestamp<TValue>(plain(newValue)!, NoTimestamp),
    };

    /// <summary>The timestamp of a timestamped value's bytes.</summary>
    public static long TimestampOf(byte[] bytes) =>
        bytes.Length >= 8 ? BinaryPrimitives.ReadInt64BigEndian(bytes) : throw new InvalidDataException($"A timestamped value needs at least 8 bytes; got {bytes.Length}.");

    /// <summary>
    /// Raw values of changelog or source records, with each record's timestamp joined before them (a timestamped key-value store
    /// restoring); deletes stay null.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<byte[], byte[]?>> Stamp(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        var timestamps = (records as ChangelogBatch)?.Timestamps
            ?? throw new InvalidOperationException("Source records restore a timestamped store only with their timestamps.");
        var stamped = new ChangelogBatch(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var (key, value) = records[i];
            stamped.Add(key, value is null ? null : Join(timestamps[i], value), timestamps[i]);
        }
        return stamped;
    }

    public static ValueAndTimestamp<TValue> Split<TValue>(byte[] bytes, Serde<TValue> serde, in SerializationContext context)
    {
        if (bytes.Length < 8) throw new InvalidDataException($"A timestamped value needs at least 8 bytes; got {bytes.Length}.");
        return new(serde.Deserializer.Deserialize(bytes.AsSpan(8), false, context), BinaryPrimitives.ReadInt64BigEndian(bytes));
    }

    /// <summary>The values alone, as readers that do not ask for timestamps see them (interactive queries, untimestamped reads and writes).</summary>
    public static Serde<TValue> ValuesOnly<TValue>(Serde<TValue> inner)
    {
        var codec = new ValuesOnlyCodec<TValue>(inner);
        return new Serde<TValue>(codec, codec);
    }

    /// <summary>Values with their timestamps, as a query that asks for timestamps reads them.</summary>
    public static Serde<ValueAndTimestamp<TValue>> Stamped<TValue>(Serde<TValue> inner)
    {
        var codec = new StampedCodec<TValue>(inner);
        return new Serde<ValueAndTimestamp<TValue>>(codec, codec);
    }

    private sealed class StampedCodec<TValue>(Serde<TValue> inner) : ISerializer<ValueAndTimestamp<TValue>>, IDeserializer<ValueAndTimestamp<TValue>>
    {
        public byte[] Serialize(ValueAndTimestamp<TValue> data, SerializationContext context) => Join(data.Timestamp, inner.Serializer.Serialize(data.Value, context));

        public ValueAndTimestamp<TValue> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
            data.Length < 8
                ? throw new InvalidDataException($"A timestamped value needs at least 8 bytes; got {data.Length}.")
                : new(inner.Deserializer.Deserialize(data[8..], false, context), BinaryPrimitives.ReadInt64BigEndian(data));
    }

    private sealed class ValuesOnlyCodec<TValue>(Serde<TValue> inner) : ISerializer<TValue>, IDeserializer<TValue>
    {
        public byte[] Serialize(TValue data, SerializationContext context) => Join(NoTimestamp, inner.Serializer.Serialize(data, context));

        public TValue Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (data.Length < 8) throw new InvalidDataException($"A timestamped value needs at least 8 bytes; got {data.Length}.");
            return inner.Deserializer.Deserialize(data[8..], false, context);
        }
    }
}
