namespace Pulse.Streams.Dsl;

/// <summary>
/// The windows of a stream–stream join, as Kafka's <c>JoinWindows</c>: a record of this stream at time t joins
/// every record of the other stream with the same key and a timestamp in [t − <see cref="BeforeMs"/>,
/// t + <see cref="AfterMs"/>]. A record older than stream time minus the window and the grace period no longer
/// finds the records it should have met; left and outer joins emit a record with no match only once its window
/// has closed (window end plus grace).
/// </summary>
public sealed record JoinWindows
{
    private JoinWindows(long beforeMs, long afterMs, long graceMs)
    {
        if (beforeMs + afterMs < 0)
            throw new ArgumentOutOfRangeException(nameof(beforeMs), beforeMs + afterMs, "The window interval (before + after) must not be negative.");
        ArgumentOutOfRangeException.ThrowIfNegative(graceMs, "grace");
        BeforeMs = beforeMs;
        AfterMs = afterMs;
        GraceMs = graceMs;
    }

    /// <summary>How much earlier than a record of this stream a record of the other stream may be, in ms (negative in asymmetric windows).</summary>
    public long BeforeMs { get; }

    /// <summary>How much later than a record of this stream a record of the other stream may be, in ms (negative in asymmetric windows).</summary>
    public long AfterMs { get; }

    /// <summary>How long after its end a window still accepts out-of-order records, in ms.</summary>
    public long GraceMs { get; }

    /// <summary>The window size, before plus after, in ms: the join stores' window size.</summary>
    public long SizeMs => BeforeMs + AfterMs;

    /// <summary>Joins records at most <paramref name="timeDifference"/> apart; a record arriving after its window closed is late.</summary>
    public static JoinWindows OfTimeDifferenceWithNoGrace(TimeSpan timeDifference) => OfTimeDifferenceAndGrace(timeDifference, TimeSpan.Zero);

    /// <summary>Joins records at most <paramref name="timeDifference"/> apart, accepting out-of-order records for <paramref name="grace"/> after a window ends.</summary>
    public static JoinWindows OfTimeDifferenceAndGrace(TimeSpan timeDifference, TimeSpan grace)
    {
        var d = Milliseconds(timeDifference);
        ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(timeDifference));
        return new JoinWindows(d, d, Milliseconds(grace));
    }

    /// <summary>
    /// A copy whose window starts <paramref name="timeDifference"/> before a record of this stream (the end stays); it may be
    /// negative as long as the window size stays non-negative.
    /// </summary>
    public JoinWindows Before(TimeSpan timeDifference) => new(Milliseconds(timeDifference), AfterMs, GraceMs);

    /// <summary>
    /// A copy whose window ends <paramref name="timeDifference"/> after a record of this stream (the start stays); it may be
    /// negative as long as the window size stays non-negative.
    /// </summary>
    public JoinWindows After(TimeSpan timeDifference) => new(BeforeMs, Milliseconds(timeDifference), GraceMs);

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;
}
