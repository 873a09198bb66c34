namespace Pulse.Streams.State;

/// <summary>
/// An immutable byte-array key with value equality and unsigned lexicographic order, the key type
/// of the byte stores under every typed store.
/// </summary>
public readonly struct Bytes : IEquatable<Bytes>, IComparable<Bytes>
{
    private readonly byte[] _data;
    private readonly int _hash;

    /// <summary>Wraps <paramref name="data"/> (not copied: do not change it afterwards).</summary>
    public Bytes(byte[] data)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        var h = new HashCode();
        h.AddBytes(data);
        _hash = h.ToHashCode();
    }

    /// <summary>The wrapped array.</summary>
    public byte[] Get() => _data ?? [];

    /// <summary>The bytes as a span.</summary>
    public ReadOnlySpan<byte> Span => _data;

    /// <summary>The length in bytes.</summary>
    public int Length => _data?.Length ?? 0;

    /// <inheritdoc />
    public bool Equals(Bytes other) => _hash == other._hash && Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Bytes b && Equals(b);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Unsigned lexicographic comparison, as RocksDB's default comparator.</summary>
    public int CompareTo(Bytes other) => Span.SequenceCompareTo(other.Span);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Bytes left, Bytes right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Bytes left, Bytes right) => !left.Equals(right);

    /// <summary>Order.</summary>
    public static bool operator <(Bytes left, Bytes right) => left.CompareTo(right) < 0;

    /// <summary>Order.</summary>
    public static bool operator >(Bytes left, Bytes right) => left.CompareTo(right) > 0;

    /// <summary>Order.</summary>
    public static bool operator <=(Bytes left, Bytes right) => left.CompareTo(right) <= 0;

    /// <summary>Order.</summary>
    public static bool operator >=(Bytes left, Bytes right) => left.CompareTo(right) >= 0;

    /// <summary>Hex, for messages.</summary>
    public override string ToString() => Convert.ToHexString(Span);
}
