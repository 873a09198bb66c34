using System.Collections.Concurrent;
using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// A foreign-key join on the embedded cluster, under at-least-once and exactly-once: orders (2 partitions) refer to customers
/// (3 partitions), so subscriptions and responses really cross partitions and sub-topologies; after a restart with a wiped
/// state directory the subscription store comes back from its changelog and still knows who refers to whom.
/// </summary>
public class ForeignKeyJoinRuntimeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>orders (order → "customer|item") joined with customers (customer → name): "item for name" per order.</summary>
    private static Topology Enriched()
    {
        var builder = new StreamsBuilder();
        var customers = builder.Table("customers", Consumed.With(Serdes.String, Serdes.String));
        builder.Table("orders", Consumed.With(Serdes.String, Serdes.String))
            .Join(customers, order => order[..order.IndexOf('|')], (order, name) => $"{order[(order.IndexOf('|') + 1)..]} for {name}",
                TableJoined.As<string, string>("enrich"))
            .ToStream().To("enriched", Produced.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task OrdersJoinedWithCustomers_FollowUpdatesOfBothSides_AndTheSubscriptionStoreRestores(ProcessingGuarantee guarantee)
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("orders", 2);
        cluster.CreateTopic("customers", 3);
        cluster.CreateTopic("enriched", 2);
        KafkaTestKit.Produce(cluster, "customers", [("c0", "Ann", 1L), ("c1", "Bob", 1L), ("c2", "Cid", 1L)]);
        KafkaTestKit.Produce(cluster, "orders", Enumerable.Range(0, 30).Select(i => ($"o{i}", $"c{i % 3}|item{i}", 10L + i)));
        var names = new Dictionary<string, string> { ["c0"] = "Ann", ["c1"] = "Bob", ["c2"] = "Cid" };
        var expected = Enumerable.Range(0, 30).ToDictionary(i => $"o{i}", i => $"item{i} for {names[$"c{i % 3}"]}");

        using (var state = new KafkaTestKit.TempDir())
            await RunUntil(cluster, state.Path, guarantee, expected, null);

        // While no instance runs, Bob is renamed and the first five orders of Ann move to Cid; the next instance starts empty.
        KafkaTestKit.Produce(cluster, "customers", [("c1", "Robert", 100L)]);
        KafkaTestKit.Produce(cluster, "orders", Enumerable.Range(0, 5).Select(i => ($"o{i * 3}", $"c2|item{i * 3}", 100L + i)));
        foreach (var i in Enumerable.Range(0, 30))
            expected[$"o{i}"] = $"item{i} for {(i % 3 == 1 ? "Robert" : i % 3 == 2 || i < 15 ? "Cid" : "Ann")}";
        var restored = new StoreRestores();
        using (var wiped = new KafkaTestKit.TempDir())
            await RunUntil(cluster, wiped.Path, guarantee, expected, restored);

        Assert.True(restored.Of("enrich-subscription-store") >= 30, "the subscription store was rebuilt from its changelog");

        // After the restart a rename of Ann reaches only the orders still referring to her, through the restored subscriptions.
        KafkaTestKit.Produce(cluster, "customers", [("c0", "Anna", 200L)]);
        foreach (var i in Enumerable.Range(15, 15).Where(i => i % 3 == 0)) expected[$"o{i}"] = $"item{i} for Anna";
        using (var again = new KafkaTestKit.TempDir())
            await RunUntil(cluster, again.Path, guarantee, expected, null);
    }

    private static async Task RunUntil(EmbeddedKafkaCluster cluster, string stateDir, ProcessingGuarantee guarantee,
        Dictionary<string, string> expected, IStateRestoreListener? restored)
    {
        var config = RuntimeApps.Config(cluster, "fk-join", stateDir, guarantee);
        if (restored is not null) config.StateRestoreListener = restored;
        var streams = new KafkaStreams(Enriched(), config);
        await using (streams)
        {
            streams.Start();
            var isolation = guarantee == ProcessingGuarantee.ExactlyOnceV2 ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted;
            var records = KafkaTestKit.ReadUntil(cluster, "enriched", r => Matches(Latest(r), expected), Deadline, isolation);
            Assert.Equal(expected, Latest(records));
        }
    }

    private static bool Matches(Dictionary<string, string> latest, Dictionary<string, string> expected) =>
        latest.Count == expected.Count && expected.All(e => latest.GetValueOrDefault(e.Key) == e.Value);

    private static Dictionary<string, string> Latest(IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        var latest = new Dictionary<string, string>();
        foreach (var r in records) latest[RuntimeApps.Text(r.Message.Key)] = RuntimeApps.Text(r.Message.Value);
        return latest;
    }

    /// <summary>Records restored per store.</summary>
    private sealed class StoreRestores : IStateRestoreListener
    {
        private readonly ConcurrentDictionary<string, long> _restored = new();

        public long Of(string store) => _restored.GetValueOrDefault(store);

        public void OnRestoreEnd(TopicPartition changelog, string storeName, long totalRestored) =>
            _restored.AddOrUpdate(storeName, totalRestored, (_, n) => n + totalRestored);
    }
}
