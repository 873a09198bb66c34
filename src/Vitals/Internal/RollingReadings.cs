namespace Pulse.Vitals.Internal;

/// <summary>
/// One patient's recent readings for the rolling figures: event time, heart rate and SpO2 (0
/// stands for absent; valid values are at least 1).
/// <para>Invariants: entries <c>[_start, _end)</c> of <c>_entries</c> are sorted by timestamp, ties
/// in arrival order, so the newest is last. When <c>_windowMs</c> is set, <c>[_windowFrom, _end)</c>
/// are the entries in (newest − window, newest] and <c>_sums</c> covers exactly them, with times
/// measured from <c>_origin</c>, at most an hour before the newest; the sums are integers, so adding
/// and removing entries never drifts.</para>
/// A reading in order (the newest) costs O(1) amortised: it joins the sums and the window's start
/// slides past what fell out. A reading out of order is inserted in place and its figures are
/// computed by scanning its own window.
/// </summary>
internal sealed class RollingReadings
{
    internal struct Entry
    {
        public long Timestamp;
        public short HeartRate;
        public byte Spo2;
    }

    /// <summary>How far the newest reading may get from the sums' origin before they are rebuilt from a new one (keeps squares small).</summary>
    private const long RebaseAfterMs = 3_600_000;

    private Entry[] _entries;
    private int _start;
    private int _end;
    private long _windowMs = -1;
    private int _windowFrom;
    private long _origin;
    private WindowSums _sums;

    public RollingReadings(int capacity = 16) => _entries = new Entry[Math.Max(capacity, 4)];

    public int Count => _end - _start;

    public Entry this[int index] => _entries[_start + index];

    /// <summary>The newest timestamp, or long.MinValue when empty.</summary>
    public long NewestTimestamp => _end == _start ? long.MinValue : _entries[_end - 1].Timestamp;

    /// <summary>
    /// Adds a reading and returns its figures over (timestamp − window, timestamp], itself
    /// included; then drops every reading at or before the newest − window − grace.
    /// </summary>
    public RollingFigures Add(long timestamp, int? heartRate, int? spo2, long windowMs, long graceMs)
    {
        if (windowMs != _windowMs) RebuildWindow(windowMs);
        var entry = new Entry { Timestamp = timestamp, HeartRate = (short)(heartRate ?? 0), Spo2 = (byte)(spo2 ?? 0) };
        RollingFigures figures;
        if (Count == 0 || NewestTimestamp <= timestamp)
        {
            Append(entry);
            if (timestamp - _origin > RebaseAfterMs) RebuildWindow(windowMs);
            else
            {
                _sums.Add(entry, _origin);
                SlideWindowPast(timestamp - windowMs);
            }
            figures = _sums.Figures(this);
        }
        else
        {
            Insert(entry);
            // Entries before the window are at or before newest − window: one that old lands among them.
            if (timestamp <= SaturatingSubtract(NewestTimestamp, windowMs)) _windowFrom++;
            else _sums.Add(entry, _origin);
            figures = ScanFigures(timestamp, windowMs);
        }
        PruneThrough(SaturatingSubtract(NewestTimestamp, windowMs + graceMs));
        return figures;
    }

    /// <summary>Appends an entry known to be the newest (the store decoder's path; the window is rebuilt on the next <see cref="Add(long, int?, int?, long, long)"/>).</summary>
    public void Append(in Entry entry)
    {
        if (_end == _entries.Length) MakeRoom();
        _entries[_end++] = entry;
    }

    /// <summary>Removes every entry with a timestamp at or before <paramref name="horizon"/> (all older than the window).</summary>
    private void PruneThrough(long horizon)
    {
        while (_start < _windowFrom && _entries[_start].Timestamp <= horizon) _start++;
        if (_start == _end) _start = _end = _windowFrom = 0;
    }

    /// <summary>Takes entries at or before <paramref name="from"/> out of the window's sums.</summary>
    private void SlideWindowPast(long from)
    {
        while (_windowFrom < _end && _entries[_windowFrom].Timestamp <= from)
            _sums.Remove(_entries[_windowFrom++], _origin);
    }

    /// <summary>
    /// Recomputes the window of the newest entry and its sums, measuring time from the newest entry:
    /// window entries lie within a window before it, later ones within <see cref="RebaseAfterMs"/> after.
    /// </summary>
    private void RebuildWindow(long windowMs)
    {
        _windowMs = windowMs;
        _sums = default;
        _windowFrom = UpperBound(SaturatingSubtract(NewestTimestamp, windowMs));
        _origin = _end > _start ? NewestTimestamp : 0;
        for (var i = _windowFrom; i < _end; i++) _sums.Add(_entries[i], _origin);
    }

