using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Serialization;

namespace Pulse.Bench;

/// <summary>
/// <c>runtime</c>: <see cref="KafkaStreams"/> end to end on an in-process <see cref="EmbeddedKafkaCluster"/>
/// (3 brokers, librdkafka's mock), each run on a fresh cluster: throughput of the reference topology
/// over a preloaded input, end-to-end latency at an offered rate, and restore of a key-value store
/// from its changelog. Every client, the brokers and the streams share this process and 2 cores.
/// </summary>
internal static class RuntimeBench
{
    internal const int Partitions = 6;
    private const int Keys = 1_000;
    private const int RestorePartitions = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static IReadOnlyDictionary<string, string> _consumerSettings = new Dictionary<string, string>();

    public static int Run(RuntimeOptions o)
    {
        _consumerSettings = o.Consumer;
        if (o.Consumer.Count > 0) Console.WriteLine($"[runtime] consumer settings: {string.Join(", ", o.Consumer.Select(kv => $"{kv.Key}={kv.Value}"))}");
        Console.WriteLine($"[runtime] {Report.Environment()}, machine '{Environment.MachineName}'");
        var lines = new List<string>();
        if (o.Runs("throughput"))
        {
            Console.WriteLine($"[runtime] generating {o.Records:N0} input records over {Keys:N0} keys...");
            var input = InputData.Generate(o.Records, Keys);
            foreach (var g in o.Guarantees)
                foreach (var threads in o.Threads)
                    lines.Add(Throughput(input, g, threads));
        }
        if (o.Runs("latency"))
            foreach (var g in o.Guarantees.Reverse())
                lines.Add(Latency(g, o.Rate, o.Seconds));
        if (o.Runs("restore")) lines.Add(Restore(o.RestoreRecords));
        if (o.Runs("consume")) lines.Add(Consume(o.Records));
        Console.WriteLine();
        foreach (var line in lines) Console.WriteLine(line);
        return 0;
    }

    /// <summary>
    /// Preloads the input, starts the instance, and times processing from the moment every thread has its tasks.
    /// With more than one thread the instance starts first, on an empty input: one thread finishes a preloaded
    /// input before a second one's share arrives (the embedded broker's rebalance takes ~10 s), so the input is
    /// produced once every thread has its tasks and the time runs from the first record produced; the producer
    /// shares the cores with the threads. Nothing reads the outputs meanwhile (a reader would take CPU from the
    /// threads measured); they are counted after the instance closes.
    /// </summary>
    private static string Throughput(InputData input, ProcessingGuarantee guarantee, int threads)
    {
        var name = $"throughput {RuntimeOptions.Name(guarantee)} {threads} thread(s)";
        var calibration = Calibration.NanosecondsPerOp();
        using var cluster = StartCluster();
        var preloadFirst = threads == 1;
        var preload = preloadFirst ? Preload(cluster, input) : 0;
        using var state = new TempDir();
        var streams = new KafkaStreams(ReferenceTopology.Build(StoreType.RocksDb), Config(cluster, state.Path, guarantee, threads));
        var start = Stopwatch.GetTimestamp();
        streams.Start();
        WaitUntil(() => AllThreadsHaveTasks(streams), "every thread to be assigned tasks", streams);
        var startup = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (t0, p0, cpu0) = (Stopwatch.GetTimestamp(), Processed(streams), CpuSeconds());
        if (!preloadFirst) preload = Preload(cluster, input);
        WaitUntil(() => Processed(streams) >= input.Count, $"{input.Count:N0} records processed", streams);
        var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var cpu = CpuSeconds() - cpu0;
        var rate = (input.Count - p0) / seconds;
        var commits = streams.Threads.Sum(t => t.Metrics.Commits);
        streams.CloseAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        var valid = ValidCount(input);
        var outputs = RecordsIn(cluster, ReferenceTopology.HighTopic, Partitions) + RecordsIn(cluster, ReferenceTopology.LowTopic, Partitions);
        if (outputs < valid) throw new InvalidOperationException($"{name}: {outputs:N0} records on readings.high/low, expected {valid:N0}.");
        var line = $"{name}: {rate:N0} rec/s once running ({input.Count - p0:N0} records in {seconds:F2} s, {(input.Count - p0) / cpu:N0} rec/CPU-s of the whole process); " +
            $"startup {startup:F1} s ({p0:N0} processed meanwhile); {outputs:N0} offsets on readings.high/low (valid inputs {valid:N0}, plus commit markers under exactly-once); " +
            $"commits {commits}; {(preloadFirst ? "preload" : "input produced while running at")} {preload:N0} rec/s; calibration {calibration:F0} ns/op";
        Console.WriteLine("[runtime] " + line);
        return line;
    }

