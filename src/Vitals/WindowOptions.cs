namespace Pulse.Vitals;

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
        Durations.Check(path, nameof(Size), Size, TimeSpan.FromMilliseconds(1), errors);
        Durations.Check(path, nameof(Grace), Grace, TimeSpan.Zero, errors);
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
        Durations.Check(path, nameof(Window), Window, TimeSpan.FromMilliseconds(1), errors);
        Durations.Check(path, nameof(Grace), Grace, TimeSpan.Zero, errors);
    }
}

/// <summary>The checks every duration setting of the windows shares.</summary>
internal static class Durations
{
    /// <summary>The longest window or grace: a day keeps every event-time sum far from overflow.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    /// <summary>Adds a message naming <c>{path}:{name}</c> unless <paramref name="value"/> is a whole number of ms from <paramref name="min"/> to a day.</summary>
    public static void Check(string path, string name, TimeSpan value, TimeSpan min, List<string> errors)
    {
        if (value < min)
            errors.Add(min == TimeSpan.Zero ? $"{path}:{name} must not be negative (was {value})" : $"{path}:{name} must be at least {min.TotalMilliseconds} ms (was {value})");
        else if (value > Max)
            errors.Add($"{path}:{name} must be at most {Max:c} (was {value})");
        else if (value.Ticks % TimeSpan.TicksPerMillisecond != 0)
            errors.Add($"{path}:{name} must be a whole number of milliseconds (was {value})");
    }
}
