namespace Pulse.Topology;

/// <summary>The tumbling event-time windows of <c>vitals.stats.1m</c>.</summary>
public sealed class StatsWindowOptions
{
    /// <summary>Window size (default 1 min); windows start at multiples of it since the epoch.</summary>
    public TimeSpan Size { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after its end a window still takes out-of-order readings (default 10 s); it closes,
    /// and its one final result is emitted, when the readings' event time passes end + grace.
    /// </summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate(string path, List<string> errors)
    {
        if (Size < TimeSpan.FromMilliseconds(1)) errors.Add($"{path}:{nameof(Size)} must be at least 1 ms (was {Size})");
        if (Grace < TimeSpan.Zero) errors.Add($"{path}:{nameof(Grace)} must not be negative (was {Grace})");
    }
}

/// <summary>The rolling figures of each enriched reading.</summary>
public sealed class RollingOptions
{
    /// <summary>
    /// How far back the rolling figures look (default 5 min): a reading at t sees the patient's
    /// readings in (t − window, t], itself included.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far behind the patient's newest reading a reading may be and still see every reading of
    /// its window (default 1 min). Readings older than the newest minus window minus grace are
    /// pruned from the store; a reading later than that is still enriched, from what is left.
    /// </summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate(string path, List<string> errors)
    {
        if (Window < TimeSpan.FromMilliseconds(1)) errors.Add($"{path}:{nameof(Window)} must be at least 1 ms (was {Window})");
        if (Grace < TimeSpan.Zero) errors.Add($"{path}:{nameof(Grace)} must not be negative (was {Grace})");
    }
}
