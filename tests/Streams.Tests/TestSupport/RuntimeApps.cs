using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>Small applications and probes for the runtime tests on the embedded cluster.</summary>
internal static class RuntimeApps
{
    /// <summary>Echoes <c>in</c> to <c>out</c> unchanged (values are record ids).</summary>
    public static Topology Echo(Func<string, string>? map = null)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).MapValues(map ?? (v => v)).To("out", Produced.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    /// <summary>Counts records per key of <c>in</c> in <paramref name="store"/> (uncached, logged) and writes each new count to <c>counts</c>; with <paramref name="echo"/>, also echoes <c>in</c> to <c>out</c>.</summary>
    public static Topology Counts(IKeyValueBytesStoreSupplier store, bool echo = false)
    {
        var builder = new StreamsBuilder();
        var input = builder.Stream("in", Consumed.With(Serdes.String, Serdes.String));
        if (echo) input.To("out", Produced.With(Serdes.String, Serdes.String));
        input.GroupByKey()
            .Count(Materialized.As<string, long>(store).WithCachingDisabled())
            .ToStream()
            .To("counts", Produced.With(Serdes.String, Serdes.Int64));
        return builder.Build();
    }

    /// <summary><paramref name="count"/> records with ids <c>id-{first..}</c> as values, over <paramref name="keys"/> keys.</summary>
    public static List<(string Key, string Value, long Timestamp)> Ids(int first, int count, int keys = 12) =>
        Enumerable.Range(first, count).Select(i => ($"key-{i % keys}", $"id-{i}", 1_700_000_000_000L + i)).ToList();

    public static string Text(byte[]? bytes) => bytes is null ? "" : Encoding.UTF8.GetString(bytes);

    /// <summary>The ids (values) in <paramref name="records"/>.</summary>
    public static List<string> Values(IEnumerable<ConsumeResult<byte[], byte[]>> records) => records.Select(r => Text(r.Message.Value)).ToList();

    /// <summary>The last count written per key.</summary>
    public static Dictionary<string, long> LatestCounts(IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        var latest = new Dictionary<string, long>();
        foreach (var r in records) latest[Text(r.Message.Key)] = Serdes.Int64.Deserialize(r.Message.Value, default);
        return latest;
    }

    /// <summary>The largest count written per key (under at-least-once a repeat can write a count twice; it never lowers the largest).</summary>
    public static Dictionary<string, long> MaxCounts(IEnumerable<ConsumeResult<byte[], byte[]>> records) =>
        records.GroupBy(r => Text(r.Message.Key)).ToDictionary(g => g.Key, g => g.Max(r => Serdes.Int64.Deserialize(r.Message.Value, default)));

    /// <summary>Reads every partition of <paramref name="topic"/> from the beginning to its current end (for after the writers closed).</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(EmbeddedKafkaCluster cluster, string topic, int partitions, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var atEnd = new HashSet<int>();
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (atEnd.Count < partitions)
        {
            Assert.True(Environment.TickCount64 < deadline, $"timed out reading '{topic}' to its end: {records.Count} records so far");
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null) continue;
            if (r.IsPartitionEOF) atEnd.Add(r.Partition.Value);
            else
            {
                atEnd.Remove(r.Partition.Value);
                records.Add(r);
            }
        }
        return records;
    }

    /// <summary>
    /// A config with a short session timeout: a killed instance leaves the group in seconds, and
    /// the mock's rebalance (which waits up to about the session timeout for members to rejoin) is quick.
    /// </summary>
    public static StreamsConfig Config(EmbeddedKafkaCluster cluster, string applicationId, string stateDir, ProcessingGuarantee guarantee = ProcessingGuarantee.AtLeastOnce)
    {
        var config = KafkaTestKit.Config(cluster, applicationId, stateDir);
        config.ProcessingGuarantee = guarantee;
        config.CommitInterval = TimeSpan.FromMilliseconds(100);
        config.Consumer.SessionTimeoutMs = 3_000;
        config.Consumer.HeartbeatIntervalMs = 300;
        return config;
    }
}

/// <summary>Counts the records restored per store, from any thread.</summary>
internal sealed class RestoreCounter : IStateRestoreListener
{
    private long _restored;
    private long _starts;

    public long Restored => Interlocked.Read(ref _restored);

    /// <summary>How many store partitions started restoring (a non-empty range).</summary>
    public long Starts => Interlocked.Read(ref _starts);

    public void OnRestoreStart(TopicPartition changelog, string storeName, long startOffset, long endOffset) => Interlocked.Increment(ref _starts);

    public void OnRestoreEnd(TopicPartition changelog, string storeName, long totalRestored) => Interlocked.Add(ref _restored, totalRestored);
}

/// <summary>Records every state change of an instance, in order.</summary>
internal sealed class StateRecorder
{
    private readonly ConcurrentQueue<KafkaStreamsStateChange> _changes = new();

    public StateRecorder(KafkaStreams streams) => streams.StateChanged += _changes.Enqueue;

    public IReadOnlyList<KafkaStreamsStateChange> Changes => [.. _changes];

    public IReadOnlyList<KafkaStreamsState> States => [.. _changes.Select(c => c.NewState)];
}
