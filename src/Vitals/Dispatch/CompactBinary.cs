using System.Buffers.Binary;
using System.Text;

namespace Pulse.Vitals.Dispatch;

/// <summary>
/// Writes the dispatch stage's small binary records in <see cref="BinaryWriter"/>'s layout (7-bit length-prefixed UTF-8
/// strings, little-endian numbers) into one exactly sized array: no stream, no copy.
/// </summary>
internal ref struct CompactWriter(byte[] bytes)
{
    private int _at;

    public static int Size(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var prefix = 1;
        for (var n = (uint)length; n >= 0x80; n >>= 7) prefix++;
        return prefix + length;
    }

    public void Write(byte value) => bytes[_at++] = value;

    public void Write(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(_at), value);
        _at += 4;
    }

    public void Write(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(_at), value);
        _at += 8;
    }

    public void Write(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(_at), value);
        _at += 8;
    }

    public void Write(string text)
    {
        var length = (uint)Encoding.UTF8.GetByteCount(text);
        for (; length >= 0x80; length >>= 7) bytes[_at++] = (byte)(length | 0x80);
        bytes[_at++] = (byte)length;
        _at += Encoding.UTF8.GetBytes(text, bytes.AsSpan(_at));
    }
}

/// <summary>Reads what <see cref="CompactWriter"/> (or a <see cref="BinaryWriter"/>) wrote, straight from the span.</summary>
internal ref struct CompactReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _at;

    public byte ReadByte() => _data[_at++];

    public int ReadInt32()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(_data[_at..]);
        _at += 4;
        return value;
    }

    public long ReadInt64()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(_data[_at..]);
        _at += 8;
        return value;
    }

    public double ReadDouble()
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data[_at..]);
        _at += 8;
        return value;
    }

    public string ReadString()
    {
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28) throw new FormatException("A string length in a dispatch record is malformed.");
            var b = _data[_at++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        var text = Encoding.UTF8.GetString(_data.Slice(_at, length));
        _at += length;
        return text;
    }
}
