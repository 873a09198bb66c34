using Pulse.Streams.Dsl;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Runtime;

public class GlobalTableTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static Topology OrdersWithCustomers()
    {
        var builder = new StreamsBuilder();
        var customers = builder.GlobalTable("gt-customers", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("customers"));
        builder.Stream("gt-orders", Consumed.With(Serdes.String, Serdes.String))
            .Join(customers, (_, order) => order.Split(':')[0], (order, customer) => $"{order}|{customer}")
            .To("gt-enriched", Produced.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    private static List<(string Key, string Value, long Timestamp)> Customers(int count, string suffix = "") =>
        Enumerable.Range(0, count).Select(c => ($"cust-{c}", $"name-{c}{suffix}", 1_700_000_000_000L + c)).ToList();

    /// <summary>Orders name customers 0..24; only 0..19 exist, so the inner join drops a fifth of them.</summary>
    private static List<(string Key, string Value, long Timestamp)> Orders() =>
        Enumerable.Range(0, 500).Select(o => ($"order-{o}", $"cust-{o % 25}:item-{o}", 1_700_000_100_000L + o)).ToList();

    [Fact]
    public async Task StreamGlobalTableJoin_OnKafka_EqualsTheTestDriversOutput()
    {
        var expected = ExpectedFromDriver();
        Assert.Equal(400, expected.Count);

        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("gt-customers", 2);
        cluster.CreateTopic("gt-orders", 3);
        cluster.CreateTopic("gt-enriched", 3);
        KafkaTestKit.Produce(cluster, "gt-customers", Customers(20));
        KafkaTestKit.Produce(cluster, "gt-orders", Orders());
        using var state = new KafkaTestKit.TempDir();

        var streams = new KafkaStreams(OrdersWithCustomers(), KafkaTestKit.Config(cluster, "gt-join", state.Path));
        await using (streams)
        {
            streams.Start();
            var records = KafkaTestKit.ReadUntil(cluster, "gt-enriched", r => r.Count >= expected.Count, Deadline);
            var actual = records.ToDictionary(r => Serdes.String.Deserialize(r.Message.Key, default)!, r => Serdes.String.Deserialize(r.Message.Value, default)!);

            Assert.Equal(expected.Count, records.Count);
            Assert.Equal(expected, actual);
            Assert.Equal(KafkaStreamsState.Running, streams.State);
        }
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
    }

    [Fact]
    public async Task GlobalStore_IsQueryable_AndFollowsUpdatesToItsTopic()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("gt-customers", 2);
        cluster.CreateTopic("gt-orders", 3);
        cluster.CreateTopic("gt-enriched", 3);
        KafkaTestKit.Produce(cluster, "gt-customers", Customers(20));
        using var state = new KafkaTestKit.TempDir();
        var config = KafkaTestKit.Config(cluster, "gt-query", state.Path);
        config.ApplicationServer = "localhost:7071";

        await using var streams = new KafkaStreams(OrdersWithCustomers(), config);
        streams.Start();
        Wait.Until(() => streams.State == KafkaStreamsState.Running, Deadline, "the instance to run");
        var customers = streams.Store<IReadOnlyKeyValueStore<string, string>>("customers");

        Assert.Equal(Customers(20).Select(c => new KeyValuePair<string, string>(c.Key, c.Value)).OrderBy(kv => kv.Key, StringComparer.Ordinal), customers.All());
        Assert.Equal(new KeyQueryMetadata(new HostInfo("localhost", 7071), -1), await streams.QueryMetadataForKeyAsync("customers", "cust-3", Serdes.String));
        Assert.Contains("customers", streams.LocalMetadata().StateStoreNames);

        KafkaTestKit.Produce(cluster, "gt-customers", Customers(20, suffix: "-renamed"));
        Wait.Until(() => customers.Get("cust-19") == "name-19-renamed", Deadline, "the global store to apply the update");
    }

    [Fact]
    public async Task GlobalStore_AfterARestart_ResumesFromItsCheckpoint_AndHoldsOldAndNewRecords()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("gt-customers", 2);
        cluster.CreateTopic("gt-orders", 3);
        cluster.CreateTopic("gt-enriched", 3);
        KafkaTestKit.Produce(cluster, "gt-customers", Customers(20));
        using var state = new KafkaTestKit.TempDir();

        // On the mock a restarted member waits out the old one's session (it seems not to leave): keep the session short.
        StreamsConfig Config()
        {
            var config = KafkaTestKit.Config(cluster, "gt-restart", state.Path);
            config.Consumer.SessionTimeoutMs = 6_000;
            return config;
        }

        await using (var first = new KafkaStreams(OrdersWithCustomers(), Config()))
        {
            first.Start();
            Wait.Until(() => first.State == KafkaStreamsState.Running, Deadline, "the first instance to run");
            Assert.Equal(20, first.Store<IReadOnlyKeyValueStore<string, string>>("customers").All().Count());
        }
        KafkaTestKit.Produce(cluster, "gt-customers", Customers(25).Skip(20));

        await using var second = new KafkaStreams(OrdersWithCustomers(), Config());
        second.Start();
        Wait.Until(() => second.State == KafkaStreamsState.Running, Deadline, "the second instance to run");
        var customers = second.Store<IReadOnlyKeyValueStore<string, string>>("customers");

        Assert.Equal(Customers(25).Select(c => new KeyValuePair<string, string>(c.Key, c.Value)).OrderBy(kv => kv.Key, StringComparer.Ordinal), customers.All());
    }

    private static Dictionary<string, string> ExpectedFromDriver()
    {
        using var driver = new TopologyTestDriver(OrdersWithCustomers(), new StreamsConfig { ApplicationId = "gt-join" }, null,
            new TopologyTestDriverOptions { Partitions = 3 });
        var customers = driver.CreateInputTopic("gt-customers", Serdes.String, Serdes.String);
        foreach (var (key, value, ts) in Customers(20)) customers.PipeInput(key, value, ts);
        var orders = driver.CreateInputTopic("gt-orders", Serdes.String, Serdes.String);
        foreach (var (key, value, ts) in Orders()) orders.PipeInput(key, value, ts);
        return driver.CreateOutputTopic("gt-enriched", Serdes.String, Serdes.String).ReadKeyValuesToMap();
    }
}
