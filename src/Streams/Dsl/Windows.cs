namespace Pulse.Streams.Dsl;

/// <summary>
/// Fixed-size time windows: tumbling (advance = size) or hopping (advance &lt; size, so windows
/// overlap). A window [start, start + size) accepts records until stream time passes its end plus
/// the grace period; later records are dropped and counted.
/// </summary>
public sealed record TimeWindows
{
    private TimeWindows(long sizeMs, long advanceMs, long graceMs)
    {
        SizeMs = sizeMs;
        AdvanceMs = advanceMs;
        GraceMs = graceMs;
    }

    /// <summary>The window size in ms.</summary>
    public long SizeMs { get; }

    /// <summary>How far each window starts after the previous one, in ms.</summary>
    public long AdvanceMs { get; }

    /// <summary>How long after its end a window still accepts out-of-order records, in ms.</summary>
    public long GraceMs { get; }

    /// <summary>Tumbling windows of <paramref name="size"/> that accept no late records.</summary>
    public static TimeWindows OfSizeWithNoGrace(TimeSpan size) => OfSizeAndGrace(size, TimeSpan.Zero);

    /// <summary>Tumbling windows of <paramref name="size"/> with a grace period.</summary>
    public static TimeWindows OfSizeAndGrace(TimeSpan size, TimeSpan grace)
    {
        var s = (long)size.TotalMilliseconds;
        var g = (long)grace.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(s, 0, nameof(size));
        ArgumentOutOfRangeException.ThrowIfNegative(g, nameof(grace));
        return new TimeWindows(s, s, g);
    }

    /// <summary>Hopping windows: a copy whose windows start every <paramref name="advance"/> (0 &lt; advance ≤ size).</summary>
    public TimeWindows AdvanceBy(TimeSpan advance)
    {
        var a = (long)advance.TotalMilliseconds;
        if (a <= 0 || a > SizeMs) throw new ArgumentOutOfRangeException(nameof(advance), advance, $"The advance must be positive and at most the window size ({SizeMs} ms).");
        return new TimeWindows(SizeMs, a, GraceMs);
    }

    /// <summary>The windows that contain <paramref name="timestamp"/>, by start time, oldest first.</summary>
    public IEnumerable<Window> WindowsFor(long timestamp)
    {
        var start = Math.Max(0, timestamp - SizeMs + AdvanceMs);
        start -= start % AdvanceMs;
        for (; start <= timestamp; start += AdvanceMs)
            if (timestamp < start + SizeMs) yield return new Window(start, start + SizeMs);
    }
}

/// <summary>
/// Sliding windows: every window of length <see cref="TimeDifferenceMs"/> (both ends inclusive)
/// that contains records, as Kafka's <c>SlidingWindows</c>; with a grace period.
/// </summary>
public sealed record SlidingWindows
{
    private SlidingWindows(long differenceMs, long graceMs)
    {
        TimeDifferenceMs = differenceMs;
        GraceMs = graceMs;
    }

    /// <summary>The largest time difference between two records in one window, in ms.</summary>
    public long TimeDifferenceMs { get; }

    /// <summary>How long after its end a window still accepts out-of-order records, in ms.</summary>
    public long GraceMs { get; }

    /// <summary>Sliding windows of a time difference with a grace period.</summary>
    public static SlidingWindows OfTimeDifferenceAndGrace(TimeSpan timeDifference, TimeSpan grace)
    {
        var d = (long)timeDifference.TotalMilliseconds;
        var g = (long)grace.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(d, 0, nameof(timeDifference));
        ArgumentOutOfRangeException.ThrowIfNegative(g, nameof(grace));
        return new SlidingWindows(d, g);
    }

    /// <summary>Sliding windows with no grace period.</summary>
    public static SlidingWindows OfTimeDifferenceWithNoGrace(TimeSpan timeDifference) => OfTimeDifferenceAndGrace(timeDifference, TimeSpan.Zero);
}
