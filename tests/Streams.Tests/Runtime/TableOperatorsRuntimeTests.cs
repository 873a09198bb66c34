using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// A table GroupBy count joined with another table, on the embedded cluster under exactly-once: the repartition topic carries
/// old and new values, and after a restart with a wiped state directory the stores come back from their changelogs.
/// </summary>
public class TableOperatorsRuntimeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>users (user → region) counted per region, joined with regions (region → name): "name=count" per region.</summary>
    private static Topology RegionCounts()
    {
        var builder = new StreamsBuilder();
        var counts = builder.Table("users", Consumed.With(Serdes.String, Serdes.String))
            .GroupBy((user, region) => KeyValue.Pair(region, user), Grouped.With(Serdes.String, Serdes.String))
            .Count(Materialized.As<string, long>("per-region"));
        var names = builder.Table("regions", Consumed.With(Serdes.String, Serdes.String));
        counts.Join(names, (count, name) => $"{name}={count}").ToStream().To("region-counts", Produced.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task GroupByCountJoinedWithATable_FollowsMoves_AndRestoresFromChangelogs(ProcessingGuarantee guarantee)
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "users", "regions", "region-counts" }) cluster.CreateTopic(topic, 2);
        KafkaTestKit.Produce(cluster, "regions", [("r0", "north", 1L), ("r1", "south", 1L), ("r2", "east", 1L)]);
        KafkaTestKit.Produce(cluster, "users", Enumerable.Range(0, 30).Select(i => ($"u{i}", $"r{i % 3}", 10L + i)));

        using (var state = new KafkaTestKit.TempDir())
            await RunUntil(cluster, state.Path, guarantee, new() { ["r0"] = "north=10", ["r1"] = "south=10", ["r2"] = "east=10" }, null);

        // Ten users of r0 move to r1 while no instance runs; the next one starts with an empty state directory.
        KafkaTestKit.Produce(cluster, "users", Enumerable.Range(0, 10).Select(i => ($"u{i * 3}", "r1", 100L + i)));
        var restored = new RestoreCounter();
        using (var wiped = new KafkaTestKit.TempDir())
            await RunUntil(cluster, wiped.Path, guarantee, new() { ["r0"] = "north=0", ["r1"] = "south=20", ["r2"] = "east=10" }, restored);

        Assert.True(restored.Restored > 0, "the stores were rebuilt from their changelogs");
    }

    private static async Task RunUntil(EmbeddedKafkaCluster cluster, string stateDir, ProcessingGuarantee guarantee,
        Dictionary<string, string> expected, RestoreCounter? restored)
    {
        var config = RuntimeApps.Config(cluster, "table-ops", stateDir, guarantee);
        if (restored is not null) config.StateRestoreListener = restored;
        var streams = new KafkaStreams(RegionCounts(), config);
        await using (streams)
        {
            streams.Start();
            var isolation = guarantee == ProcessingGuarantee.ExactlyOnceV2 ? Confluent.Kafka.IsolationLevel.ReadCommitted : Confluent.Kafka.IsolationLevel.ReadUncommitted;
            var records = KafkaTestKit.ReadUntil(cluster, "region-counts", r => Latest(r).Count == expected.Count
                && expected.All(e => Latest(r).GetValueOrDefault(e.Key) == e.Value), Deadline, isolation);
            Assert.Equal(expected, Latest(records));
        }
    }

    private static Dictionary<string, string> Latest(IEnumerable<Confluent.Kafka.ConsumeResult<byte[], byte[]>> records)
    {
        var latest = new Dictionary<string, string>();
        foreach (var r in records) latest[RuntimeApps.Text(r.Message.Key)] = RuntimeApps.Text(r.Message.Value);
        return latest;
    }
}
