namespace Pulse.Streams.Dsl;

/// <summary>
/// Session windows, as Kafka's <c>SessionWindows</c>: a key's records that follow each other within
/// the inactivity gap form one session, [first record's timestamp, last record's timestamp] (both
/// inclusive; a lone record is the session [t, t]). A record that falls within the gap of two
/// sessions merges them. A session accepts records until stream time passes its end plus the
/// inactivity gap plus the grace period; later records are dropped and counted.
/// </summary>
public sealed record SessionWindows
{
    private SessionWindows(long inactivityGapMs, long graceMs)
    {
        InactivityGapMs = inactivityGapMs;
        GraceMs = graceMs;
    }

    /// <summary>The largest time between two records of one session, in ms.</summary>
    public long InactivityGapMs { get; }

    /// <summary>How long after a session could last have grown it still accepts out-of-order records, in ms.</summary>
    public long GraceMs { get; }

    /// <summary>Sessions of an inactivity gap that accept no late records.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The gap is not positive.</exception>
    public static SessionWindows OfInactivityGapWithNoGrace(TimeSpan inactivityGap) => OfInactivityGapAndGrace(inactivityGap, TimeSpan.Zero);

    /// <summary>Sessions of an inactivity gap with a grace period.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The gap is not positive, or the grace period is negative.</exception>
    public static SessionWindows OfInactivityGapAndGrace(TimeSpan inactivityGap, TimeSpan grace)
    {
        var gap = (long)inactivityGap.TotalMilliseconds;
        var g = (long)grace.TotalMilliseconds;
        if (gap <= 0)
            throw new ArgumentOutOfRangeException(nameof(inactivityGap), inactivityGap, "The inactivity gap of session windows must be positive (at least 1 ms).");
        if (g < 0) throw new ArgumentOutOfRangeException(nameof(grace), grace, "The grace period of session windows must not be negative.");
        return new SessionWindows(gap, g);
    }
}
