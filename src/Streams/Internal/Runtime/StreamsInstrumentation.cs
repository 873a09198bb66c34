using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.Runtime.Standby;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Publishes the figures of one <see cref="KafkaStreams"/> instance on the process-wide
/// <see cref="StreamsMetrics.MeterName"/> meter (see <see cref="StreamsMetrics"/> for the instruments).
/// Observable instruments read counters the runtime keeps anyway; histograms are recorded once per
/// poll-loop batch, once per commit, and for a sample of output records (<see cref="EndToEndLatencySampler"/>).
/// Lives as long as the instance's <see cref="RuntimeContext"/>: registered on creation, unregistered on dispose.
/// Invariant: a collecting thread never touches a stream thread's tasks or Kafka clients; what needs them
/// is published by the stream thread itself into its <see cref="ThreadInstruments"/>.
/// </summary>
internal sealed class StreamsInstrumentation : IDisposable
{
    internal static readonly Meter Meter = new(StreamsMetrics.MeterName, typeof(StreamsInstrumentation).Assembly.GetName().Version?.ToString());

    private static readonly double[] BatchBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000];
    private static readonly double[] LatencyBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000];

    internal static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram(StreamsMetrics.ProcessDuration, "ms",
        "Time a stream thread spends processing one poll-loop batch; divide the sum by processed records for the mean per record.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BatchBuckets });

    internal static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(StreamsMetrics.CommitDuration, "ms",
        "Time of one commit: flushing caches, stores and the producer, then committing offsets or the transaction.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BatchBuckets });

    internal static readonly Histogram<double> EndToEndLatency = Meter.CreateHistogram(StreamsMetrics.EndToEndLatency, "ms",
        "Wall clock at send minus record timestamp, for a sample of the records written to output topics.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static StreamsInstrumentation[] s_instances = [];
    private static readonly Lock s_registryGate = new();

    private readonly ConcurrentDictionary<StreamThread, ThreadInstruments> _threads = new();
    private Func<IReadOnlyList<StreamThread>>? _threadSource;
    private Membership? _membership;

    static StreamsInstrumentation()
    {
        Meter.CreateObservableCounter(StreamsMetrics.ProcessedRecords, () => ObserveThreads(t => t.Thread.Metrics.ProcessedTotal), "{record}",
            "Records processed by a stream thread.");
        Meter.CreateObservableCounter(StreamsMetrics.Rebalances, () => ObserveThreads(t => t.Thread.Metrics.Rebalances), "{rebalance}",
            "Partition assignments a stream thread received, the first included.");
        Meter.CreateObservableGauge(StreamsMetrics.TaskCount, () => ObserveThreads(t => t.TaskCount, aliveOnly: true), "{task}",
            "Tasks a stream thread runs.");
        Meter.CreateObservableGauge(StreamsMetrics.ThreadCount, ObserveThreadCounts, "{thread}", "Live stream threads.");
        Meter.CreateObservableCounter(StreamsMetrics.DroppedRecords, () => ObserveTasks(c => c.Dropped), "{record}",
            "Records dropped: skipped by an exception handler, a negative timestamp, or late for a closed window.");
        Meter.CreateObservableCounter(StreamsMetrics.LateRecords, () => ObserveTasks(c => c.Late), "{record}",
            "Records dropped because their window had closed (also counted as dropped).");
        Meter.CreateObservableCounter(StreamsMetrics.DeadLetteredRecords, () => ObserveTasks(c => c.DeadLetters), "{record}",
            "Records sent to the dead-letter topic.");
        Meter.CreateObservableCounter(StreamsMetrics.DeadLetterFailures, () => ObserveTasks(c => c.DeadLetterFailures), "{record}",
            "Dead letters the producer refused even without their value: logged and dropped.");
        Meter.CreateObservableGauge(StreamsMetrics.ConsumerLag, () => Observe((t, into) => t.ObserveLag(into), aliveOnly: true), "{record}",
            "Records of an input partition not yet processed: high watermark minus the next offset to process.");
        Meter.CreateObservableCounter(StreamsMetrics.RestoredRecords, () => Observe((t, into) => t.ObserveRestored(into)), "{record}",
            "Changelog records restored into stores.");
        Meter.CreateObservableGauge(StreamsMetrics.RestoreRemainingRecords, () => Observe((t, into) => t.ObserveRestoring(into), aliveOnly: true), "{record}",
            "Changelog records left to restore into the store being restored.");
        Meter.CreateObservableCounter(StreamsMetrics.StandbyRecords, () => ObserveStandbys(AppliedToStandbys), "{record}",
            "Changelog records applied to standby stores.");
        Meter.CreateObservableGauge(StreamsMetrics.StandbyLag, () => ObserveStandbys(StandbyLags), "{record}",
            "Changelog records not yet applied to a standby store: the changelog's high watermark minus the next offset to apply.");
        Meter.CreateObservableGauge(StreamsMetrics.StandbyTaskCount, () => ObserveStandbys(StandbyTaskCounts), "{task}",
            "Standby tasks an instance keeps.");
    }

    public StreamsInstrumentation(string applicationId)
    {
        ApplicationId = applicationId;
        lock (s_registryGate) s_instances = [.. s_instances, this];
    }

    public string ApplicationId { get; }

    /// <summary>Gives the live list of the instance's stream threads (<see cref="KafkaStreams"/> keeps it).</summary>
    public void ObserveThreads(Func<IReadOnlyList<StreamThread>> threads) => _threadSource = threads;

    /// <summary>Gives the instance's membership channel, whose standby tasks the standby instruments read.</summary>
    public void ObserveStandbys(Membership membership) => _membership = membership;

    /// <summary>Called by a stream thread after each processing pass: records its duration, tracks the tasks, refreshes lag.</summary>
    public void AfterProcess(StreamThread thread, IConsumer<byte[], byte[]> consumer, int processed, long startedTimestamp)
    {
        var instruments = For(thread);
        if (processed > 0 && ProcessDuration.Enabled)
            ProcessDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, instruments.Tags);
        instruments.Track(thread.Tasks, consumer);
    }

    /// <summary>Times one commit of <paramref name="thread"/>: <c>using var _ = instrumentation.TimeCommit(this);</c></summary>
    public CommitTimer TimeCommit(StreamThread thread) => new(this, thread, Stopwatch.GetTimestamp());

    public void Dispose()
    {
        lock (s_registryGate) s_instances = [.. s_instances.Where(i => i != this)];
    }

    private ThreadInstruments For(StreamThread thread) => _threads.GetOrAdd(thread, t => new ThreadInstruments(ApplicationId, t));

    /// <summary>The instruments of the instance's current threads (dropping those of threads it no longer has).</summary>
    private List<ThreadInstruments> CurrentThreads(bool aliveOnly)
    {
        var threads = _threadSource?.Invoke() ?? [];
        foreach (var gone in _threads.Keys.Where(t => !threads.Contains(t))) _threads.TryRemove(gone, out _);
        return threads.Where(t => !aliveOnly || t.IsAlive).Select(For).ToList();
    }

    private static IEnumerable<Measurement<long>> Observe(Action<ThreadInstruments, List<Measurement<long>>> observe, bool aliveOnly = false)
    {
        var measurements = new List<Measurement<long>>();
        foreach (var instance in Volatile.Read(ref s_instances))
            foreach (var thread in instance.CurrentThreads(aliveOnly))
                observe(thread, measurements);
        return measurements;
    }

    private static IEnumerable<Measurement<long>> ObserveThreads(Func<ThreadInstruments, long> value, bool aliveOnly = false) =>
        Observe((t, into) => into.Add(new Measurement<long>(value(t), t.Tags)), aliveOnly);

    private static IEnumerable<Measurement<long>> ObserveTasks(Func<TaskCounters, long> value) =>
        Observe((t, into) => t.ObserveTasks(value, into));

    private static IEnumerable<Measurement<long>> ObserveStandbys(Action<StandbyInstruments, List<Measurement<long>>> observe)
    {
        var measurements = new List<Measurement<long>>();
        foreach (var instance in Volatile.Read(ref s_instances))
            if (instance._membership is { } membership) observe(new StandbyInstruments(instance.ApplicationId, membership), measurements);
        return measurements;
    }

    private static void AppliedToStandbys(StandbyInstruments standbys, List<Measurement<long>> into)
    {
        foreach (var ((task, store), applied) in standbys.Membership.Tasks.Applied) into.Add(new Measurement<long>(applied, standbys.StoreTags(task, store)));
    }

    private static void StandbyLags(StandbyInstruments standbys, List<Measurement<long>> into)
    {
        foreach (var lag in standbys.Membership.Lag) into.Add(new Measurement<long>(lag.Lag, standbys.StoreTags(lag.Task, lag.Store)));
    }

    private static void StandbyTaskCounts(StandbyInstruments standbys, List<Measurement<long>> into) =>
        into.Add(new Measurement<long>(standbys.Membership.Tasks.Open.Count, standbys.Tags));

    /// <summary>The tags of an instance's standby figures: application.id and the membership thread, which keeps them.</summary>
    private readonly record struct StandbyInstruments(string ApplicationId, Membership Membership)
    {
        public KeyValuePair<string, object?>[] Tags => [new(StreamsMetrics.Tags.ApplicationId, ApplicationId), new(StreamsMetrics.Tags.Thread, Membership.ThreadName)];

        public KeyValuePair<string, object?>[] StoreTags(TaskId task, string store) =>
            [.. Tags, new(StreamsMetrics.Tags.Task, task.ToString()), new(StreamsMetrics.Tags.Store, store)];
    }

    /// <summary>Live threads per application id (instances of one application in one process add up).</summary>
    private static IEnumerable<Measurement<int>> ObserveThreadCounts() =>
        Volatile.Read(ref s_instances)
            .GroupBy(i => i.ApplicationId, StringComparer.Ordinal)
            .Select(g => new Measurement<int>(g.Sum(i => i.CurrentThreads(aliveOnly: true).Count),
                new KeyValuePair<string, object?>(StreamsMetrics.Tags.ApplicationId, g.Key)))
            .ToList();

    /// <summary>Records a commit's duration when disposed.</summary>
    internal readonly struct CommitTimer(StreamsInstrumentation owner, StreamThread thread, long startedTimestamp) : IDisposable
    {
        public void Dispose()
        {
            if (CommitDuration.Enabled)
                CommitDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, owner.For(thread).Tags);
        }
    }
}
