using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Pulse.Schemas.Internal;

/// <summary>
/// Avro's binary decoding over a span: what the generated codecs read records with. Invariant: every
/// read checks its bytes are there before taking them, and input that is not Avro (a truncated value,
/// a varint longer than 10 bytes, an int out of range, a negative length, a union branch or enum
/// symbol the schema lacks, a boolean other than 0 or 1) throws <see cref="InvalidDataException"/>
/// naming the byte offset in the body; the deserializer turns it into an <see cref="AvroPayloadException"/>.
/// </summary>
internal ref struct AvroReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;

    /// <summary>A reader at the start of <paramref name="data"/>, the Avro body of one record.</summary>
    public AvroReader(ReadOnlySpan<byte> data) => this.data = data;

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => position;

    /// <summary>The number of bytes not read yet.</summary>
    public readonly int Remaining => data.Length - position;

    /// <summary>A boolean: one byte, 0 or 1.</summary>
    public bool ReadBoolean()
    {
        if ((uint)position >= (uint)data.Length)
            throw Truncated("a boolean", position);
        var b = data[position];
        if (b > 1)
            throw Invalid($"byte {position} is 0x{b:x2}, not a boolean (0 or 1)");
        position++;
        return b == 1;
    }

    /// <summary>An int: a zig-zag varint whose value fits 32 bits.</summary>
    public int ReadInt()
    {
        if ((uint)position < (uint)data.Length && data[position] < 0x80) // -64..63: one byte
        {
            var b = data[position++];
            return (b >> 1) ^ -(b & 1);
        }
        var start = position;
        var value = ReadLong();
        if (value != (int)value)
            throw Invalid($"the int at byte {start} is {value}, outside the 32-bit range");
        return (int)value;
    }

    /// <summary>A long: a zig-zag varint of at most 10 bytes.</summary>
    public long ReadLong()
    {
        var start = position;
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if ((uint)position >= (uint)data.Length)
                throw Truncated("a varint", start);
            var b = data[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return (long)(result >> 1) ^ -(long)(result & 1);
        }
        throw Invalid($"the varint at byte {start} runs past 10 bytes");
    }

    /// <summary>A float: 4 bytes, little-endian.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "a float"));

    /// <summary>A double: 8 bytes, little-endian.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "a double"));

    /// <summary>A string: a length, then that many bytes of UTF-8 (invalid sequences become U+FFFD, as in Apache.Avro).</summary>
    public string ReadString() => Encoding.UTF8.GetString(Take(ReadLength("string"), "a string"));

    /// <summary>Bytes: a length, then that many bytes, copied.</summary>
    public byte[] ReadBytes() => Take(ReadLength("bytes"), "bytes").ToArray();

    /// <summary>A fixed of <paramref name="size"/> bytes, copied.</summary>
    public byte[] ReadFixed(int size) => Take(size, "a fixed").ToArray();

    /// <summary>The branch of a union, which must be one of the schema's <paramref name="branches"/>.</summary>
    public int ReadUnionIndex(int branches) => ReadIndex(branches, "union branch");

    /// <summary>An enum symbol's position, which must be one of the schema's <paramref name="symbols"/>.</summary>
    public int ReadEnum(int symbols) => ReadIndex(symbols, "enum symbol");

    /// <summary>
    /// The item count of the next block of an array or map, 0 at the end. A negative count is followed
    /// by the block's size in bytes, which is skipped. Every item the codecs read takes at least one
    /// byte, so a count beyond the bytes left is malformed (and never sizes an allocation).
    /// </summary>
    public int ReadItemCount()
    {
        var start = position;
        var count = ReadLong();
        if (count < 0)
        {
            if (ReadLong() < 0)
                throw Invalid($"the block at byte {start} has a negative size");
            count = count == long.MinValue ? long.MaxValue : -count;
        }
        if (count > Remaining)
            throw Invalid($"the block at byte {start} counts {count} items but only {Remaining} bytes follow");
        return (int)count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ReadIndex(int count, string what)
    {
        if ((uint)position < (uint)data.Length && data[position] < (uint)count << 1 && (data[position] & 1) == 0) // 0..count-1 in one byte
            return data[position++] >> 1;
        return ReadIndexSlow(count, what);
    }

    private int ReadIndexSlow(int count, string what)
    {
        var start = position;
        var index = ReadLong();
        if ((ulong)index >= (ulong)count)
            throw Invalid($"the {what} at byte {start} is {index}, but the schema has {count} (0..{count - 1})");
        return (int)index;
    }

    private int ReadLength(string what)
    {
        var start = position;
        var length = ReadLong();
        if (length < 0)
            throw Invalid($"the {what} at byte {start} has a negative length, {length}");
        if (length > Remaining)
            throw Truncated($"a {what} of {length} bytes", start);
        return (int)length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int size, string what)
    {
        if ((uint)size > (uint)(data.Length - position))
            throw Truncated(what, position);
        var taken = data.Slice(position, size);
        position += size;
        return taken;
    }

    private readonly InvalidDataException Truncated(string what, int start) =>
        Invalid($"the body ends after {data.Length} bytes, inside {what} that starts at byte {start}");

    private static InvalidDataException Invalid(string reason) => new(reason);
}
