using System.Buffers.Binary;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// Byte layout of window-store keys, as Kafka's <c>WindowKeySchema</c>: the record key, then the
/// window start as 8 big-endian bytes, then (in changelogs and duplicate-keeping stores) a 4-byte
/// sequence number. Keys of one record key sort by window start.
/// </summary>
internal static class WindowKeySchema
{
    public const int TimestampSize = 8;
    public const int SequenceSize = 4;

    /// <summary>[key][start]: the key of the record cache and of stores that keep one value per window.</summary>
    public static byte[] ToKey(ReadOnlySpan<byte> key, long windowStart)
    {
        var buffer = new byte[key.Length + TimestampSize];
        WriteKey(key, windowStart, buffer);
        return buffer;
    }

    /// <summary>Writes [key][start] into <paramref name="buffer"/>, which is exactly that long.</summary>
    public static void WriteKey(ReadOnlySpan<byte> key, long windowStart, Span<byte> buffer)
    {
        key.CopyTo(buffer);
        BinaryPrimitives.WriteInt64BigEndian(buffer[key.Length..], windowStart);
    }

    /// <summary>[key][start][seq]: the changelog key.</summary>
    public static byte[] ToChangelogKey(ReadOnlySpan<byte> key, long windowStart, int sequence)
    {
        var buffer = new byte[key.Length + TimestampSize + SequenceSize];
        key.CopyTo(buffer);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(key.Length), windowStart);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(key.Length + TimestampSize), sequence);
        return buffer;
    }

    /// <summary>Splits a [key][start] key.</summary>
    public static (Bytes Key, long WindowStart) FromKey(ReadOnlySpan<byte> binary)
    {
        var keyLength = binary.Length - TimestampSize;
        return (new Bytes(binary[..keyLength].ToArray()), BinaryPrimitives.ReadInt64BigEndian(binary[keyLength..]));
    }

    /// <summary>Splits a [key][start][seq] changelog key.</summary>
    public static (Bytes Key, long WindowStart, int Sequence) FromChangelogKey(ReadOnlySpan<byte> binary)
    {
        var keyLength = binary.Length - TimestampSize - SequenceSize;
        return (new Bytes(binary[..keyLength].ToArray()),
            BinaryPrimitives.ReadInt64BigEndian(binary.Slice(keyLength, TimestampSize)),
            BinaryPrimitives.ReadInt32BigEndian(binary[(keyLength + TimestampSize)..]));
    }
}
