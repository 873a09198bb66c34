using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Pulse.Schemas.Internal;

/// <summary>
/// Avro's binary encoding, appended to a byte array that grows by doubling: what the generated codecs
/// write records with, byte for byte what Apache.Avro's <c>BinaryEncoder</c> writes for the same values.
/// Invariant: bytes [0, <see cref="Length"/>) of <see cref="Buffer"/> are the encoding so far; a
/// write first makes room, so it never writes past the array.
/// </summary>
internal ref struct AvroWriter
{
    private const int MaxInPlace = 1 << 16; // longer strings are counted first rather than over-reserved

    private byte[] buffer;
    private int position;

    /// <summary>A writer that starts at the beginning of <paramref name="buffer"/> (and replaces it when it outgrows it).</summary>
    public AvroWriter(byte[] buffer) => this.buffer = buffer;

    /// <summary>The array written into: the one given, or a larger copy once that was full.</summary>
    public readonly byte[] Buffer => buffer;

    /// <summary>The number of bytes written.</summary>
    public readonly int Length => position;

    /// <summary>The bytes written.</summary>
    public readonly ReadOnlySpan<byte> Written => buffer.AsSpan(0, position);

    /// <summary>The bytes written, as a new array of exactly their length.</summary>
    public readonly byte[] ToArray() => Written.ToArray();

    /// <summary>A span of <paramref name="size"/> bytes at the end, to be filled and then passed to <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        Reserve(size);
        return buffer.AsSpan(position, size);
    }

    /// <summary>Counts <paramref name="count"/> bytes written into the last <see cref="GetSpan"/>.</summary>
    public void Advance(int count) => position += count;

    /// <summary>A boolean: one byte, 0 or 1.</summary>
    public void WriteBoolean(bool value)
    {
        Reserve(1);
        buffer[position++] = value ? (byte)1 : (byte)0;
    }

    /// <summary>An int: zig-zag, then a varint of 1 to 5 bytes.</summary>
    public void WriteInt(int value) => WriteVarint((uint)((value << 1) ^ (value >> 31)));

    /// <summary>A long: zig-zag, then a varint of 1 to 10 bytes.</summary>
    public void WriteLong(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>A float: its IEEE 754 bits, little-endian (NaN payloads kept).</summary>
    public void WriteFloat(float value)
    {
        Reserve(4);
        BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(position, 4), value);
        position += 4;
    }

    /// <summary>A double: its IEEE 754 bits, little-endian (NaN payloads kept).</summary>
    public void WriteDouble(double value)
    {
        Reserve(8);
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(position, 8), value);
        position += 8;
    }

    /// <summary>
    /// A string: its UTF-8 length as a long, then the UTF-8 bytes (a lone surrogate becomes U+FFFD, as
    /// <see cref="Encoding.UTF8"/> does for Apache.Avro). Encoded once, straight into the buffer: when
    /// the length prefix has the same size for every possible UTF-8 length (1 to 3 bytes per char), as
    /// for up to 21 chars, the bytes go after a reserved prefix; otherwise the length is counted first.
    /// </summary>
    public void WriteString(string value)
    {
        var prefix = VarintSize((ulong)value.Length << 1);
        var most = value.Length * 3L;
        if (most <= MaxInPlace && prefix == VarintSize((ulong)most << 1))
        {
            Reserve(prefix + (int)most);
            var count = Encoding.UTF8.GetBytes(value, buffer.AsSpan(position + prefix));
            var zigZag = (ulong)count << 1;
            for (var i = 0; i < prefix - 1; i++, zigZag >>= 7)
                buffer[position + i] = (byte)(zigZag | 0x80);
            buffer[position + prefix - 1] = (byte)zigZag;
            position += prefix + count;
        }
        else
        {
            var count = Encoding.UTF8.GetByteCount(value);
            WriteLong(count);
            Reserve(count);
            position += Encoding.UTF8.GetBytes(value, buffer.AsSpan(position, count));
        }
    }

    /// <summary>Bytes: their length as a long, then the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteFixed(value);
    }

    /// <summary>A fixed: the bytes, no length.</summary>
    public void WriteFixed(ReadOnlySpan<byte> value)
    {
        Reserve(value.Length);
        value.CopyTo(buffer.AsSpan(position));
        position += value.Length;
    }

    /// <summary>The branch of a union that follows, by its position in the schema.</summary>
    public void WriteUnionIndex(int index) => WriteInt(index);

    /// <summary>An enum symbol by its position in the schema; a value outside 0..<paramref name="symbols"/>-1 throws.</summary>
    public void WriteEnum(int index, int symbols, string enumName)
    {
        if ((uint)index >= (uint)symbols)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{index} is not a symbol of enum {enumName}, which has {symbols}.");
        WriteInt(index);
    }

    /// <summary>
    /// Starts an array or map of <paramref name="count"/> items as one block, as Apache.Avro does: the
    /// count unless it is 0; <see cref="WriteItemsEnd"/> follows the items.
    /// </summary>
    public void WriteItemCount(int count)
    {
        if (count > 0)
            WriteLong(count);
    }

    /// <summary>Ends an array or map: the empty block.</summary>
    public void WriteItemsEnd() => WriteVarint(0u);

    /// <summary>The error for a null where the schema has no null: <paramref name="field"/> names the record and field.</summary>
    public static InvalidOperationException NotNullable(string field, string type) =>
        new($"{field} is null, but its schema type ({type}) does not allow null.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteVarint(ulong zigZag)
    {
        Reserve(10);
        var bytes = buffer;
        var at = position;
        while (zigZag >= 0x80)
        {
            bytes[at++] = (byte)(zigZag | 0x80);
            zigZag >>= 7;
        }
        bytes[at++] = (byte)zigZag;
        position = at;
    }

    private static int VarintSize(ulong zigZag) => Math.Max(1, (64 - BitOperations.LeadingZeroCount(zigZag) + 6) / 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Reserve(int size)
    {
        if ((uint)size > (uint)(buffer.Length - position))
            Grow(size);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        var needed = (long)position + size;
        if (needed > Array.MaxLength)
            throw new InvalidOperationException($"An Avro record cannot exceed {Array.MaxLength} bytes; this one needs {needed}.");
        var larger = new byte[Math.Clamp(Math.Max(needed, 2L * buffer.Length), 256, Array.MaxLength)];
        buffer.AsSpan(0, position).CopyTo(larger);
        buffer = larger;
    }
}
