using System.Buffers.Binary;
using Confluent.Kafka;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl;

/// <summary>
/// Table changes on an internal topic (a table <c>GroupBy</c>'s repartition topic): a flags byte (1: a new value
/// follows, 2: an old value follows), the new value's length as 4 big-endian bytes when both are present, then the
/// values' bytes through the value serde. Kafka's repartition topics carry the same facts in their own layout.
/// </summary>
internal static class ChangeSerde
{
    private const byte HasNew = 1;
    private const byte HasOld = 2;

    /// <summary>Changes of values written and read by <paramref name="inner"/>.</summary>
    public static Serde<Change<TValue>> Of<TValue>(Serde<TValue> inner)
    {
        var serde = new Codec<TValue>(inner);
        return new Serde<Change<TValue>>(serde, serde);
    }

    /// <summary>
    /// When <paramref name="wanted"/> is <c>Change&lt;V&gt;</c> and <paramref name="defaultSerde"/> a <c>Serde&lt;V&gt;</c> (the
    /// application's default value serde), the change serde over it; else null.
    /// </summary>
    public static object? OfDefault(object defaultSerde, Type wanted)
    {
        if (!wanted.IsGenericType || wanted.GetGenericTypeDefinition() != typeof(Change<>)) return null;
        var valueType = wanted.GetGenericArguments()[0];
        if (defaultSerde.GetType() != typeof(Serde<>).MakeGenericType(valueType)) return null;
        return typeof(ChangeSerde).GetMethod(nameof(Of))!.MakeGenericMethod(valueType).Invoke(null, [defaultSerde]);
    }

    private sealed class Codec<TValue>(Serde<TValue> inner) : ISerializer<Change<TValue>>, IDeserializer<Change<TValue>>
    {
        public byte[] Serialize(Change<TValue> data, SerializationContext context)
        {
            var newBytes = inner.Serialize(data.NewValue, context);
            var oldBytes = inner.Serialize(data.OldValue, context);
            var both = newBytes is not null && oldBytes is not null;
            var buffer = new byte[1 + (both ? 4 : 0) + (newBytes?.Length ?? 0) + (oldBytes?.Length ?? 0)];
            buffer[0] = (byte)((newBytes is null ? 0 : HasNew) | (oldBytes is null ? 0 : HasOld));
            var at = 1;
            if (both)
            {
                BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(1), newBytes!.Length);
                at = 5;
            }
            newBytes?.CopyTo(buffer, at);
            oldBytes?.CopyTo(buffer, at + (newBytes?.Length ?? 0));
            return buffer;
        }

        public Change<TValue> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull || data.Length == 0) throw new InvalidDataException("A table change needs at least its flags byte.");
            var flags = data[0];
            var body = data[1..];
            if ((flags & (HasNew | HasOld)) == 0) return default;
            if ((flags & (HasNew | HasOld)) == (HasNew | HasOld))
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(body);
                if (length < 0 || length > body.Length - 4) throw new InvalidDataException($"A table change's new value claims {length} bytes; {body.Length - 4} remain.");
                return new Change<TValue>(inner.Deserializer.Deserialize(body.Slice(4, length), false, context),
                    inner.Deserializer.Deserialize(body[(4 + length)..], false, context));
            }
            var value = inner.Deserializer.Deserialize(body, false, context);
            return (flags & HasNew) != 0 ? new Change<TValue>(value, default) : new Change<TValue>(default, (flags & HasOld) != 0 ? value : default);
        }
    }
}
