using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Internal.Runtime;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Serialization;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>What a restore reports as the changelog offset its stores hold: where reading stopped, which under exactly-once is the last stable offset.</summary>
public class StateRestorerTests
{
    [Fact]
    public void Restore_UnderReadCommitted_ReachesTheLastStableOffset_NotTheHighWatermark()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey().Count(Materialized.As<string, long>("counts"));
        var topology = builder.Build();
        using var state = new KafkaTestKit.TempDir();
        var config = new StreamsConfig { ApplicationId = "restore-lso", StateDir = state.Path };
        var sub = topology.Builder.Subtopologies().Single();
        var task = new StreamTask(new TaskId(0, 0), topology.Builder.Build(sub, t => t), config, new NoSink(), new ThreadCache(0),
            [new TopicPartition("in", 0)]);
        task.InitializeStores();
        var changelog = new TopicPartition(TopicNames.Changelog("restore-lso", "counts"), 0);
        // Offsets 0-2 committed; 3 is a commit marker; 4-6 belong to a transaction still open: the last stable offset is 4, the high watermark 7.
        var committed = new List<(byte[], byte[])> { ("a"u8.ToArray(), Serdes.Int64.Serialize(1, default)!), ("b"u8.ToArray(), Serdes.Int64.Serialize(1, default)!),
            ("a"u8.ToArray(), Serdes.Int64.Serialize(2, default)!) };
        var restorer = new StateRestorer(new ScriptedRestoreConsumer(changelog, highWatermark: 7, lastStableOffset: 4, committed), null, NullLogger.Instance,
            TimeSpan.FromSeconds(5));

        var reached = restorer.Restore(task, new Dictionary<TopicPartition, long>());

        Assert.Equal(4, reached[changelog]);
        Assert.Equal(3, restorer.RestoredRecords);
    }

    private sealed class NoSink : IRecordSink
    {
        public int? PartitionsFor(string topic) => 1;

        public void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp) { }

        public void Flush() { }
    }
}