    /// <summary>A paced producer offers <paramref name="rate"/> records/s to a running instance; latency over all but the first 3 s.</summary>
    private static string Latency(ProcessingGuarantee guarantee, int rate, int seconds)
    {
        var name = $"latency {RuntimeOptions.Name(guarantee)} 1 thread at {rate:N0} rec/s offered";
        var calibration = Calibration.NanosecondsPerOp();
        var total = rate * seconds;
        var input = InputData.Generate(total, Keys);
        using var cluster = StartCluster();
        using var state = new TempDir();
        using var recorder = new LatencyRecorder(cluster, Partitions, total);
        using var commitClock = new CommitClock();
        var streams = new KafkaStreams(ReferenceTopology.Build(StoreType.RocksDb), Config(cluster, state.Path, guarantee, threads: 1));
        streams.Start();
        WaitUntil(() => AllThreadsHaveTasks(streams), "the thread to be assigned tasks", streams);

        using var producer = InputProducer(cluster, lingerMs: 1);
        var wall0 = LatencyRecorder.NowMs();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total;)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate));
            if (due <= i)
            {
                Thread.Sleep(1);
                continue;
            }
            for (; i < due; i++) Produce(producer, input, i, LatencyRecorder.NowMs());
        }
        var offered = total / Stopwatch.GetElapsedTime(start).TotalSeconds;
        producer.Flush(TimeSpan.FromSeconds(30));
        var valid = ValidCount(input);
        WaitUntil(() => recorder.Count >= valid, $"{valid:N0} records on readings.high/low", streams);
        var (n, p50, p99, max) = recorder.Percentiles(wall0 + 3_000);
        var committed = guarantee == ProcessingGuarantee.ExactlyOnceV2 ? CommittedLatency(recorder, commitClock, wall0 + 3_000) : "";
        var commitMs = streams.Threads.Max(t => t.Metrics.LastCommitLatencyMs);
        var commits = streams.Threads.Sum(t => t.Metrics.Commits);
        streams.CloseAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        var line = $"{name}: achieved {offered:N0} rec/s offered; end-to-end p50 {p50:N0} ms, p99 {p99:N0} ms, max {max:N0} ms ({n:N0} records after a 3 s warm-up){committed}; " +
            $"commits {commits}, last commit {commitMs} ms; calibration {calibration:F0} ns/op";
        Console.WriteLine("[runtime] " + line);
        return line;
    }

    /// <summary>The exactly-once latency including the wait for the transaction's commit (an upper bound: <see cref="CommitClock"/>).</summary>
    private static string CommittedLatency(LatencyRecorder recorder, CommitClock commits, long fromMs)
    {
        var (n, p50, p99, max) = recorder.CommittedPercentiles(fromMs, commits);
        return $"; up to the end of its transaction's commit (upper bound): p50 {p50:N0} ms, p99 {p99:N0} ms, max {max:N0} ms ({n:N0} records)";
    }

    /// <summary>A bare consumer over the same preloaded input: straight through, then pausing as the stream thread does (a fifth of the input).</summary>
    private static string Consume(int records)
    {
        var calibration = Calibration.NanosecondsPerOp();
        var input = InputData.Generate(records, Keys);
        using var cluster = StartCluster();
        Preload(cluster, input);
        var straight = ConsumerBaseline.RecordsPerSecond(cluster, ReferenceTopology.InputTopic, Partitions, records, pauseResume: false);
        var pausing = ConsumerBaseline.RecordsPerSecond(cluster, ReferenceTopology.InputTopic, Partitions, records / 5, pauseResume: true);
        var line = $"bare consumer of the preloaded input: {straight:N0} rec/s straight through; {pausing:N0} rec/s pausing each partition at 1,000 records in hand " +
            $"(first {records / 5:N0}); calibration {calibration:F0} ns/op";
        Console.WriteLine("[runtime] " + line);
        return line;
    }

    /// <summary>Fills the changelog of a RocksDB key-value store with <paramref name="records"/> distinct keys, then times the restore of a fresh instance.</summary>
    private static string Restore(int records)
    {
        var calibration = Calibration.NanosecondsPerOp();
        using var cluster = StartCluster();
        var applicationId = "restore-" + Guid.NewGuid().ToString("N")[..8];
        var changelog = $"{applicationId}-kv-changelog";
        cluster.CreateTopic("restore-input", RestorePartitions, 3);
        cluster.CreateTopic(changelog, RestorePartitions, 3);
        var value = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(value, 1);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers, LingerMs = 20, BatchNumMessages = 10_000, QueueBufferingMaxMessages = 1_000_000,
            Partitioner = Partitioner.Murmur2Random, EnableIdempotence = true,
        }).Build())
        {
            for (var i = 0; i < records; i++)
                ProduceWithRetry(producer, changelog, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"key-{i:D7}"), Value = value });
            producer.Flush(TimeSpan.FromSeconds(60));
        }
        CheckNothingDropped(cluster, changelog, RestorePartitions, records);

        var builder = new StreamsBuilder();
        builder.Stream("restore-input", Consumed.With(Serdes.String, Serdes.String)).GroupByKey().Count(Materialized.As<string, long>("kv"));
        using var state = new TempDir();
        var listener = new RestoreTimer();
        var config = Config(cluster, state.Path, ProcessingGuarantee.AtLeastOnce, threads: 1, applicationId);
        config.StateRestoreListener = listener;
        var streams = new KafkaStreams(builder.Build(), config);
        var start = Stopwatch.GetTimestamp();
        streams.Start();
        WaitUntil(() => streams.State == KafkaStreamsState.Running, "Running after the restore", streams);
        var toRunning = Stopwatch.GetElapsedTime(start).TotalSeconds;
        streams.CloseAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        var line = $"restore {records:N0} entries (RocksDB, {RestorePartitions} changelog partitions, 1 thread): {listener.Restored / listener.Seconds:N0} rec/s " +
            $"({listener.Restored:N0} restored in {listener.Seconds:F2} s, first restore start to last end); start to Running {toRunning:F2} s; calibration {calibration:F0} ns/op";
        Console.WriteLine("[runtime] " + line);
        return line;
    }

    internal static EmbeddedKafkaCluster StartCluster()
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        foreach (var topic in new[] { ReferenceTopology.InputTopic, ReferenceTopology.StatsTopic, ReferenceTopology.HighTopic, ReferenceTopology.LowTopic })
            cluster.CreateTopic(topic, Partitions, 3);
        return cluster;
    }

    private static StreamsConfig Config(EmbeddedKafkaCluster cluster, string stateDir, ProcessingGuarantee guarantee, int threads, string? applicationId = null)
    {
        var config = BaseConfig(cluster, stateDir, guarantee, threads, applicationId);
        foreach (var (k, v) in _consumerSettings) config.Consumer.Set(k, v);
        return config;
    }

    private static StreamsConfig BaseConfig(EmbeddedKafkaCluster cluster, string stateDir, ProcessingGuarantee guarantee, int threads, string? applicationId) => new()
    {
        ApplicationId = applicationId ?? "bench-" + Guid.NewGuid().ToString("N")[..8],
        BootstrapServers = cluster.BootstrapServers,
        TopicCreator = cluster.TopicCreator,
        StateDir = stateDir,
        ProcessingGuarantee = guarantee,
        NumStreamThreads = threads,
        // lz4 keeps each output partition under the mock's 5 MiB; heartbeats every 0.5 s let a second thread join in about a second.
        Producer = new ProducerConfig { CompressionType = CompressionType.Lz4 },
        Consumer = new ConsumerConfig { HeartbeatIntervalMs = 500, SessionTimeoutMs = 6_000 },
    };

    /// <summary>Produces the whole input at once, timestamps = wall clock, lz4 so that 1M records fit 6 partitions of at most 5 MiB; returns records/s.</summary>
    internal static double Preload(EmbeddedKafkaCluster cluster, InputData input)
    {
        var start = Stopwatch.GetTimestamp();
        using (var producer = InputProducer(cluster, lingerMs: 20))
        {
            for (var i = 0; i < input.Count; i++) Produce(producer, input, i, LatencyRecorder.NowMs());
            producer.Flush(TimeSpan.FromSeconds(60));
        }
        var rate = input.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
        CheckNothingDropped(cluster, ReferenceTopology.InputTopic, Partitions, input.Count);
        return rate;
    }

    private static IProducer<byte[], byte[]> InputProducer(EmbeddedKafkaCluster cluster, int lingerMs) => new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = cluster.BootstrapServers,
        LingerMs = lingerMs,
        BatchNumMessages = 10_000,
        QueueBufferingMaxMessages = 1_000_000,
        CompressionType = CompressionType.Lz4,
        Partitioner = Partitioner.Murmur2Random,
        EnableIdempotence = true,
    }).Build();

    private static void Produce(IProducer<byte[], byte[]> producer, InputData input, int i, long timestampMs) =>
        ProduceWithRetry(producer, ReferenceTopology.InputTopic, new Message<byte[], byte[]>
        {
            Key = input.KeyOf(i), Value = input.ValueOf(i), Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
        });

    private static void ProduceWithRetry(IProducer<byte[], byte[]> producer, string topic, Message<byte[], byte[]> message)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <summary>The mock silently drops the oldest data of a partition over 5 MiB: every partition must still start at offset 0.</summary>
    private static void CheckNothingDropped(EmbeddedKafkaCluster cluster, string topic, int partitions, long expected)
    {
        var total = RecordsIn(cluster, topic, partitions);
        if (total < expected) throw new InvalidOperationException($"{topic} holds {total:N0} records, expected {expected:N0}.");
    }

    /// <summary>The sum of the partitions' end offsets; throws if the mock dropped the start of one.</summary>
    internal static long RecordsIn(EmbeddedKafkaCluster cluster, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "check" }).Build();
        long total = 0;
        for (var p = 0; p < partitions; p++)
        {
            var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            if (w.Low.Value != 0) throw new InvalidOperationException($"{topic}-{p} lost its first {w.Low.Value:N0} records to the mock's 5 MiB limit.");
            total += w.High.Value;
        }
        return total;
    }

    internal static int ValidCount(InputData input)
    {
        var n = 0;
        var context = new SerializationContext(MessageComponentType.Value, ReferenceTopology.InputTopic);
        for (var i = 0; i < input.Count; i++)
            if (ReferenceTopology.ReadingSerde.Deserialize(input.ValueOf(i), context)!.Value >= 0) n++;
        return n;
    }

    private static bool AllThreadsHaveTasks(KafkaStreams streams)
    {
        var threads = streams.Threads;
        return streams.State == KafkaStreamsState.Running && threads.All(t => t.Tasks.Count > 0) && threads.Sum(t => t.Tasks.Count) == Partitions;
    }

    private static long Processed(KafkaStreams streams) => streams.Threads.Sum(t => t.Metrics.ProcessedTotal);

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static void WaitUntil(Func<bool> condition, string what, KafkaStreams streams)
    {
        // Polls every 2 ms: a spinning wait would take CPU from the threads being measured.
        var deadline = Stopwatch.GetTimestamp() + (long)(Deadline.TotalSeconds * Stopwatch.Frequency);
        while (!condition() && streams.State != KafkaStreamsState.Error && Stopwatch.GetTimestamp() < deadline) Thread.Sleep(2);
        if (condition() && streams.State != KafkaStreamsState.Error) return;
        throw new InvalidOperationException($"Waiting for {what}: state {streams.State}, failure: {streams.Failure}");
    }

    /// <summary>Times restores from the first start to the last end, across the changelog partitions restored one after another.</summary>
    private sealed class RestoreTimer : Streams.State.IStateRestoreListener
    {
        private long _first;
        private long _last;
        private long _restored;

        public long Restored => Interlocked.Read(ref _restored);

        public double Seconds => Stopwatch.GetElapsedTime(Interlocked.Read(ref _first), Interlocked.Read(ref _last)).TotalSeconds;

        public void OnRestoreStart(TopicPartition changelog, string storeName, long startOffset, long endOffset) =>
            Interlocked.CompareExchange(ref _first, Stopwatch.GetTimestamp(), 0);

        public void OnRestoreEnd(TopicPartition changelog, string storeName, long totalRestored)
        {
            Interlocked.Add(ref _restored, totalRestored);
            Interlocked.Exchange(ref _last, Stopwatch.GetTimestamp());
        }
    }

    internal sealed class TempDir : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pulse-bench-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover (or never created) temp folder is harmless.
            }
        }
    }
}
