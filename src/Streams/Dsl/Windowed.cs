namespace Pulse.Streams.Dsl;

/// <summary>
/// A window in ms since the epoch: start inclusive; end exclusive for tumbling and hopping windows,
/// inclusive for sliding windows and sessions (a session ends at its last record's timestamp).
/// </summary>
/// <param name="StartMs">The first instant inside the window.</param>
/// <param name="EndMs">The end of the window (see the summary).</param>
public readonly record struct Window(long StartMs, long EndMs)
{
    /// <summary>True when the two windows share an instant, their ends taken as exclusive (as time windows have them).</summary>
    public bool Overlaps(Window other) => StartMs < other.EndMs && other.StartMs < EndMs;

    /// <summary>Kafka's form, <c>[start@end/…]</c> in ms.</summary>
    public override string ToString() => $"[{StartMs}@{EndMs}]";
}

/// <summary>A key of a windowed aggregation: the record key and the window it counts in.</summary>
public readonly record struct Windowed<TKey>(TKey Key, Window Window)
{
    /// <summary>Kafka's form, <c>[key@start/end]</c>.</summary>
    public override string ToString() => $"[{Key}@{Window.StartMs}/{Window.EndMs}]";
}
