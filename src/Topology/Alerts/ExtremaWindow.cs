namespace Pulse.Topology.Alerts;

/// <summary>
/// The largest (or smallest) value of a sliding event-time window, as a monotonic deque in a ring
/// buffer. Invariant: entries are in time order, and their values strictly decrease (for the
/// largest; increase for the smallest) from the front, so the front is the extreme of the window
/// and every entry is the extreme of the readings from its time on. Typical vitals keep a handful
/// of entries; a steady trend keeps one per reading of the window.
/// </summary>
internal sealed class ExtremaWindow(bool largest)
{
    private long[] _times = new long[4];
    private int[] _values = new int[4];
    private int _head;

    public int Count { get; private set; }

    public long FrontTime => _times[_head];

    public int FrontValue => _values[_head];

    public int MaxEncodedSize => StateWriter.MaxVarint + Count * 2 * StateWriter.MaxVarint;

    /// <summary>Drops entries older than <paramref name="oldest"/>.</summary>
    public void Expire(long oldest)
    {
        while (Count > 0 && _times[_head] < oldest)
        {
            _head = (_head + 1) & (_times.Length - 1);
            Count--;
        }
    }

    /// <summary>Adds a reading at or after every entry's time, dropping the entries it outranks.</summary>
    public void Push(long time, int value)
    {
        while (Count > 0)
        {
            var last = _values[Index(Count - 1)];
            if (largest ? last > value : last < value) break;
            Count--;
        }
        if (Count == _times.Length) Grow();
        var i = Index(Count);
        _times[i] = time;
        _values[i] = value;
        Count++;
    }

    public void Clear() => (_head, Count) = (0, 0);

    /// <summary>The entry count, then each entry's time and value (values zig-zag encoded).</summary>
    public void Write(ref StateWriter writer)
    {
        writer.Varint((ulong)Count);
        for (var k = 0; k < Count; k++)
        {
            var i = Index(k);
            writer.Time(_times[i]);
            writer.Varint((ulong)((_values[i] << 1) ^ (_values[i] >> 31)));
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
            if (Count == _times.Length) Grow();
            _times[k] = time;
            _values[k] = (int)(zigzag >> 1) ^ -(int)(zigzag & 1);
            Count++;
        }
    }

    private int Index(int k) => (_head + k) & (_times.Length - 1);

    private void Grow()
    {
        var times = new long[_times.Length * 2];
        var values = new int[_values.Length * 2];
        for (var k = 0; k < Count; k++)
        {
            times[k] = _times[Index(k)];
            values[k] = _values[Index(k)];
        }
        (_times, _values, _head) = (times, values, 0);
    }
}
