namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// Whether a task that reads several partitions (a join, a merge) may process its buffered records now, as Kafka's
/// <c>max.task.idle.ms</c> decides it: with records buffered for every input, always. Otherwise only once every empty
/// input has been fetched to its end (the consumer reported the partition's end after its last record) and has stayed
/// empty past its idle deadline (<see cref="StreamsConfig.MaxTaskIdle"/>; none by default). So a join whose table side is
/// still on its way does not run its stream side ahead: records produced before the application started are joined in
/// timestamp order. With <see cref="StreamsConfig.MaxTaskIdleDisabled"/> the task never waits.
/// librdkafka reports a partition's end once per offset, so a partition assigned again may never report it: an empty
/// partition not heard of for <see cref="UnknownEndGraceMs"/> of real time stops holding the task back.
/// The TopologyTestDriver uses none: it hands each record over before the next is piped.
/// </summary>
internal sealed class InputReadiness(TimeSpan maxTaskIdle, TimeProvider time)
{
    public const long UnknownEndGraceMs = 1_000;
    private readonly long _maxTaskIdleMs = maxTaskIdle < TimeSpan.Zero ? -1 : (long)maxTaskIdle.TotalMilliseconds;

    /// <summary>How often the task processed with an input empty (Kafka's enforced-processing count).</summary>
    public long EnforcedProcessing { get; private set; }

    /// <summary>Whether the task may process now; <paramref name="queues"/> hold at least one record between them.</summary>
    public bool Ready(RecordQueue[] queues)
    {
        var anyEmpty = false;
        foreach (var q in queues)
            if (q.Count == 0)
            {
                anyEmpty = true;
                break;
            }
        if (!anyEmpty || _maxTaskIdleMs < 0) return true;

        var ready = true;
        long ticks = -1, now = -1;
        foreach (var q in queues)
        {
            if (q.Count > 0) continue;
            if (!q.FetchedToEnd)
            {
                if (ticks < 0) ticks = Environment.TickCount64;
                if (q.EmptyUnknownSinceMs < 0) q.EmptyUnknownSinceMs = ticks;
                if (ticks - q.EmptyUnknownSinceMs < UnknownEndGraceMs)
                {
                    ready = false;
                    continue;
                }
            }
            if (_maxTaskIdleMs == 0) continue;
            if (now < 0) now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (q.IdleDeadlineMs < 0) q.IdleDeadlineMs = now + _maxTaskIdleMs;
            if (now < q.IdleDeadlineMs) ready = false;
        }
        if (ready) EnforcedProcessing++;
        return ready;
    }
}
