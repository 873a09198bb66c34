using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// TopologyOptimization.ReuseKTableSourceTopics (Kafka's reuse.ktable.source.topics): a source table's store writes no changelog
/// of its own and is restored from its source topic, up to the committed offset.
/// </summary>
public class SourceTopicChangelogTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static Topology Enrich(StreamsConfig config)
    {
        var builder = new StreamsBuilder();
        var users = builder.Table("users", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("users-store"));
        builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String))
            .Join(users, (order, name) => $"{order} by {name}")
            .To("enriched", Produced.With(Serdes.String, Serdes.String));
        return builder.Build(config);
    }

    [Fact]
    public void WithoutTheOptimization_TheStoreKeepsItsChangelog()
    {
        var builder = new StreamsBuilder();
        builder.Table("users", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("users-store"));

        var topics = builder.Build(new StreamsConfig()).InternalTopics("app", _ => 2).Select(t => t.Name);
        var optimized = new StreamsBuilder();
        optimized.Table("users", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("users-store"));

        Assert.Contains("app-users-store-changelog", topics);
        Assert.Empty(optimized.Build(new StreamsConfig { TopologyOptimization = TopologyOptimization.All }).InternalTopics("app", _ => 2));
    }

    [Fact]
    public async Task OptimizedTable_WritesNoChangelog_AndRestoresFromItsSourceTopicUpToTheCommittedOffset()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "users", "orders", "enriched" }) cluster.CreateTopic(topic, 2);
        KafkaTestKit.Produce(cluster, "users", Enumerable.Range(0, 10).Select(i => ($"u{i}", $"name{i}", 1L + i)));
        KafkaTestKit.Produce(cluster, "orders", Enumerable.Range(0, 10).Select(i => ($"u{i}", $"first{i}", 100L + i)));

        using (var state = new KafkaTestKit.TempDir())
            await Run(cluster, state.Path, 10, null);
        Assert.Null(cluster.TopicCreator.PartitionCount("source-reuse-users-store-changelog"));

        KafkaTestKit.Produce(cluster, "orders", Enumerable.Range(0, 10).Select(i => ($"u{i}", $"second{i}", 200L + i)));
        var restored = new RestoreCounter();
        using (var wiped = new KafkaTestKit.TempDir())
        {
            var enriched = await Run(cluster, wiped.Path, 20, restored);
            Assert.Contains("second3 by name3", enriched);
        }
        Assert.Equal(10, restored.Restored); // the whole source topic, as far as it was committed
    }

    private static async Task<List<string>> Run(EmbeddedKafkaCluster cluster, string stateDir, int expected, RestoreCounter? restored)
    {
        var config = RuntimeApps.Config(cluster, "source-reuse", stateDir);
        config.TopologyOptimization = TopologyOptimization.ReuseKTableSourceTopics;
        if (restored is not null) config.StateRestoreListener = restored;
        var streams = new KafkaStreams(Enrich(config), config);
        await using (streams)
        {
            streams.Start();
            var records = KafkaTestKit.ReadUntil(cluster, "enriched", r => r.Count >= expected, Deadline);
            return RuntimeApps.Values(records);
        }
    }
}
