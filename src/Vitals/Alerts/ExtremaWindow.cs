namespace Pulse.Vitals.Alerts;

/// <summary>
/// The largest (or smallest) value of a sliding event-time window, as a monotonic deque in a ring
/// buffer. Invariant: entries are in time order, and their values strictly decrease (for the
/// largest; increase for the smallest) from the front, so the front is the extreme of the window
/// and every entry is the extreme of the readings from its time on. Typical vitals keep a handful
/// of entries; a steady trend keeps one per reading of the window.
/// </summary>
internal sealed class ExtremaWindow(bool largest)
{
    private Entry[] _entries = new Entry[4];
    private int _head;

    public int Count { get; private set; }

    public long FrontTime => _entries[_head].Time;

    public int FrontValue => _entries[_head].Value;

    public int MaxEncodedSize => StateWriter.MaxVarint + Count * 2 * StateWriter.MaxVarint;

    /// <summary>Drops entries older than <paramref name="oldest"/>.</summary>
    public void Expire(long oldest)
    {
        while (Count > 0 && _entries[_head].Time < oldest)
        {
            _head = (_head + 1) & (_entries.Length - 1);
            Count--;
        }
    }

    /// <summary>Adds a reading at or after every entry's time, dropping the entries it outranks.</summary>
    public void Push(long time, int value)
    {
        while (Count > 0)
        {
            var last = _entries[Index(Count - 1)].Value;
            if (largest ? last > value : last < value) break;
            Count--;
        }
        if (Count == _entries.Length) Grow();
        _entries[Index(Count)] = new Entry(time, value);
        Count++;
    }

    public void Clear() => (_head, Count) = (0, 0);

    /// <summary>The entry count, then each entry's time and value (values zig-zag encoded).</summary>
    public void Write(ref StateWriter writer)
    {
        writer.Varint((ulong)Count);
        for (var k = 0; k < Count; k++)
        {
            var (time, value) = _entries[Index(k)];
            writer.Time(time);
            writer.Varint((ulong)((value << 1) ^ (value >> 31)));
        }
    }

    public void Read(ref StateReader reader)
    {
        Clear();
        var count = reader.Int();
        for (var k = 0; k < count; k++)
        {
            var time = reader.Time();
            var zigzag = (uint)reader.Varint();
            if (Count == _entries.Length) Grow();
            _entries[k] = new Entry(time, (int)(zigzag >> 1) ^ -(int)(zigzag & 1));
            Count++;
        }
    }

    private int Index(int k) => (_head + k) & (_entries.Length - 1);

    private void Grow()
    {
        var entries = new Entry[_entries.Length * 2];
        for (var k = 0; k < Count; k++) entries[k] = _entries[Index(k)];
        (_entries, _head) = (entries, 0);
    }

    private readonly record struct Entry(long Time, int Value);
}
