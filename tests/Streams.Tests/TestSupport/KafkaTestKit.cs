using Confluent.Kafka;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>Producing to and reading from an embedded cluster in tests, with Kafka's default partitioning (murmur2).</summary>
internal static class KafkaTestKit
{
    public static StreamsConfig Config(EmbeddedKafkaCluster cluster, string applicationId, string stateDir) => new()
    {
        ApplicationId = applicationId,
        BootstrapServers = cluster.BootstrapServers,
        TopicCreator = cluster.TopicCreator,
        StateDir = stateDir,
        CommitInterval = TimeSpan.FromMilliseconds(200),
    };

    public static void Produce(EmbeddedKafkaCluster cluster, string topic, IEnumerable<(string Key, string Value, long Timestamp)> records)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            Partitioner = Partitioner.Murmur2Random,
            LingerMs = 5,
        }).Build();
        foreach (var (key, value, timestamp) in records)
            producer.Produce(topic, new Message<string, string> { Key = key, Value = value, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Reads <paramref name="topic"/> from the start until <paramref name="done"/> holds for what was read, or fails at the deadline.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadUntil(EmbeddedKafkaCluster cluster, string topic, Func<List<ConsumeResult<byte[], byte[]>>, bool> done,
        TimeSpan timeout, IsolationLevel isolation = IsolationLevel.ReadUncommitted)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = isolation,
        }).Build();
        // Assigned, not subscribed: a reader needs no group coordinator, which may be the broker a test took down.
        consumer.Assign(Enumerable.Range(0, PartitionCount(cluster, topic)).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!done(records))
        {
            Assert.True(Environment.TickCount64 < deadline, $"timed out reading '{topic}': {records.Count} records so far");
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is not null && !r.IsPartitionEOF) records.Add(r);
        }
        consumer.Close();
        return records;
    }

    /// <summary>The partition count of an existing topic (an all-topics metadata request, which creates nothing on the mock).</summary>
    public static int PartitionCount(EmbeddedKafkaCluster cluster, string topic) =>
        cluster.TopicCreator.PartitionCount(topic) ?? throw new InvalidOperationException($"Topic '{topic}' does not exist.");

    /// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pulse-test-" + Guid.NewGuid().ToString("N"));

        public TempDir() => Directory.CreateDirectory(Path);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
