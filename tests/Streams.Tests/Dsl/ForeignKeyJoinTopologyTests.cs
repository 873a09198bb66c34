using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Dsl.Processors.ForeignKeyJoin;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// How a foreign-key join is built and guarded: Kafka's node, store and topic names; partition counts of its internal topics;
/// the hash check that drops stale responses; the layout of its wrappers.
/// </summary>
public class ForeignKeyJoinTopologyTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    private static string? CustomerOf(string order) => order.Contains('|') ? order[..order.IndexOf('|')] : null;

    [Fact]
    public void Describe_NamesNodesStoresAndTopicsAsKafka()
    {
        var builder = new StreamsBuilder();
        builder.Table("orders", Strings).Join(builder.Table("customers", Strings), CustomerOf, (o, c) => o + c).ToStream().To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KTABLE-SOURCE-0000000016 (topics: [KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic])\n" +
            "      --> KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017\n" +
            "    Source: KSTREAM-SOURCE-0000000001 (topics: [orders])\n" +
            "      --> KTABLE-SOURCE-0000000002\n" +
            "    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017 (stores: [orders-STATE-STORE-0000000000])\n" +
            "      --> KTABLE-FK-JOIN-OUTPUT-0000000018\n" +
            "      <-- KTABLE-SOURCE-0000000016\n" +
            "    Processor: KTABLE-FK-JOIN-OUTPUT-0000000018 (stores: [])\n" +
            "      --> KTABLE-TOSTREAM-0000000020\n" +
            "      <-- KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017\n" +
            "    Processor: KTABLE-SOURCE-0000000002 (stores: [orders-STATE-STORE-0000000000])\n" +
            "      --> KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007\n" +
            "      <-- KSTREAM-SOURCE-0000000001\n" +
            "    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007 (stores: [])\n" +
            "      --> KTABLE-SINK-0000000008\n" +
            "      <-- KTABLE-SOURCE-0000000002\n" +
            "    Processor: KTABLE-TOSTREAM-0000000020 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000021\n" +
            "      <-- KTABLE-FK-JOIN-OUTPUT-0000000018\n" +
            "    Sink: KSTREAM-SINK-0000000021 (topic: out)\n" +
            "      <-- KTABLE-TOSTREAM-0000000020\n" +
            "    Sink: KTABLE-SINK-0000000008 (topic: KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic)\n" +
            "      <-- KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007\n" +
            "\n" +
            "  Sub-topology: 1\n" +
            "    Source: KSTREAM-SOURCE-0000000004 (topics: [customers])\n" +
            "      --> KTABLE-SOURCE-0000000005\n" +
            "    Source: KTABLE-SOURCE-0000000009 (topics: [KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic])\n" +
            "      --> KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011\n" +
            "    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011 (stores: [KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010])\n" +
            "      --> KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012\n" +
            "      <-- KTABLE-SOURCE-0000000009\n" +
            "    Processor: KTABLE-SOURCE-0000000005 (stores: [customers-STATE-STORE-0000000003])\n" +
            "      --> KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013\n" +
            "      <-- KSTREAM-SOURCE-0000000004\n" +
            "    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012 (stores: [customers-STATE-STORE-0000000003])\n" +
            "      --> KTABLE-SINK-0000000015\n" +
            "      <-- KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011\n" +
            "    Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013 (stores: [KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010])\n" +
            "      --> KTABLE-SINK-0000000015\n" +
            "      <-- KTABLE-SOURCE-0000000005\n" +
            "    Sink: KTABLE-SINK-0000000015 (topic: KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic)\n" +
            "      <-- KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012, KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013\n" +
            "\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void NamedJoin_NamesItsNodesStoreAndTopicsAfterTheJoin()
    {
        var builder = new StreamsBuilder();
        builder.Table("orders", Strings).LeftJoin(builder.Table("customers", Strings), CustomerOf, (o, c) => o + c,
            TableJoined.As<string, string>("enrich")).ToStream().To("out");

        var text = builder.Build().Describe().ToString();

        Assert.Contains("Sink: enrich-subscription-registration-sink (topic: enrich-subscription-registration-topic)", text);
        Assert.Contains("Processor: enrich-subscription-receive (stores: [enrich-subscription-store])", text);
        Assert.Contains("Processor: enrich-foreign-join-subscription (stores: [enrich-subscription-store])", text);
        Assert.Contains("Sink: enrich-subscription-response-sink (topic: enrich-subscription-response-topic)", text);
        Assert.Contains("Processor: enrich-subscription-response-resolver (stores: [orders-STATE-STORE-0000000000])", text);
        Assert.Contains("Processor: enrich-result (stores: [])", text);
    }

    [Fact]
    public void InternalTopics_SubscriptionFollowsTheRightTable_ResponseFollowsTheLeftTable()
    {
        var builder = new StreamsBuilder();
        var perRegion = builder.Table("users", Strings).GroupBy((u, r) => KeyValue.Pair(r, u), Grouped.With(Serdes.String, Serdes.String)).Count();
        perRegion.Join(builder.Table("regions", Strings), (region, _) => region, (count, name) => $"{name}={count}", TableJoined.As<string, string>("fk"))
            .ToStream().To("out");

        var topics = builder.Build().InternalTopics("app", t => t == "users" ? 2 : 3).ToDictionary(t => t.Name, t => t.Partitions);

        Assert.Equal(3, topics["app-fk-subscription-registration-topic"]);
        Assert.Equal(3, topics["app-fk-subscription-store-changelog"]);
        Assert.Equal(2, topics["app-fk-subscription-response-topic"]);
    }

    [Fact]
    public void Response_MadeForAnOlderLeftValue_IsDroppedByTheHashCheck()
    {
        var builder = new StreamsBuilder();
        builder.Table("orders", Strings).LeftJoin(builder.Table("customers", Strings), CustomerOf, (o, c) => $"{o} for {c ?? "nobody"}",
            TableJoined.As<string, string>("fk")).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var orders = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
        var responses = driver.CreateInputTopic("topology-test-driver-fk-subscription-response-topic", Serdes.String, SubscriptionResponseWrapper.Serde);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        orders.PipeInput("o1", "c1|book", Timestamps.T0);
        orders.PipeInput("o1", "c1|pen", Timestamps.T0);
        output.ReadKeyValuesToList();

        responses.PipeInput("o1", Response("c1|book", "Ann"), Timestamps.T0); // answers the first value, which the row no longer holds
        Assert.True(output.IsEmpty);
        responses.PipeInput("o1", Response("c1|pen", "Ann"), Timestamps.T0);

        Assert.Equal([new("o1", "c1|pen for Ann")], output.ReadKeyValuesToList());
    }

    private static SubscriptionResponseWrapper Response(string leftValue, string rightValue) =>
        new(Murmur3.Hash128(Encoding.UTF8.GetBytes(leftValue)), Encoding.UTF8.GetBytes(rightValue), 0);

    [Fact]
    public void Murmur3_MatchesTheReferenceHash()
    {
        Assert.Equal(UInt128.Zero, Murmur3.Hash128([]));
        Assert.Equal(new UInt128(0xcbd8a7b341bd9b02UL, 0x5b1e906a48ae1d19UL), Murmur3.Hash128("hello"u8));
    }

    [Fact]
    public void Wrappers_RoundTrip_AndRefuseAnotherLayoutVersion()
    {
        var context = new SerializationContext(MessageComponentType.Value, "t");
        var subscription = new SubscriptionWrapper(new UInt128(1, 2), SubscriptionInstruction.PropagateOnlyIfForeignValue, [7, 8], 3);
        var deleted = new SubscriptionWrapper(null, SubscriptionInstruction.DeleteKeyAndPropagate, [9], null);
        var response = new SubscriptionResponseWrapper(new UInt128(4, 5), [1, 2, 3], 1);
        var empty = new SubscriptionResponseWrapper(null, null, null);

        foreach (var s in new[] { subscription, deleted })
        {
            var back = SubscriptionWrapper.Serde.Deserialize(SubscriptionWrapper.Serde.Serialize(s, context), context)!;
            Assert.Equal((s.Hash, s.Instruction, s.PrimaryPartition), (back.Hash, back.Instruction, back.PrimaryPartition));
            Assert.Equal(s.PrimaryKey, back.PrimaryKey);
        }
        foreach (var r in new[] { response, empty })
        {
            var back = SubscriptionResponseWrapper.Serde.Deserialize(SubscriptionResponseWrapper.Serde.Serialize(r, context), context)!;
            Assert.Equal((r.OriginalValueHash, r.PrimaryPartition), (back.OriginalValueHash, back.PrimaryPartition));
            Assert.Equal(r.ForeignValue, back.ForeignValue);
        }
        var future = SubscriptionWrapper.Serde.Serialize(subscription, context)!;
        future[0] = 2;
        Assert.Throws<InvalidDataException>(() => SubscriptionWrapper.Serde.Deserialize(future, context));
    }
}
