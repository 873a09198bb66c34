using System.Buffers.Binary;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// Writes the alert state's compact binary form: unsigned LEB128 varints, and times as their
/// distance back from the patient's watermark (every stored time is at or before it, so the
/// distances are small and never negative). The caller sizes the span with the sections'
/// <c>MaxEncodedSize</c>.
/// </summary>
internal ref struct StateWriter(Span<byte> buffer, long watermark)
{
    /// <summary>The most bytes one varint takes.</summary>
    public const int MaxVarint = 10;

    private readonly Span<byte> _buffer = buffer;
    private int _position;

    public readonly int Position => _position;

    public void Byte(byte value) => _buffer[_position++] = value;

    public void Fixed64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer[_position..], value);
        _position += 8;
    }

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_position++] = (byte)value;
    }

    /// <summary>A time at or before the watermark.</summary>
    public void Time(long time) => Varint((ulong)(watermark - time));
}

/// <summary>Reads what <see cref="StateWriter"/> wrote; malformed input throws <see cref="InvalidDataException"/>.</summary>
internal ref struct StateReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>The watermark times are read against; set once it has been read.</summary>
    public long Watermark { get; set; }

    public readonly bool AtEnd => _position == _data.Length;

    public byte Byte() => _position < _data.Length ? _data[_position++] : throw Truncated();

    public long Fixed64()
    {
        if (_data.Length - _position < 8) throw Truncated();
        var value = BinaryPrimitives.ReadInt64BigEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("Alert state: a varint is longer than 10 bytes.");
    }

    public int Int()
    {
        var value = Varint();
        return value <= int.MaxValue ? (int)value : throw new InvalidDataException($"Alert state: {value} does not fit an int.");
    }

    public long Time() => Watermark - (long)Varint();

    private static InvalidDataException Truncated() => new("Alert state: the encoded value is truncated.");
}
