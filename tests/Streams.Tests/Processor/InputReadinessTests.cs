using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Tests.Processor;

/// <summary>
/// A task reading two partitions (a stream-table join) under the Kafka runtime's readiness, as Kafka's max.task.idle.ms:
/// it does not run one side ahead while the other may still be on its way.
/// </summary>
public class InputReadinessTests
{
    private static readonly TopicPartition Orders = new("orders", 0), Users = new("users", 0);

    private static (StreamTask Task, List<string> Joined) JoinTask(TimeSpan maxTaskIdle, TimeProvider time)
    {
        var builder = new StreamsBuilder();
        var users = builder.Table("users", Consumed.With(Serdes.String, Serdes.String),
            Materialized.As<string, string>(Stores.InMemoryKeyValueStore("users")).WithKeySerde(Serdes.String).WithValueSerde(Serdes.String));
        builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String)).Join(users, (o, u) => $"{o} by {u}")
            .To("out", Produced.With(Serdes.String, Serdes.String));
        var topology = builder.Build();
        var sub = topology.Builder.Subtopologies().Single();
        var sink = new CollectingSink();
        var config = new StreamsConfig { ApplicationId = "readiness", CacheMaxBytes = 0, MaxTaskIdle = maxTaskIdle, TimeProvider = time };
        var task = new StreamTask(new TaskId(0, 0), topology.Builder.Build(sub, t => t), config, sink, new ThreadCache(0), [Orders, Users])
        {
            Readiness = new InputReadiness(maxTaskIdle, time),
        };
        task.Initialize();
        return (task, sink.Values);
    }

    private static ConsumeResult<byte[], byte[]> Record(TopicPartition tp, long offset, string key, string value, long timestamp) => new()
    {
        Topic = tp.Topic,
        Partition = tp.Partition,
        Offset = offset,
        Message = new Message<byte[], byte[]> { Key = Serdes.String.Serialize(key, default)!, Value = Serdes.String.Serialize(value, default)!, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) },
    };

    [Fact]
    public void StreamSide_WaitsWhileTheTableSideIsNotFetchedToItsEnd_ThenJoinsInTimestampOrder()
    {
        var (task, joined) = JoinTask(TimeSpan.Zero, new FakeTimeProvider());
        task.AddRecord(Orders, Record(Orders, 0, "u1", "order", 100));

        Assert.False(task.Process()); // the users partition may still hold u1, stamped earlier

        task.AddRecord(Users, Record(Users, 0, "u1", "Ada", 1));
        task.FetchedToEnd(Users);
        while (task.Process()) { }
        task.PrepareCommit();

        Assert.Equal(["order by Ada"], joined);
    }

    [Fact]
    public void OnceTheEmptySideIsFetchedToItsEnd_TheOtherIsProcessedAtOnce_ByDefault()
    {
        var (task, joined) = JoinTask(TimeSpan.Zero, new FakeTimeProvider());
        task.AddRecord(Users, Record(Users, 0, "u1", "Ada", 1));
        task.FetchedToEnd(Users);
        task.FetchedToEnd(Orders);
        Assert.True(task.Process());

        task.AddRecord(Orders, Record(Orders, 0, "u1", "order", 100));
        task.FetchedToEnd(Orders);

        Assert.True(task.Process());
        task.PrepareCommit();
        Assert.Equal(["order by Ada"], joined);
        Assert.Equal(2, task.Readiness!.EnforcedProcessing);
    }

    [Fact]
    public void WithMaxTaskIdle_AFetchedToEndPartitionHoldsTheTaskBackUntilItsDeadline()
    {
        var time = new FakeTimeProvider();
        var (task, joined) = JoinTask(TimeSpan.FromSeconds(2), time);
        task.FetchedToEnd(Users);
        task.AddRecord(Orders, Record(Orders, 0, "u1", "order", 100));

        Assert.False(task.Process());
        time.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.False(task.Process());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(task.Process());
        Assert.Empty(joined); // no user u1: the inner join drops the order
    }

    [Fact]
    public void WhenDisabled_TheTaskNeverWaits()
    {
        var (task, _) = JoinTask(StreamsConfig.MaxTaskIdleDisabled, new FakeTimeProvider());
        task.AddRecord(Orders, Record(Orders, 0, "u1", "order", 100));

        Assert.True(task.Process());
    }

    [Fact]
    public void MaxTaskIdle_RejectsNegativeValuesOtherThanDisabled()
    {
        var config = new StreamsConfig();
        Assert.Throws<StreamsConfigException>(() => config.MaxTaskIdle = TimeSpan.FromMilliseconds(-2));
        config.MaxTaskIdle = StreamsConfig.MaxTaskIdleDisabled;
        Assert.Equal(StreamsConfig.MaxTaskIdleDisabled, config.MaxTaskIdle);
    }

    private sealed class CollectingSink : IRecordSink
    {
        public List<string> Values { get; } = [];

        public int? PartitionsFor(string topic) => 1;

        public void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp)
        {
            if (topic == "out") Values.Add(Serdes.String.Deserialize(value, default)!);
        }

        public void Flush() { }
    }
}
