using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// A stream joined with a versioned table on the embedded cluster: after a restart with a wiped state directory the versioned
/// store comes back from its changelog with its history (each record's timestamp is when its value became valid), so joins
/// as of earlier times give the same answers.
/// </summary>
public class VersionedTableRuntimeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] Keys = ["a", "b", "c", "d"];

    /// <summary>orders joined with prices as of each order's time: "order@price".</summary>
    private static Topology PricedOrders()
    {
        var builder = new StreamsBuilder();
        var prices = builder.Table("prices", Consumed.With(Serdes.String, Serdes.String),
            Materialized.As<string, string>(Stores.PersistentVersionedKeyValueStore("prices-store", TimeSpan.FromMinutes(1))));
        builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String))
            .Join(prices, (order, price) => order + "@" + price)
            .To("priced", Produced.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    [Fact]
    public async Task VersionedStore_RestoredFromItsChangelog_AnswersAsOfEarlierTimesAsBefore()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "prices", "orders", "priced" }) cluster.CreateTopic(topic, 2);
        KafkaTestKit.Produce(cluster, "prices", Keys.SelectMany(k => new[] { (k, k + "1", 1_000L), (k, k + "3", 3_000L), (k, k + "2", 2_000L) }));

        // Orders go in once the table holds every price (its changelog has them all), so none races ahead of its price.
        using (var state = new KafkaTestKit.TempDir())
            await RunUntil(cluster, state.Path, [.. Keys.Select(k => $"first@{k}3")], null, () =>
            {
                KafkaTestKit.ReadUntil(cluster, "versioned-table-prices-store-changelog", r => r.Count >= Keys.Length * 3, Deadline);
                KafkaTestKit.Produce(cluster, "orders", Keys.Select(k => (k, "first", 3_500L)));
            });

        // Orders as of each price's time, read by an instance whose state directory is empty.
        KafkaTestKit.Produce(cluster, "orders", Keys.SelectMany(k => new[] { (k, "at1500", 1_500L), (k, "at2500", 2_500L), (k, "at3000", 3_000L) }));
        var restored = new RestoreCounter();
        using (var wiped = new KafkaTestKit.TempDir())
            await RunUntil(cluster, wiped.Path, [.. Keys.SelectMany(k => new[] { $"at1500@{k}1", $"at2500@{k}2", $"at3000@{k}3" })], restored);

        Assert.True(restored.Restored >= Keys.Length * 3, $"the versioned store was rebuilt from its changelog ({restored.Restored} records)");
    }

    private static async Task RunUntil(EmbeddedKafkaCluster cluster, string stateDir, string[] expected, RestoreCounter? restored, Action? started = null)
    {
        var config = RuntimeApps.Config(cluster, "versioned-table", stateDir);
        if (restored is not null) config.StateRestoreListener = restored;
        var streams = new KafkaStreams(PricedOrders(), config);
        await using (streams)
        {
            streams.Start();
            started?.Invoke();
            var records = KafkaTestKit.ReadUntil(cluster, "priced", r => expected.All(e => Values(r).Contains(e)), Deadline);
            Assert.Subset(Values(records), expected.ToHashSet());
        }
    }

    private static HashSet<string> Values(IEnumerable<Confluent.Kafka.ConsumeResult<byte[], byte[]>> records) =>
        [.. records.Select(r => RuntimeApps.Text(r.Message.Value))];
}
