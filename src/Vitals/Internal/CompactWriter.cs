using System.Buffers.Binary;

namespace Pulse.Vitals.Internal;

/// <summary>
/// Writes the compact store encodings: LEB128 varints (7 bits a byte, low first) and fixed
/// big-endian longs and doubles, into a caller's buffer sized from an upper bound.
/// Invariant: <see cref="Position"/> never passes the buffer's end (an overflow throws).
/// </summary>
internal ref struct CompactWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Position { get; private set; }

    /// <summary>The most bytes a varint of a 64-bit value takes.</summary>
    public const int MaxVarIntLength = 10;

    public void WriteByte(byte value) => _buffer[Position++] = value;

    public void WriteVarUInt(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[Position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[Position++] = (byte)value;
    }

    /// <summary>A signed value, zigzag-encoded so small magnitudes stay short.</summary>
    public void WriteVarInt(long value) => WriteVarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer[Position..], value);
        Position += 8;
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleBigEndian(_buffer[Position..], value);
        Position += 8;
    }

    public readonly byte[] ToArray() => _buffer[..Position].ToArray();
}

/// <summary>Reads what <see cref="CompactWriter"/> wrote; running past the end throws.</summary>
internal ref struct CompactReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public byte ReadByte() => _data[_position++];

    public ulong ReadVarUInt()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new FormatException("A varint runs past 10 bytes.");
    }

    public long ReadVarInt()
    {
        var raw = ReadVarUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public long ReadInt64()
    {
        var value = BinaryPrimitives.ReadInt64BigEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public double ReadDouble()
    {
        var value = BinaryPrimitives.ReadDoubleBigEndian(_data[_position..]);
        _position += 8;
        return value;
    }
}
