namespace Pulse.Streams;

/// <summary>
/// The metrics of <see cref="KafkaStreams"/>: one <see cref="System.Diagnostics.Metrics.Meter"/> named
/// <see cref="MeterName"/>, with instruments named after OpenTelemetry's conventions, each tagged with
/// <see cref="Tags.ApplicationId"/> and, where it applies, <see cref="Tags.Thread"/>, <see cref="Tags.Task"/>,
/// <see cref="Tags.Store"/>, <see cref="Tags.Topic"/> and <see cref="Tags.Partition"/>.
/// Nothing is computed until a listener (an OpenTelemetry meter provider, <c>dotnet-counters</c>, a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>) subscribes; most instruments are observable and
/// read counters the runtime keeps anyway, so the record path does not change.
/// </summary>
/// <remarks>
/// <para>Export with OpenTelemetry (packages <c>OpenTelemetry.Extensions.Hosting</c> and an exporter):</para>
/// <code>
/// builder.Services.AddOpenTelemetry()
///     .WithMetrics(metrics => metrics
///         .AddMeter(StreamsMetrics.MeterName)   // "Pulse.Streams"
///         .AddOtlpExporter());                  // or .AddPrometheusExporter()
/// </code>
/// <para>Without a host:</para>
/// <code>
/// using var meterProvider = Sdk.CreateMeterProviderBuilder()
///     .AddMeter("Pulse.Streams")
///     .AddOtlpExporter()
///     .Build();
/// </code>
/// <para>
/// Rates are not published: counters are cumulative, and a back end derives the rate, for example
/// <c>rate(pulse_streams_processed_records_total[1m])</c> in Prometheus. Counters restart from zero with
/// the process (and a thread's with the thread); <c>rate()</c> treats that as a counter reset.
/// </para>
/// <para>
/// Task-level counters (<see cref="DroppedRecords"/>, <see cref="LateRecords"/>, <see cref="DeadLetteredRecords"/>)
/// stay monotonic per <see cref="Tags.Thread"/> and <see cref="Tags.Task"/> while a task moves away and back.
/// Two <see cref="KafkaStreams"/> instances in one process share the meter; <see cref="Tags.Thread"/>
/// (which contains <see cref="KafkaStreams.ProcessId"/>) tells their threads apart.
/// </para>
/// </remarks>
public static class StreamsMetrics
{
    /// <summary>The name of the meter that every Pulse.Streams instrument belongs to: <c>Pulse.Streams</c>.</summary>
    public const string MeterName = "Pulse.Streams";

    /// <summary>
    /// Records processed by a stream thread (observable counter, <c>{record}</c>; tags application.id, thread).
    /// A record counts once it has gone through its sub-topology, whatever a handler decided for it.
    /// </summary>
    public const string ProcessedRecords = "pulse.streams.processed.records";

    /// <summary>
    /// Time a stream thread spends processing one poll-loop batch, up to 1,000 records per task (histogram, <c>ms</c>;
    /// tags application.id, thread). Recorded once per batch that processed anything, not per record: the mean
    /// time per record is this histogram's sum divided by the increase of <see cref="ProcessedRecords"/>.
    /// </summary>
    public const string ProcessDuration = "pulse.streams.process.duration";

    /// <summary>
    /// Time of one commit: flushing caches, stores and the producer, then committing input offsets (or the
    /// transaction under exactly-once) (histogram, <c>ms</c>; tags application.id, thread).
    /// </summary>
    public const string CommitDuration = "pulse.streams.commit.duration";

    /// <summary>
    /// End-to-end latency of records written to output topics: the wall clock (<see cref="StreamsConfig.TimeProvider"/>)
    /// when the record is sent minus the record's timestamp (histogram, <c>ms</c>; tags application.id, task, topic).
    /// Measured at sinks, not for changelog, repartition or dead-letter topics; sampled, about one record per
    /// 10 ms per sink and task (every record of a quiet sink, one in up to 1,024 of a busy one). A timestamp
    /// in the future counts as 0.
    /// </summary>
    public const string EndToEndLatency = "pulse.streams.e2e.latency";

    /// <summary>
    /// Records in an input partition not yet processed: its high watermark minus the offset of the next record
    /// to process (observable gauge, <c>{record}</c>; tags application.id, thread, task, topic, partition).
    /// Refreshed by each stream thread about once a second, from the watermarks its consumer last fetched.
    /// </summary>
    public const string ConsumerLag = "pulse.streams.consumer.lag";

