using System.Buffers.Binary;
using System.Text;

namespace Pulse.Vitals.Alerts;

/// <summary>
/// Writes a patient's alert state in its compact binary form: unsigned LEB128 varints, and event
/// times as their distance back from the patient's watermark (every stored event time is at or
/// before it, so the distances are small and never negative). Rules write their own sections with it
/// (<see cref="IAlertRuleState.Write"/>). Grows as needed; one instance per thread is reused.
/// </summary>
public sealed class AlertStateWriter
{
    private byte[] _buffer = new byte[256];

    internal AlertStateWriter() { }

    /// <summary>The watermark event times are written against.</summary>
    internal long Watermark { get; set; }

    /// <summary>Bytes written so far.</summary>
    internal int Position { get; private set; }

    internal void Reset(long watermark) => (Watermark, Position) = (watermark, 0);

    internal byte[] ToArray() => _buffer.AsSpan(0, Position).ToArray();

    /// <summary>One byte.</summary>
    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[Position++] = value;
    }

    /// <summary>A boolean as one byte.</summary>
    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    /// <summary>A long as 8 bytes, big-endian (for times that are not event times, such as wall-clock times).</summary>
    public void Fixed64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(Position), value);
        Position += 8;
    }

    /// <summary>A double as 8 bytes.</summary>
    public void Double(double value) => Fixed64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>An unsigned varint (1 byte below 128).</summary>
    public void Varint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[Position++] = (byte)value;
    }

    /// <summary>A signed int, zig-zag encoded as a varint (small magnitudes take one byte).</summary>
    public void Int(int value) => Varint((uint)((value << 1) ^ (value >> 31)));

    /// <summary>An event time at or before the watermark.</summary>
    public void Time(long time)
    {
        if (time > Watermark) throw new ArgumentOutOfRangeException(nameof(time), time, $"An event time after the watermark {Watermark} cannot be stored.");
        Varint((ulong)(Watermark - time));
    }

    /// <summary>A string as its UTF-8 length and bytes.</summary>
    public void String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)length);
        Ensure(length);
        Position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Position));
    }

    /// <summary>Writes a section: its length as a varint, then what <paramref name="body"/> writes.</summary>
    internal void Section<TArg>(TArg arg, Action<AlertStateWriter, TArg> body)
    {
        var start = Position;
        body(this, arg);
        var length = Position - start;
        Span<byte> prefix = stackalloc byte[10];
        var size = 0;
        var value = (ulong)length;
        while (value >= 0x80)
        {
            prefix[size++] = (byte)(value | 0x80);
            value >>= 7;
        }
        prefix[size++] = (byte)value;
        Ensure(size);
        _buffer.AsSpan(start, length).CopyTo(_buffer.AsSpan(start + size));
        prefix[..size].CopyTo(_buffer.AsSpan(start));
        Position += size;
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - Position >= bytes) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Position + bytes));
    }
}

/// <summary>Reads what <see cref="AlertStateWriter"/> wrote; malformed input throws <see cref="InvalidDataException"/>.</summary>
public ref struct AlertStateReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    internal AlertStateReader(ReadOnlySpan<byte> data, long watermark)
    {
        _data = data;
        Watermark = watermark;
    }

    /// <summary>The watermark event times are read against.</summary>
    internal long Watermark { get; set; }

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool AtEnd => _position == _data.Length;

    /// <summary>One byte.</summary>
    public byte Byte() => _position < _data.Length ? _data[_position++] : throw Truncated();

    /// <summary>A boolean written by <see cref="AlertStateWriter.Bool"/>.</summary>
    public bool Bool() => Byte() != 0;

    /// <summary>A long written by <see cref="AlertStateWriter.Fixed64"/>.</summary>
    public long Fixed64()
    {
        if (_data.Length - _position < 8) throw Truncated();
        var value = BinaryPrimitives.ReadInt64BigEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>A double written by <see cref="AlertStateWriter.Double"/>.</summary>
    public double Double() => BitConverter.Int64BitsToDouble(Fixed64());

    /// <summary>An unsigned varint.</summary>
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

    /// <summary>A signed int written by <see cref="AlertStateWriter.Int"/>.</summary>
    public int Int()
    {
        var value = Varint();
        if (value > uint.MaxValue) throw new InvalidDataException($"Alert state: {value} does not fit an int.");
        var zigzag = (uint)value;
        return (int)(zigzag >> 1) ^ -(int)(zigzag & 1);
    }

    /// <summary>A non-negative count (an unsigned varint that must fit an int).</summary>
    public int Count()
    {
        var value = Varint();
        return value <= int.MaxValue ? (int)value : throw new InvalidDataException($"Alert state: count {value} does not fit an int.");
    }

    /// <summary>An event time written by <see cref="AlertStateWriter.Time"/>.</summary>
    public long Time() => Watermark - (long)Varint();

    /// <summary>A string written by <see cref="AlertStateWriter.String"/>.</summary>
    public string String() => Encoding.UTF8.GetString(Bytes(Count()));

    /// <summary>The next <paramref name="count"/> bytes.</summary>
    internal ReadOnlySpan<byte> Bytes(int count)
    {
        if (_data.Length - _position < count) throw Truncated();
        var bytes = _data.Slice(_position, count);
        _position += count;
        return bytes;
    }

    private static InvalidDataException Truncated() => new("Alert state: the encoded value is truncated.");
}
