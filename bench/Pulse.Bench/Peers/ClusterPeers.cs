using System.Diagnostics;
using Confluent.Kafka;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Streamiz.Kafka.Net;
using StreamizGuarantee = Streamiz.Kafka.Net.ProcessingGuarantee;
using StreamizState = Streamiz.Kafka.Net.KafkaStream.State;

namespace Pulse.Bench.Peers;

/// <summary>
/// Pulse's <see cref="KafkaStreams"/> and Streamiz's <c>KafkaStream</c> on the embedded cluster (3 brokers, librdkafka's
/// mock, in this process), one stream thread each, over the same preloaded input on the same topics (6 partitions): the
/// reference topology with RocksDB and caching. Both get the same client settings (lz4, heartbeat 0.5 s, session 6 s,
/// fetch.queue.backoff.ms 10) and Kafka Streams' default commit interval of the guarantee. The clock runs from the moment the application is running with its
/// tasks to the moment the output of every valid input record is on the output topics.
/// </summary>
internal static class ClusterPeers
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    /// <summary>Kafka Streams' default commit interval: 30 s at least once, 100 ms exactly once (both frameworks get it).</summary>
    private static int CommitIntervalMs(bool exactlyOnce) => exactlyOnce ? 100 : 30_000;

    public static PeerResult Run(string variant, InputData input, bool exactlyOnce, bool streamiz)
    {
        using var cluster = RuntimeBench.StartCluster();
        RuntimeBench.Preload(cluster, input);
        using var state = new RuntimeBench.TempDir();
        var applicationId = (streamiz ? "streamiz-" : "pulse-") + Guid.NewGuid().ToString("N")[..8];
        GC.Collect();
        var valid = RuntimeBench.ValidCount(input);
        var (running, done, cpu) = streamiz
            ? RunStreamiz(cluster, state.Path, applicationId, exactlyOnce, valid)
            : RunPulse(cluster, state.Path, applicationId, exactlyOnce, valid);
        var seconds = Stopwatch.GetElapsedTime(running, done).TotalSeconds;
        var outputs = RuntimeBench.RecordsIn(cluster, ReferenceTopology.HighTopic, RuntimeBench.Partitions) + RuntimeBench.RecordsIn(cluster, ReferenceTopology.LowTopic, RuntimeBench.Partitions);
        if (outputs < valid) throw new InvalidOperationException($"{variant}: {outputs:N0} offsets on readings.high/low, expected at least {valid:N0}.");
        return new PeerResult(variant, input.Count, seconds, input.Count / seconds, cpu, -1, ProcessMemory.PeakWorkingSetMiB(),
            $"{outputs:N0} offsets on readings.high/low ({valid:N0} valid inputs{(exactlyOnce ? ", plus transaction markers" : "")})");
    }

    private static (long Running, long Done, double Cpu) RunPulse(EmbeddedKafkaCluster cluster, string stateDir, string applicationId, bool exactlyOnce, int valid)
    {
        var config = new StreamsConfig
        {
            ApplicationId = applicationId,
            BootstrapServers = cluster.BootstrapServers,
            TopicCreator = cluster.TopicCreator,
            StateDir = stateDir,
            ProcessingGuarantee = exactlyOnce ? Streams.ProcessingGuarantee.ExactlyOnceV2 : Streams.ProcessingGuarantee.AtLeastOnce,
            NumStreamThreads = 1,
            CommitInterval = TimeSpan.FromMilliseconds(CommitIntervalMs(exactlyOnce)),
            Producer = new ProducerConfig { CompressionType = CompressionType.Lz4 },
            Consumer = new ConsumerConfig { HeartbeatIntervalMs = 500, SessionTimeoutMs = 6_000, FetchQueueBackoffMs = 10 },
        };
        var streams = new KafkaStreams(ReferenceTopology.Build(StoreType.RocksDb), config);
        streams.Start();
        WaitUntil(() => streams.State == KafkaStreamsState.Running && streams.Threads.Sum(t => t.Tasks.Count) == RuntimeBench.Partitions,
            "Pulse to run with every task", () => streams.State == KafkaStreamsState.Error ? streams.Failure?.Message : null);
        var running = Stopwatch.GetTimestamp();
        var cpu0 = CpuSeconds();
        var done = WaitUntilOutput(cluster, valid, () => streams.State == KafkaStreamsState.Error ? streams.Failure?.Message : null);
        var cpu = CpuSeconds() - cpu0;
        streams.CloseAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        return (running, done, cpu);
    }

    private static (long Running, long Done, double Cpu) RunStreamiz(EmbeddedKafkaCluster cluster, string stateDir, string applicationId, bool exactlyOnce, int valid)
    {
        // Streamiz's own creation of internal topics times out against the mock ("Failed while waiting for controller"): the
        // changelog it would create is created here, as an operator would beforehand.
        cluster.CreateTopic($"{applicationId}-{ReferenceTopology.StoreName}-changelog", RuntimeBench.Partitions, 3);
        var config = StreamizReference.Config(applicationId);
        config.BootstrapServers = cluster.BootstrapServers;
        config.StateDir = stateDir;
        config.Guarantee = exactlyOnce ? StreamizGuarantee.EXACTLY_ONCE : StreamizGuarantee.AT_LEAST_ONCE;
        config.NumStreamThreads = 1;
        config.CommitIntervalMs = CommitIntervalMs(exactlyOnce);
        config.CompressionType = CompressionType.Lz4;
        config.HeartbeatIntervalMs = 500;
        config.SessionTimeoutMs = 6_000;
        config.FetchQueueBackoffMs = 10;
        config.AutoOffsetReset = AutoOffsetReset.Earliest; // Kafka Streams reads a new group from the start; Streamiz does not by default
        var stream = new KafkaStream(StreamizReference.Build(), config);
        long running = 0;
        string? error = null;
        stream.StateChanged += (_, now) =>
        {
            if (now == StreamizState.RUNNING) Interlocked.CompareExchange(ref running, Stopwatch.GetTimestamp(), 0);
            if (now == StreamizState.ERROR) error = "Streamiz went to ERROR";
        };
        using var cts = new CancellationTokenSource();
        stream.StartAsync(cts.Token).GetAwaiter().GetResult();
        WaitUntil(() => Interlocked.Read(ref running) != 0, "Streamiz to be RUNNING", () => error);
        var cpu0 = CpuSeconds();
        var done = WaitUntilOutput(cluster, valid, () => error);
        var cpu = CpuSeconds() - cpu0;
        cts.Cancel();
        stream.Dispose();
        return (Interlocked.Read(ref running), done, cpu);
    }

    /// <summary>
    /// Waits until the output of every valid input is on readings.high and readings.low, and returns when it got there. While
    /// the application runs, only the outputs' end offsets are asked for (every 20 ms), which costs what it measures next to
    /// nothing; once they have not moved for a second, a read_committed consumer counts the records (markers of transactions
    /// are not records), untimed. Short of <paramref name="records"/>, it waits on; else the run ended when the end offsets
    /// first reached their final sum. (The group's committed offsets cannot tell: the mock keeps none committed in a transaction.)
    /// </summary>
    private static long WaitUntilOutput(EmbeddedKafkaCluster cluster, int records, Func<string?> failure)
    {
        var partitions = new[] { ReferenceTopology.HighTopic, ReferenceTopology.LowTopic }
            .SelectMany(t => Enumerable.Range(0, RuntimeBench.Partitions).Select(p => new TopicPartition(t, p))).ToList();
        using var watcher = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "peers-watch" }).Build();
        using var counter = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers, GroupId = "peers-count", IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false, FetchQueueBackoffMs = 10,
        }).Build();
        counter.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var deadline = Stopwatch.GetTimestamp() + (long)(Deadline.TotalSeconds * Stopwatch.Frequency);
        long ends = -1, reached = 0, counted = 0;
        while (true)
        {
            if (failure() is { } reason) throw new InvalidOperationException($"Waiting for the outputs: {reason}");
            if (Stopwatch.GetTimestamp() > deadline) throw new InvalidOperationException($"Waiting for the outputs: {counted:N0} of {records:N0} within {Deadline.TotalMinutes} min.");
            var now = partitions.Sum(p => watcher.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(5)).High.Value);
            if (now != ends)
            {
                (ends, reached) = (now, Stopwatch.GetTimestamp());
            }
            else if (ends >= records && Stopwatch.GetElapsedTime(reached) > TimeSpan.FromSeconds(1))
            {
                while (counter.Consume(TimeSpan.FromMilliseconds(500)) is not null) counted++;
                if (counted >= records) return reached;
            }
            Thread.Sleep(20);
        }
    }

    private static void WaitUntil(Func<bool> condition, string what, Func<string?> failure, int pollMs = 2)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Deadline.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (failure() is { } reason) throw new InvalidOperationException($"Waiting for {what}: {reason}");
            if (condition()) return;
            Thread.Sleep(pollMs);
        }
        throw new InvalidOperationException($"Waiting for {what}: not within {Deadline.TotalMinutes} min.");
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
