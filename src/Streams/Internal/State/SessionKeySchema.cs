using System.Buffers.Binary;
using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// Byte layout of session-store keys, as Kafka's <c>SessionKeySchema</c>: the record key, then the
/// session end, then the session start, each 8 big-endian bytes. The same bytes key the changelog,
/// the record cache and the RocksDB segments, so a key's sessions sort by end, then start (for
/// times of one sign).
/// </summary>
internal static class SessionKeySchema
{
    public const int SuffixSize = 16;

    /// <summary>[key][end][start].</summary>
    public static byte[] ToBinary(ReadOnlySpan<byte> key, long start, long end)
    {
        var buffer = new byte[key.Length + SuffixSize];
        key.CopyTo(buffer);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(key.Length), end);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(key.Length + 8), start);
        return buffer;
    }

    /// <summary>[key][end][start] of a session key.</summary>
    public static byte[] ToBinary(Windowed<Bytes> session) => ToBinary(session.Key.Span, session.Window.StartMs, session.Window.EndMs);

    /// <summary>Splits a [key][end][start] key.</summary>
    public static Windowed<Bytes> FromBinary(ReadOnlySpan<byte> binary)
    {
        var keyLength = binary.Length - SuffixSize;
        var end = BinaryPrimitives.ReadInt64BigEndian(binary.Slice(keyLength, 8));
        var start = BinaryPrimitives.ReadInt64BigEndian(binary[(keyLength + 8)..]);
        return new Windowed<Bytes>(new Bytes(binary[..keyLength].ToArray()), new Window(start, end));
    }

    /// <summary>The session end of a [key][end][start] key.</summary>
    public static long EndOf(ReadOnlySpan<byte> binary) => BinaryPrimitives.ReadInt64BigEndian(binary.Slice(binary.Length - SuffixSize, 8));
}
