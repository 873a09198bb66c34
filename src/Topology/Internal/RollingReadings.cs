namespace Pulse.Topology.Internal;

/// <summary>
/// One patient's recent readings for the rolling figures: event time, heart rate and SpO2 only
/// (0 stands for absent; valid values are at least 1). Invariant: entries
/// <c>[_start, _start + _count)</c> of <c>_entries</c> are sorted by timestamp, ties in arrival
/// order, so the newest is last. Appending in order is amortised O(1); an out-of-order reading
/// is inserted in place.
/// </summary>
internal sealed class RollingReadings
{
    internal struct Entry
    {
        public long Timestamp;
        public short HeartRate;
        public byte Spo2;
    }

    private const double MsPerMinute = 60_000;
    private Entry[] _entries;
    private int _start;
    private int _count;

    public RollingReadings(int capacity = 16) => _entries = new Entry[Math.Max(capacity, 4)];

    public int Count => _count;

    public Entry this[int index] => _entries[_start + index];

    /// <summary>The newest timestamp, or long.MinValue when empty.</summary>
    public long NewestTimestamp => _count == 0 ? long.MinValue : _entries[_start + _count - 1].Timestamp;

    /// <summary>Adds a reading in timestamp order (after any with the same timestamp).</summary>
    public void Add(long timestamp, int? heartRate, int? spo2) =>
        Add(new Entry { Timestamp = timestamp, HeartRate = (short)(heartRate ?? 0), Spo2 = (byte)(spo2 ?? 0) });

    /// <summary>Adds an entry in timestamp order (after any with the same timestamp).</summary>
    public void Add(in Entry entry)
    {
        if (_start + _count == _entries.Length) MakeRoom();
        var end = _start + _count;
        var timestamp = entry.Timestamp;
        if (_count == 0 || _entries[end - 1].Timestamp <= timestamp)
        {
            _entries[end] = entry;
            _count++;
            return;
        }
        var at = UpperBound(timestamp);
        Array.Copy(_entries, at, _entries, at + 1, end - at);
        _entries[at] = entry;
        _count++;
    }

    /// <summary>Removes every entry with a timestamp at or before <paramref name="horizon"/>.</summary>
    public void PruneThrough(long horizon)
    {
        while (_count > 0 && _entries[_start].Timestamp <= horizon)
        {
            _start++;
            _count--;
        }
        if (_count == 0) _start = 0;
    }

    /// <summary>
    /// The figures of a reading at <paramref name="at"/>: the entries in (at − window, at]. The
    /// heart-rate trend is the least-squares slope of heart rate over time in bpm per minute, null
    /// with fewer than two heart rates or when they all share one timestamp.
    /// </summary>
    public RollingFigures FiguresAt(long at, long windowMs)
    {
        var from = at - windowMs;
        int count = 0, hrCount = 0, spo2Count = 0, spo2Min = int.MaxValue;
        long hrSum = 0, spo2Sum = 0;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        long firstHrTs = 0, lastHrTs = 0;
        for (var i = UpperBound(at) - 1; i >= _start; i--)
        {
            ref readonly var e = ref _entries[i];
            if (e.Timestamp <= from) break;
            count++;
            if (e.HeartRate > 0)
            {
                if (hrCount == 0) lastHrTs = e.Timestamp;
                firstHrTs = e.Timestamp;
                hrCount++;
                hrSum += e.HeartRate;
                var x = (e.Timestamp - at) / MsPerMinute;
                sx += x;
                sy += e.HeartRate;
                sxx += x * x;
                sxy += x * e.HeartRate;
            }
            if (e.Spo2 > 0)
            {
                spo2Count++;
                spo2Sum += e.Spo2;
                if (e.Spo2 < spo2Min) spo2Min = e.Spo2;
            }
        }
        double? trend = null;
        if (hrCount >= 2 && firstHrTs != lastHrTs)
            trend = (hrCount * sxy - sx * sy) / (hrCount * sxx - sx * sx);
        return new RollingFigures(count,
            hrCount == 0 ? null : (double)hrSum / hrCount,
            spo2Count == 0 ? null : (double)spo2Sum / spo2Count,
            spo2Count == 0 ? null : spo2Min,
            trend);
    }

    /// <summary>The index (into <c>_entries</c>) of the first entry later than <paramref name="timestamp"/>.</summary>
    private int UpperBound(long timestamp)
    {
        int lo = _start, hi = _start + _count;
        if (hi > lo && _entries[hi - 1].Timestamp <= timestamp) return hi;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].Timestamp <= timestamp) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Moves the live entries to the front, or doubles the array when they fill more than half of it.</summary>
    private void MakeRoom()
    {
        if (_count > _entries.Length / 2) Array.Resize(ref _entries, _entries.Length * 2);
        if (_start == 0) return;
        Array.Copy(_entries, _start, _entries, 0, _count);
        _start = 0;
    }
}

/// <summary>A reading's rolling figures over its patient's recent readings.</summary>
internal readonly record struct RollingFigures(int Count, double? HeartRateMean, double? Spo2Mean, int? Spo2Min, double? HeartRateTrend);