    /// <summary>The figures of (at − window, at] by a scan: for a reading that arrived out of order.</summary>
    private RollingFigures ScanFigures(long at, long windowMs)
    {
        var sums = default(WindowSums);
        for (var i = UpperBound(at) - 1; i >= _start && _entries[i].Timestamp > at - windowMs; i--) sums.Add(_entries[i], at);
        return sums.Figures(this);
    }

    /// <summary>The smallest SpO2 in the window (for when the sums lost track of it), or 0 when none.</summary>
    internal int ScanWindowSpo2Min()
    {
        var min = 0;
        for (var i = _windowFrom; i < _end; i++)
        {
            var v = _entries[i].Spo2;
            if (v > 0 && (min == 0 || v < min)) min = v;
        }
        return min;
    }

    /// <summary>Inserts out of order, after equal timestamps.</summary>
    private void Insert(in Entry entry)
    {
        if (_end == _entries.Length) MakeRoom();
        var at = UpperBound(entry.Timestamp);
        Array.Copy(_entries, at, _entries, at + 1, _end - at);
        _entries[at] = entry;
        _end++;
    }

    /// <summary>The index of the first entry later than <paramref name="timestamp"/>.</summary>
    private int UpperBound(long timestamp)
    {
        int lo = _start, hi = _end;
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
        var count = Count;
        if (count > _entries.Length / 2) Array.Resize(ref _entries, _entries.Length * 2);
        if (_start == 0) return;
        Array.Copy(_entries, _start, _entries, 0, count);
        _windowFrom -= _start;
        _end = count;
        _start = 0;
    }

    private static long SaturatingSubtract(long a, long b) => a < long.MinValue + b ? long.MinValue : a - b;

    /// <summary>
    /// Integer sums over a set of entries, times measured from an origin: exact under any order of
    /// adds and removes. SpO2's minimum is kept with its multiplicity; when the last entry holding
    /// it leaves, it is marked stale and found again by a scan when next asked for.
    /// </summary>
    private struct WindowSums
    {
        private int _count;
        private int _hrCount;
        private long _hrSum;
        private long _sx;
        private Int128 _sxx;
        private Int128 _sxy;
        private int _spo2Count;
        private long _spo2Sum;
        private int _spo2Min;
        private int _spo2MinCount;
        private bool _spo2MinStale;

        public void Add(in Entry e, long origin)
        {
            _count++;
            if (e.HeartRate > 0)
            {
                var x = e.Timestamp - origin;
                _hrCount++;
                _hrSum += e.HeartRate;
                _sx += x;
                _sxx += (Int128)x * x;
                _sxy += (Int128)x * e.HeartRate;
            }
            if (e.Spo2 > 0)
            {
                _spo2Count++;
                _spo2Sum += e.Spo2;
                if (_spo2MinStale) return;
                if (_spo2Count == 1 || e.Spo2 < _spo2Min) (_spo2Min, _spo2MinCount) = (e.Spo2, 1);
                else if (e.Spo2 == _spo2Min) _spo2MinCount++;
            }
        }

        public void Remove(in Entry e, long origin)
        {
            _count--;
            if (e.HeartRate > 0)
            {
                var x = e.Timestamp - origin;
                _hrCount--;
                _hrSum -= e.HeartRate;
                _sx -= x;
                _sxx -= (Int128)x * x;
                _sxy -= (Int128)x * e.HeartRate;
            }
            if (e.Spo2 > 0)
            {
                _spo2Count--;
                _spo2Sum -= e.Spo2;
                if (!_spo2MinStale && e.Spo2 == _spo2Min && --_spo2MinCount == 0) _spo2MinStale = true;
            }
        }

        public RollingFigures Figures(RollingReadings owner)
        {
            if (_spo2MinStale && _spo2Count > 0)
            {
                _spo2Min = owner.ScanWindowSpo2Min();
                _spo2MinCount = 0;
                for (var i = owner._windowFrom; i < owner._end; i++)
                    if (owner._entries[i].Spo2 == _spo2Min) _spo2MinCount++;
                _spo2MinStale = false;
            }
            return new RollingFigures(_count,
                _hrCount == 0 ? null : (double)_hrSum / _hrCount,
                _spo2Count == 0 ? null : (double)_spo2Sum / _spo2Count,
                _spo2Count == 0 ? null : _spo2Min,
                Slope());
        }

        /// <summary>Least-squares slope of heart rate over time, bpm per minute; null with fewer than two heart rates or one timestamp for all.</summary>
        private readonly double? Slope()
        {
            if (_hrCount < 2) return null;
            var denominator = _hrCount * _sxx - (Int128)_sx * _sx;
            if (denominator <= 0) return null;
            var numerator = _hrCount * _sxy - (Int128)_sx * _hrSum;
            return (double)numerator / (double)denominator * 60_000;
        }
    }
}

/// <summary>A reading's rolling figures over its patient's recent readings.</summary>
internal readonly record struct RollingFigures(int Count, double? HeartRateMean, double? Spo2Mean, int? Spo2Min, double? HeartRateTrend);
