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
/// fetch.queue.backoff.ms 10) and commit every 100 ms. The clock runs from the moment the application is running with its
/// tasks to the moment its group's committed offsets reach the end of the input: every record processed and committed.
/// </summary>
internal static class ClusterPeers
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private const int CommitIntervalMs = 100;

    public static PeerResult Run(string variant, InputData input, bool exactlyOnce, bool streamiz)
    {
        using var cluster = RuntimeBench.StartCluster();
        RuntimeBench.Preload(cluster, input);
        using var state = new RuntimeBench.TempDir();
        var applicationId = (streamiz ? "streamiz-" : "pulse-") + Guid.NewGuid().ToString("N")[..8];
        GC.Collect();
        var (running, done, cpu) = streamiz
            ? RunStreamiz(cluster, state.Path, applicationId, exactlyOnce, input.Count)
            : RunPulse(cluster, state.Path, applicationId, exactlyOnce, input.Count);
        var seconds = Stopwatch.GetElapsedTime(running, done).TotalSeconds;
        var valid = RuntimeBench.ValidCount(input);
        var outputs = RuntimeBench.RecordsIn(cluster, ReferenceTopology.HighTopic, RuntimeBench.Partitions) + RuntimeBench.RecordsIn(cluster, ReferenceTopology.LowTopic, RuntimeBench.Partitions);
        if (outputs < valid) throw new InvalidOperationException($"{variant}: {outputs:N0} offsets on readings.high/low, expected at least {valid:N0}.");
        return new PeerResult(variant, input.Count, seconds, input.Count / seconds, cpu, -1, ProcessMemory.PeakWorkingSetMiB(),
            $"{outputs:N0} offsets on readings.high/low ({valid:N0} valid inputs{(exactlyOnce ? ", plus transaction markers" : "")})");
    }

    private static (long Running, long Done, double Cpu) RunPulse(EmbeddedKafkaCluster cluster, string stateDir, string applicationId, bool exactlyOnce, int records)
    {
        var config = new StreamsConfig
        {
            ApplicationId = applicationId,
            BootstrapServers = cluster.BootstrapServers,
            TopicCreator = cluster.TopicCreator,
            StateDir = stateDir,
            ProcessingGuarantee = exactlyOnce ? Streams.ProcessingGuarantee.ExactlyOnceV2 : Streams.ProcessingGuarantee.AtLeastOnce,
            NumStreamThreads = 1,
            CommitInterval = TimeSpan.FromMilliseconds(CommitIntervalMs),
            Producer = new ProducerConfig { CompressionType = CompressionType.Lz4 },
            Consumer = new ConsumerConfig { HeartbeatIntervalMs = 500, SessionTimeoutMs = 6_000, FetchQueueBackoffMs = 10 },
        };
        var streams = new KafkaStreams(ReferenceTopology.Build(StoreType.RocksDb), config);
        streams.Start();
        WaitUntil(() => streams.State == KafkaStreamsState.Running && streams.Threads.Sum(t => t.Tasks.Count) == RuntimeBench.Partitions,
            "Pulse to run with every task", () => streams.State == KafkaStreamsState.Error ? streams.Failure?.Message : null);
        var running = Stopwatch.GetTimestamp();
        var cpu0 = CpuSeconds();
        WaitUntilCommitted(cluster, applicationId, records, () => streams.State == KafkaStreamsState.Error ? streams.Failure?.Message : null);
        var done = Stopwatch.GetTimestamp();
        var cpu = CpuSeconds() - cpu0;
        streams.CloseAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        return (running, done, cpu);
    }

    private static (long Running, long Done, double Cpu) RunStreamiz(EmbeddedKafkaCluster cluster, string stateDir, string applicationId, bool exactlyOnce, int records)
    {
        // Streamiz's own creation of internal topics times out against the mock ("Failed while waiting for controller"): the
        // changelog it would create is created here, as an operator would beforehand.
        cluster.CreateTopic($"{applicationId}-{ReferenceTopology.StoreName}-changelog", RuntimeBench.Partitions, 3);
        var config = StreamizReference.Config(applicationId);
        config.BootstrapServers = cluster.BootstrapServers;
        config.StateDir = stateDir;
        config.Guarantee = exactlyOnce ? StreamizGuarantee.EXACTLY_ONCE : StreamizGuarantee.AT_LEAST_ONCE;
        config.NumStreamThreads = 1;
        config.CommitIntervalMs = CommitIntervalMs;
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
        WaitUntilCommitted(cluster, applicationId, records, () => error);
        var done = Stopwatch.GetTimestamp();
        var cpu = CpuSeconds() - cpu0;
        cts.Cancel();
        stream.Dispose();
        return (Interlocked.Read(ref running), done, cpu);
    }

    /// <summary>Waits until the group's committed offsets on the input add up to <paramref name="records"/>, asking every 50 ms.</summary>
    private static void WaitUntilCommitted(EmbeddedKafkaCluster cluster, string groupId, int records, Func<string?> failure)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = groupId }).Build();
        var partitions = Enumerable.Range(0, RuntimeBench.Partitions).Select(p => new TopicPartition(ReferenceTopology.InputTopic, p)).ToList();
        WaitUntil(() =>
        {
            try
            {
                return consumer.Committed(partitions, TimeSpan.FromSeconds(5)).Sum(o => Math.Max(0, o.Offset.Value)) >= records;
            }
            catch (KafkaException)
            {
                return false;
            }
        }, "the input to be committed", failure, pollMs: 50);
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
