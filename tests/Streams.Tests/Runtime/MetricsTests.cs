using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Runtime;

public class MetricsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const int Partitions = 3;
    private const string Poison = "poison";

    /// <summary>Upper-cases values to "out" and counts them per key in store "counts"; a poison value throws.</summary>
    private static Topology UpperCaseAndCount()
    {
        var builder = new StreamsBuilder();
        var values = builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .MapValues(v => v == Poison ? throw new InvalidOperationException("poison record") : v.ToUpperInvariant());
        values.To("out", Produced.With(Serdes.String, Serdes.String));
        values.GroupByKey().Count(Materialized.As<string, long>("counts"));
        return builder.Build();
    }

    private static EmbeddedKafkaCluster StartCluster()
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", Partitions);
        cluster.CreateTopic("out", Partitions);
        cluster.CreateTopic("dlq", 1);
        return cluster;
    }

    private static StreamsConfig Config(EmbeddedKafkaCluster cluster, string applicationId, string stateDir)
    {
        var config = KafkaTestKit.Config(cluster, applicationId, stateDir);
        config.ProcessingExceptionHandler = new LogAndContinueExceptionHandler();
        config.DeadLetterQueueTopic = "dlq";
        // A restarted member otherwise waits out the closed one's 45-second session on the mock cluster.
        config.Consumer.SessionTimeoutMs = 6_000;
        config.Consumer.HeartbeatIntervalMs = 500;
        return config;
    }

    /// <summary><paramref name="good"/> records over 30 keys stamped with the wall clock, then one poison record.</summary>
    private static void ProduceInput(EmbeddedKafkaCluster cluster, int good)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var records = Enumerable.Range(0, good).Select(i => ($"key-{i % 30}", $"v{i}", now)).Append(("key-0", Poison, now));
        KafkaTestKit.Produce(cluster, "in", records);
    }

    [Fact]
    public async Task RunningApp_PublishesProcessedRecords_Latencies_Rebalances_DeadLetters_Lag_AndCounts()
    {
        const string app = "metrics-running";
        const int good = 300;
        using var capture = new MetricsCapture(app);
        using var cluster = StartCluster();
        ProduceInput(cluster, good);
        using var state = new KafkaTestKit.TempDir();

        await using var streams = new KafkaStreams(UpperCaseAndCount(), Config(cluster, app, state.Path));
        streams.Start();
        KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= good, Deadline);
        KafkaTestKit.ReadUntil(cluster, "dlq", r => r.Count >= 1, Deadline);

        Wait.Until(() => capture.Observe().Sum(StreamsMetrics.ProcessedRecords) == good + 1, Deadline, "processed records = input count");
        Wait.Until(() => capture.Recorded(StreamsMetrics.CommitDuration).Count > 0, Deadline, "a commit duration");
        Wait.Until(() => capture.Observe() is var o && o.Of(StreamsMetrics.ConsumerLag).Count > 0 && o.Sum(StreamsMetrics.ConsumerLag) == 0,
            Deadline, "consumer lag 0 once everything is processed");

        var observed = capture.Observe();
        Assert.True(observed.Sum(StreamsMetrics.Rebalances) >= 1);
        Assert.Equal(1, observed.Sum(StreamsMetrics.DeadLetteredRecords));
        Assert.Equal(1, observed.Sum(StreamsMetrics.DroppedRecords));
        Assert.Equal(0, observed.Sum(StreamsMetrics.LateRecords));
        Assert.Equal(1, observed.Sum(StreamsMetrics.ThreadCount));
        Assert.Equal(Partitions, observed.Sum(StreamsMetrics.TaskCount));
        Assert.All(observed.Of(StreamsMetrics.DeadLetteredRecords), m => Assert.NotNull(m.Tags[StreamsMetrics.Tags.Task]));
        Assert.All(observed.Of(StreamsMetrics.ConsumerLag), m => Assert.Equal("in", m.Tags[StreamsMetrics.Tags.Topic]));

        Assert.All(capture.Recorded(StreamsMetrics.CommitDuration), m => Assert.InRange(m.Value, 0, Deadline.TotalMilliseconds));
        Assert.All(capture.Recorded(StreamsMetrics.ProcessDuration), m => Assert.InRange(m.Value, 0, Deadline.TotalMilliseconds));
        Assert.NotEmpty(capture.Recorded(StreamsMetrics.ProcessDuration));

        // Sampled at the sink of "out" only: the changelog and the dead-letter topic are not outputs.
        var endToEnd = capture.Recorded(StreamsMetrics.EndToEndLatency);
        Assert.NotEmpty(endToEnd);
        Assert.All(endToEnd, m =>
        {
            Assert.Equal("out", m.Tags[StreamsMetrics.Tags.Topic]);
            Assert.InRange(m.Value, 0, Deadline.TotalMilliseconds);
        });
    }

    [Fact]
    public async Task RestartWithWipedStateDir_RestoredRecordsEqualTheChangelogSize()
    {
        const string app = "metrics-restore";
        const int good = 300;
        using var capture = new MetricsCapture(app);
        using var cluster = StartCluster();
        ProduceInput(cluster, good);

        using (var first = new KafkaTestKit.TempDir())
        {
            await using var streams = new KafkaStreams(UpperCaseAndCount(), Config(cluster, app, first.Path));
            streams.Start();
            Wait.Until(() => capture.Observe().Sum(StreamsMetrics.ProcessedRecords) == good + 1, Deadline, "the first run to process the input");
            Assert.True(await streams.CloseAsync(Deadline));
        }
        var changelogSize = ChangelogSize(cluster, $"{app}-counts-changelog");
        Assert.True(changelogSize > 0);
        Assert.Equal(0, capture.Observe().Sum(StreamsMetrics.RestoredRecords)); // the closed instance publishes nothing

        using var wiped = new KafkaTestKit.TempDir();
        await using var restarted = new KafkaStreams(UpperCaseAndCount(), Config(cluster, app, wiped.Path));
        restarted.Start();
        Wait.Until(() => restarted.State == KafkaStreamsState.Running, Deadline, "the restarted instance to run");
        Wait.Until(() => capture.Observe().Sum(StreamsMetrics.RestoredRecords) == changelogSize, Deadline,
            $"restored records = changelog size {changelogSize}");

        var observed = capture.Observe();
        Assert.All(observed.Of(StreamsMetrics.RestoredRecords), m => Assert.Equal("counts", m.Tags[StreamsMetrics.Tags.Store]));
        Assert.NotEmpty(observed.Of(StreamsMetrics.RestoreRemainingRecords));
        Assert.All(observed.Of(StreamsMetrics.RestoreRemainingRecords), m => Assert.Equal(0, m.Value)); // restored: nothing left
    }

    /// <summary>Records in every partition of <paramref name="topic"/> (the mock cluster does not compact).</summary>
    private static long ChangelogSize(EmbeddedKafkaCluster cluster, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "size-" + Guid.NewGuid().ToString("N"),
        }).Build();
        return Enumerable.Range(0, Partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)))
            .Sum(w => w.High.Value - w.Low.Value);
    }
}
