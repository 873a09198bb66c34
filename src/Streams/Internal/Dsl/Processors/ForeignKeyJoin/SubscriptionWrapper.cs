using System.Buffers.Binary;
using Confluent.Kafka;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;

/// <summary>What the right side of a foreign-key join does with a subscription, as Kafka's instructions.</summary>
internal enum SubscriptionInstruction : byte
{
    /// <summary>Unsubscribe; no response (the left row moved to another foreign key, which answers).</summary>
    DeleteKeyNoPropagate = 0,

    /// <summary>Unsubscribe and answer with no right value (the left row is gone, or has no foreign key).</summary>
    DeleteKeyAndPropagate = 1,

    /// <summary>Subscribe and answer, with no right value when there is none.</summary>
    PropagateNullIfNoForeignValue = 2,

    /// <summary>Subscribe; answer only when there is a right value.</summary>
    PropagateOnlyIfForeignValue = 3,
}

/// <summary>
/// A left row's subscription to a foreign key, on the subscription topic (keyed by the foreign key) and in the subscription
/// store: the instruction, the hash of the left value it was made for (null for a deleted row), the left row's serialized
/// key, and the partition it came from (where the response goes back to).
/// </summary>
internal sealed record SubscriptionWrapper(UInt128? Hash, SubscriptionInstruction Instruction, byte[] PrimaryKey, int? PrimaryPartition)
{
    /// <summary>The layout version written in the first byte; a reader refuses any other.</summary>
    public const byte Version = 1;

    /// <summary>
    /// Version byte, flags (1: a hash follows, 2: a partition follows), instruction byte, the 16-byte big-endian hash,
    /// the 4-byte big-endian partition, then the primary key's bytes.
    /// </summary>
    public static Serde<SubscriptionWrapper> Serde { get; } = new(new Codec(), new Codec());

    private sealed class Codec : ISerializer<SubscriptionWrapper>, IDeserializer<SubscriptionWrapper>
    {
        public byte[] Serialize(SubscriptionWrapper data, SerializationContext context)
        {
            var buffer = new byte[3 + (data.Hash is null ? 0 : 16) + (data.PrimaryPartition is null ? 0 : 4) + data.PrimaryKey.Length];
            buffer[0] = Version;
            buffer[1] = (byte)((data.Hash is null ? 0 : 1) | (data.PrimaryPartition is null ? 0 : 2));
            buffer[2] = (byte)data.Instruction;
            var at = WireFields.Write(buffer, 3, data.Hash, data.PrimaryPartition);
            data.PrimaryKey.CopyTo(buffer, at);
            return buffer;
        }

        public SubscriptionWrapper Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            WireFields.CheckVersion(data, isNull, 3, "subscription");
            var (hash, partition, at) = WireFields.Read(data, 3, (data[1] & 1) != 0, (data[1] & 2) != 0, "subscription");
            var instruction = data[2] <= 3 ? (SubscriptionInstruction)data[2]
                : throw new InvalidDataException($"A foreign-key join subscription has unknown instruction {data[2]}.");
            return new SubscriptionWrapper(hash, instruction, data[at..].ToArray(), partition);
        }
    }
}

/// <summary>
/// The right side's answer to a subscription, on the response topic (keyed by the left row's key): the hash of the left value
/// the subscription was made for, the right value's bytes (null when there is none), and the left row's partition.
/// </summary>
internal sealed record SubscriptionResponseWrapper(UInt128? OriginalValueHash, byte[]? ForeignValue, int? PrimaryPartition)
{
    /// <summary>The layout version written in the first byte; a reader refuses any other.</summary>
    public const byte Version = 1;

    /// <summary>
    /// Version byte, flags (1: a hash follows, 2: a partition follows, 4: a right value follows), the 16-byte big-endian hash,
    /// the 4-byte big-endian partition, then the right value's bytes.
    /// </summary>
    public static Serde<SubscriptionResponseWrapper> Serde { get; } = new(new Codec(), new Codec());

    private sealed class Codec : ISerializer<SubscriptionResponseWrapper>, IDeserializer<SubscriptionResponseWrapper>
    {
        public byte[] Serialize(SubscriptionResponseWrapper data, SerializationContext context)
        {
            var value = data.ForeignValue;
            var buffer = new byte[2 + (data.OriginalValueHash is null ? 0 : 16) + (data.PrimaryPartition is null ? 0 : 4) + (value?.Length ?? 0)];
            buffer[0] = Version;
            buffer[1] = (byte)((data.OriginalValueHash is null ? 0 : 1) | (data.PrimaryPartition is null ? 0 : 2) | (value is null ? 0 : 4));
            var at = WireFields.Write(buffer, 2, data.OriginalValueHash, data.PrimaryPartition);
            value?.CopyTo(buffer, at);
            return buffer;
        }

        public SubscriptionResponseWrapper Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            WireFields.CheckVersion(data, isNull, 2, "response");
            var (hash, partition, at) = WireFields.Read(data, 2, (data[1] & 1) != 0, (data[1] & 2) != 0, "response");
            return new SubscriptionResponseWrapper(hash, (data[1] & 4) != 0 ? data[at..].ToArray() : null, partition);
        }
    }
}

/// <summary>The fields both wrappers share, in the same order: an optional 16-byte hash, then an optional 4-byte partition.</summary>
file static class WireFields
{
    public static int Write(byte[] buffer, int at, UInt128? hash, int? partition)
    {
        if (hash is { } h)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(at), (ulong)(h >> 64));
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(at + 8), (ulong)h);
            at += 16;
        }
        if (partition is { } p)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(at), p);
            at += 4;
        }
        return at;
    }

    public static (UInt128? Hash, int? Partition, int At) Read(ReadOnlySpan<byte> data, int at, bool hasHash, bool hasPartition, string what)
    {
        if (data.Length < at + (hasHash ? 16 : 0) + (hasPartition ? 4 : 0))
            throw new InvalidDataException($"A foreign-key join {what} of {data.Length} bytes is too short for its fields.");
        UInt128? hash = null;
        if (hasHash)
        {
            hash = new UInt128(BinaryPrimitives.ReadUInt64BigEndian(data[at..]), BinaryPrimitives.ReadUInt64BigEndian(data[(at + 8)..]));
            at += 16;
        }
        int? partition = null;
        if (hasPartition)
        {
            partition = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
            at += 4;
        }
        return (hash, partition, at);
    }

    public static void CheckVersion(ReadOnlySpan<byte> data, bool isNull, int header, string what)
    {
        if (isNull || data.Length < header) throw new InvalidDataException($"A foreign-key join {what} needs at least {header} bytes.");
        if (data[0] != 1)
            throw new InvalidDataException($"A foreign-key join {what} has layout version {data[0]}; this version of Pulse reads version 1 only.");
    }
}
