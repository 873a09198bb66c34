using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Runtime;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// What a stream thread deletes from its repartition topics after commits, as Kafka Streams' purge: the records before each
/// committed offset of a repartition partition only, at most once per interval, one request at a time; a broker that cannot
/// delete records is asked once. And the repartition topics are created to keep records until then.
/// </summary>
public class RepartitionPurgerTests
{
    private const string Repartition = "app-counts-repartition";
    private static readonly TopicPartition Source = new("readings", 0);
    private static readonly TopicPartition Internal0 = new(Repartition, 0);
    private static readonly TopicPartition Internal1 = new(Repartition, 1);

    private sealed class Broker
    {
        public List<IReadOnlyList<TopicPartitionOffset>> Requests { get; } = [];
        public Func<Task> Answer { get; set; } = () => Task.CompletedTask;

        public Task DeleteRecords(IReadOnlyList<TopicPartitionOffset> offsets)
        {
            Requests.Add(offsets);
            return Answer();
        }
    }

    private static RepartitionPurger Purger(Broker broker, TimeSpan interval) =>
        new(new HashSet<string> { Repartition }, broker.DeleteRecords, interval, NullLogger.Instance, "thread-1");

    private static Dictionary<TopicPartition, long> Committed(long source, long internal0, long internal1) =>
        new() { [Source] = source, [Internal0] = internal0, [Internal1] = internal1 };

    [Fact]
    public void AfterACommit_DeletesBeforeEachCommittedOffset_OfRepartitionPartitionsOnly()
    {
        var broker = new Broker();

        Purger(broker, TimeSpan.Zero).AfterCommit(Committed(source: 100, internal0: 40, internal1: 0)); // nothing read from partition 1 yet

        var request = Assert.Single(broker.Requests);
        Assert.Equal([new TopicPartitionOffset(Internal0, 40)], request);
    }

    [Fact]
    public void OneRequest_PerInterval()
    {
        var broker = new Broker();
        var purger = Purger(broker, TimeSpan.FromDays(1));

        purger.AfterCommit(Committed(1, 1, 1)); // the interval counts from the thread's start: not yet
        Assert.Empty(broker.Requests);

        var every = Purger(broker, TimeSpan.Zero);
        every.AfterCommit(Committed(1, 10, 10));
        every.AfterCommit(Committed(2, 20, 20));
        Assert.Equal([10L, 20L], broker.Requests.Select(r => r[0].Offset.Value));
    }

    [Fact]
    public void NoSecondRequest_WhileOneIsInFlight()
    {
        var broker = new Broker();
        var answer = new TaskCompletionSource();
        broker.Answer = () => answer.Task;
        var purger = Purger(broker, TimeSpan.Zero);

        purger.AfterCommit(Committed(1, 10, 10));
        purger.AfterCommit(Committed(2, 20, 20));
        Assert.Single(broker.Requests);

        answer.SetResult();
        purger.Drain(TimeSpan.FromSeconds(10));
        purger.AfterCommit(Committed(3, 30, 30));
        Assert.Equal([10L, 30L], broker.Requests.Select(r => r[0].Offset.Value));
    }

    [Fact]
    public void ABrokerThatCannotDeleteRecords_IsAskedOnce_AndAFailureIsRetriedLater()
    {
        var unsupported = new Broker
        {
            Answer = () => Task.FromException(new DeleteRecordsException([new DeleteRecordsReport
            {
                Topic = Repartition, Partition = 0, Offset = 10, Error = new Error(ErrorCode.Local_UnsupportedFeature),
            }])),
        };
        var purger = Purger(unsupported, TimeSpan.Zero);
        purger.AfterCommit(Committed(1, 10, 10));
        purger.Drain(TimeSpan.FromSeconds(10));
        purger.AfterCommit(Committed(2, 20, 20));
        Assert.Single(unsupported.Requests);

        var failing = new Broker { Answer = () => Task.FromException(new KafkaException(ErrorCode.RequestTimedOut)) };
        var retrying = Purger(failing, TimeSpan.Zero);
        retrying.AfterCommit(Committed(1, 10, 10));
        retrying.Drain(TimeSpan.FromSeconds(10));
        retrying.AfterCommit(Committed(2, 20, 20));
        Assert.Equal(2, failing.Requests.Count);
    }

    [Fact]
    public void RepartitionTopics_KeepRecordsUntilPurged_In50MBSegments()
    {
        var builder = new StreamsBuilder();
        builder.Stream("readings", Consumed.With(Serdes.String, Serdes.String))
            .GroupBy((_, v) => v, new Grouped<string, string>(Serdes.String, Serdes.String, "counts"))
            .Count();

        var topics = builder.Build().InternalTopics("app", _ => 3);

        var repartition = Assert.Single(topics, t => t.Name == Repartition);
        Assert.Equal(("delete", "-1", "52428800"),
            (repartition.Configs["cleanup.policy"], repartition.Configs["retention.ms"], repartition.Configs["segment.bytes"]));
    }
}

/// <summary>
/// The purge on the embedded cluster, whose mock brokers cannot delete records: the thread asks once after a commit, says so
/// once in its log, and goes on counting through the repartition topic.
/// </summary>
public class RepartitionPurgeRuntimeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ABrokerThatCannotDeleteRecords_IsToldOnce_AndTheApplicationGoesOn()
    {
        using var cluster = Pulse.Streams.Testing.EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("counts", 2);
        using var state = new TestSupport.KafkaTestKit.TempDir();
        var logs = new TestSupport.CapturingLoggerFactory();
        var config = TestSupport.RuntimeApps.Config(cluster, "purge-app", state.Path);
        config.RepartitionPurgeInterval = TimeSpan.Zero;
        config.LoggerFactory = logs;
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupBy((_, v) => v, Grouped.With(Serdes.String, Serdes.String))
            .Count()
            .ToStream()
            .To("counts", Produced.With(Serdes.String, Serdes.Int64));
        const string told = "the broker does not support deleting records";

        var streams = new KafkaStreams(builder.Build(), config);
        await using (streams)
        {
            streams.Start();
            TestSupport.KafkaTestKit.Produce(cluster, "in", Enumerable.Range(0, 20).Select(i => ($"k{i}", i % 2 == 0 ? "even" : "odd", 1_000L + i)));
            TestSupport.Wait.Until(() => logs.Contains(told), Deadline, "the thread to try purging its repartition topic");
            TestSupport.KafkaTestKit.Produce(cluster, "in", Enumerable.Range(20, 20).Select(i => ($"k{i}", i % 2 == 0 ? "even" : "odd", 1_000L + i)));
            var counts = TestSupport.KafkaTestKit.ReadUntil(cluster, "counts", r => Latest(r).GetValueOrDefault("even") == 20 && Latest(r).GetValueOrDefault("odd") == 20, Deadline);
            Assert.Equal((20L, 20L), (Latest(counts)["even"], Latest(counts)["odd"]));
        }

        Assert.Single(logs.Messages, m => m.Contains(told, StringComparison.Ordinal));
    }

    private static Dictionary<string, long> Latest(List<ConsumeResult<byte[], byte[]>> records)
    {
        var latest = new Dictionary<string, long>();
        foreach (var r in records) latest[System.Text.Encoding.UTF8.GetString(r.Message.Key)] = Serdes.Int64.Deserializer.Deserialize(r.Message.Value, false, default);
        return latest;
    }
}