    /// <summary>
    /// Changelog records restored into stores (observable counter, <c>{record}</c>; tags application.id, thread,
    /// task, store). Updated per restored batch; 0 from the first restore of a store with nothing to restore.
    /// </summary>
    public const string RestoredRecords = "pulse.streams.restored.records";

    /// <summary>
    /// Changelog records left to restore into a store (observable gauge, <c>{record}</c>; tags application.id, thread,
    /// task, store): for every store a thread has restored since it started, 0 once restored, so a dashboard sees a
    /// restore begin, shrink and end.
    /// </summary>
    public const string RestoreRemainingRecords = "pulse.streams.restore.remaining.records";

    /// <summary>
    /// Changelog records applied to standby stores (observable counter, <c>{record}</c>; tags application.id, thread
    /// (the instance's membership thread), task, store). See <see cref="StreamsConfig.NumStandbyReplicas"/>.
    /// </summary>
    public const string StandbyRecords = "pulse.streams.standby.records";

    /// <summary>
    /// Changelog records not yet applied to a standby store: the changelog's high watermark minus the next offset
    /// to apply (observable gauge, <c>{record}</c>; tags application.id, thread, task, store). Refreshed about once a second;
    /// what a failover to this instance would restore.
    /// </summary>
    public const string StandbyLag = "pulse.streams.standby.lag";

    /// <summary>Standby tasks an instance keeps (observable gauge, <c>{task}</c>; tags application.id, thread).</summary>
    public const string StandbyTaskCount = "pulse.streams.standby.task.count";

    /// <summary>
    /// Records dropped: answered <c>Continue</c> by an exception handler, a negative timestamp, or late for a
    /// closed window (observable counter, <c>{record}</c>; tags application.id, thread, task).
    /// </summary>
    public const string DroppedRecords = "pulse.streams.dropped.records";

    /// <summary>
    /// Records dropped because their window had closed (observable counter, <c>{record}</c>; tags application.id,
    /// thread, task). Also counted in <see cref="DroppedRecords"/>.
    /// </summary>
    public const string LateRecords = "pulse.streams.late.records";

    /// <summary>
    /// Records sent to <see cref="StreamsConfig.DeadLetterQueueTopic"/> (observable counter, <c>{record}</c>;
    /// tags application.id, thread, task).
    /// </summary>
    public const string DeadLetteredRecords = "pulse.streams.dead_lettered.records";

    /// <summary>
    /// Dead letters the producer refused even without their value: logged and dropped, never fatal (observable counter,
    /// <c>{record}</c>; tags application.id, thread, task).
    /// </summary>
    public const string DeadLetterFailures = "pulse.streams.dead_letter.failures";

    /// <summary>Partition assignments a stream thread received, the first included (observable counter, <c>{rebalance}</c>; tags application.id, thread).</summary>
    public const string Rebalances = "pulse.streams.rebalances";

    /// <summary>Live stream threads (observable gauge, <c>{thread}</c>; tag application.id).</summary>
    public const string ThreadCount = "pulse.streams.thread.count";

    /// <summary>Tasks a stream thread runs (observable gauge, <c>{task}</c>; tags application.id, thread).</summary>
    public const string TaskCount = "pulse.streams.task.count";

    /// <summary>The tag keys of the instruments.</summary>
    public static class Tags
    {
        /// <summary><see cref="StreamsConfig.ApplicationId"/>.</summary>
        public const string ApplicationId = "application.id";

        /// <summary>The thread's name: <c>&lt;application.id&gt;-&lt;ProcessId&gt;-StreamThread-&lt;n&gt;</c> (<c>-MembershipThread</c> for standby figures).</summary>
        public const string Thread = "thread";

        /// <summary>The task id, <c>&lt;sub-topology&gt;_&lt;partition&gt;</c>.</summary>
        public const string Task = "task";

        /// <summary>The state store's name.</summary>
        public const string Store = "store";

        /// <summary>The topic (input topic for lag, output topic for end-to-end latency).</summary>
        public const string Topic = "topic";

        /// <summary>The partition number.</summary>
        public const string Partition = "partition";
    }
}
