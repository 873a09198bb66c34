using System.Diagnostics;

namespace Pulse.Streams;

/// <summary>
/// The traces of <see cref="KafkaStreams"/>: one <see cref="ActivitySource"/> named <see cref="SourceName"/>
/// (the meter's name too), with an activity per unit of runtime work, not per record: each commit
/// that moved offsets or sent records (<see cref="Commit"/>), each rebalance change of a thread
/// (<see cref="Rebalance"/>) and each store restore (<see cref="Restore"/>, a child of the rebalance
/// that assigned its task). Activities carry <see cref="StreamsMetrics.Tags"/> plus the tags below; an
/// aborted transaction ends its commit activity with an error status. Nothing is created unless a
/// listener samples the source (OpenTelemetry: <c>.WithTracing(t => t.AddSource(StreamsTracing.SourceName))</c>).
/// </summary>
public static class StreamsTracing
{
    /// <summary>The activity source's name: <c>Pulse.Streams</c>.</summary>
    public const string SourceName = StreamsMetrics.MeterName;

    /// <summary>A stream thread's commit: caches flushed, records flushed, offsets (or the transaction) committed.</summary>
    public const string Commit = "pulse.streams.commit";

    /// <summary>Partitions assigned to, revoked from or lost by a stream thread, with its tasks created (and restored) or closed.</summary>
    public const string Rebalance = "pulse.streams.rebalance";

    /// <summary>One store of a task restored from its changelog partition.</summary>
    public const string Restore = "pulse.streams.restore";

    /// <summary>Tags of the activities beyond <see cref="StreamsMetrics.Tags"/>.</summary>
    public static class Tags
    {
        /// <summary>Commit: input partitions whose offsets moved.</summary>
        public const string Offsets = "pulse.streams.offsets";

        /// <summary>Commit: records sent since the previous commit; restore: records restored.</summary>
        public const string Records = "pulse.streams.records";

        /// <summary>Commit: true under exactly-once (a transaction).</summary>
        public const string Transactional = "pulse.streams.transactional";

        /// <summary>Rebalance: assigned, revoked or lost.</summary>
        public const string Change = "pulse.streams.rebalance.change";

        /// <summary>Rebalance: the partitions concerned, <c>topic-partition</c>, comma-separated.</summary>
        public const string Partitions = "pulse.streams.partitions";

        /// <summary>Restore: the changelog partition, <c>topic-partition</c>.</summary>
        public const string Changelog = "pulse.streams.changelog";
    }

    internal static readonly ActivitySource Source = new(SourceName, typeof(StreamsTracing).Assembly.GetName().Version?.ToString());

    /// <summary>An activity of a stream thread (null unless something listens), tagged with the application and the thread.</summary>
    internal static Activity? StartThreadActivity(string name, string applicationId, string thread, DateTimeOffset startTime = default)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal, parentContext: default, startTime: startTime);
        activity?.SetTag(StreamsMetrics.Tags.ApplicationId, applicationId);
        activity?.SetTag(StreamsMetrics.Tags.Thread, thread);
        return activity;
    }
}
