using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// The time the two processors of one stream–stream join share within a task, as Kafka's <c>TimeTracker</c>:
/// stream time is the largest timestamp either side has seen, and <see cref="MinTime"/> bounds from below the
/// timestamps in the outer-join store (long.MaxValue when nothing may be there), so a side scans the store
/// only when something in it may have closed.
/// </summary>
internal sealed class JoinTimeTracker
{
    public long StreamTime { get; private set; } = long.MinValue;

    public long MinTime { get; set; } = long.MaxValue;

    public void AdvanceStreamTime(long timestamp) => StreamTime = Math.Max(StreamTime, timestamp);

    public void UpdateMinTime(long timestamp) => MinTime = Math.Min(MinTime, timestamp);
}

/// <summary>
/// Hands both processors of one join the same <see cref="JoinTimeTracker"/> per task; a task's tracker goes when
/// one of its processors closes, so a reopened task starts afresh.
/// </summary>
internal sealed class JoinTimeTrackers
{
    private readonly Dictionary<TaskId, JoinTimeTracker> _trackers = [];

    public JoinTimeTracker Get(TaskId task)
    {
        lock (_trackers)
        {
            if (!_trackers.TryGetValue(task, out var tracker)) _trackers[task] = tracker = new JoinTimeTracker();
            return tracker;
        }
    }

    public void Remove(TaskId task)
    {
        lock (_trackers) _trackers.Remove(task);
    }
}
