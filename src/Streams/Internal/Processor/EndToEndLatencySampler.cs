using System.Runtime.CompilerServices;
using Pulse.Streams.Internal.Runtime;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// Samples the end-to-end latency (<see cref="StreamsMetrics.EndToEndLatency"/>) of the records one sink
/// of one task writes to output topics: the wall clock at send minus the record's timestamp.
/// The hot path is one decrement; every <c>stride</c>-th record is measured, and the stride adapts
/// (doubling up to 1,024, halving down to 1) so that samples come about every 10 ms of wall clock:
/// every record of a quiet sink, one in 1,024 of a busy one. Not thread-safe: one per sink node per task.
/// </summary>
internal sealed class EndToEndLatencySampler(TaskContext context)
{
    private const int MaxStride = 1_024;
    private const long TargetIntervalMs = 10;
    private int _countdown = 1;
    private int _stride = 1;
    private long _lastSampleMs = long.MinValue / 2;
    private string? _topic;
    private KeyValuePair<string, object?>[] _tags = [];

    /// <summary>Notes one record sent to <paramref name="topic"/> (a broker topic name) with <paramref name="timestamp"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnSend(string topic, long timestamp)
    {
        if (--_countdown <= 0) Sample(topic, timestamp);
    }

    private void Sample(string topic, long timestamp)
    {
        var histogram = StreamsInstrumentation.EndToEndLatency;
        if (!histogram.Enabled)
        {
            _countdown = MaxStride;
            return;
        }
        var now = context.WallClockMs;
        _stride = now - _lastSampleMs < TargetIntervalMs ? Math.Min(_stride * 2, MaxStride) : Math.Max(_stride / 2, 1);
        _countdown = _stride;
        _lastSampleMs = now;
        if (!string.Equals(topic, _topic, StringComparison.Ordinal))
        {
            _topic = topic;
            _tags =
            [
                new(StreamsMetrics.Tags.ApplicationId, context.ApplicationId),
                new(StreamsMetrics.Tags.Task, context.TaskId.ToString()),
                new(StreamsMetrics.Tags.Topic, topic),
            ];
        }
        histogram.Record(Math.Max(0, now - timestamp), _tags);
    }
}
