using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>Table–table joins on the key, against what Kafka's KTableKTable{Inner,Left,Outer}JoinTest assert.</summary>
public class KTableKTableJoinTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    private sealed record Run(TopologyTestDriver Driver, TestInputTopic<string, string> Left, TestInputTopic<string, string> Right,
        TestOutputTopic<string, string> Output) : IDisposable
    {
        public void Dispose() => Driver.Dispose();
    }

    private static Run Drive(Func<IKTable<string, string>, IKTable<string, string>, IKTable<string, string>> join)
    {
        var builder = new StreamsBuilder();
        var joined = join(builder.Table("left", Strings), builder.Table("right", Strings));
        joined.ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        var driver = new TopologyTestDriver(builder.Build());
        return new Run(driver, driver.CreateInputTopic("left", Serdes.String, Serdes.String),
            driver.CreateInputTopic("right", Serdes.String, Serdes.String), driver.CreateOutputTopic("out", Serdes.String, Serdes.String));
    }

    private static KeyValue<string, string> KV(string key, string? value) => new(key, value!);

    [Fact]
    public void InnerJoin_EmitsWhileBothSidesHaveARow_AndDeletesWhenEitherGoes()
    {
        using var run = Drive((l, r) => l.Join(r, (a, b) => a + "+" + b));

        run.Left.PipeInput("k", "l1", Timestamps.T0);
        Assert.True(run.Output.IsEmpty); // no right row yet
        run.Right.PipeInput("k", "r1", Timestamps.T0.AddMilliseconds(1));
        run.Left.PipeInput("k", "l2", Timestamps.T0.AddMilliseconds(2));
        run.Right.PipeInput("k", null!, Timestamps.T0.AddMilliseconds(3));
        run.Left.PipeInput("k", "l3", Timestamps.T0.AddMilliseconds(4)); // the right row is gone: nothing
        run.Right.PipeInput("other", "r9", Timestamps.T0.AddMilliseconds(5)); // no left row: nothing

        Assert.Equal([KV("k", "l1+r1"), KV("k", "l2+r1"), KV("k", null)], run.Output.ReadKeyValuesToList());
    }

    [Fact]
    public void LeftJoin_EmitsForEveryLeftRow_WithTheRightRowOrDefault()
    {
        using var run = Drive((l, r) => l.LeftJoin(r, (a, b) => a + "+" + (b ?? "none")));

        run.Right.PipeInput("k", "r1", Timestamps.T0); // no left row: nothing
        run.Left.PipeInput("k", "l1", Timestamps.T0.AddMilliseconds(1));
        run.Right.PipeInput("k", "r2", Timestamps.T0.AddMilliseconds(2));
        run.Right.PipeInput("k", null!, Timestamps.T0.AddMilliseconds(3));
        run.Left.PipeInput("k", null!, Timestamps.T0.AddMilliseconds(4));
        run.Left.PipeInput("gone", null!, Timestamps.T0.AddMilliseconds(5)); // deleting a row nobody had: nothing

        Assert.Equal([KV("k", "l1+r1"), KV("k", "l1+r2"), KV("k", "l1+none"), KV("k", null)], run.Output.ReadKeyValuesToList());
    }

    [Fact]
    public void OuterJoin_EmitsWhileEitherSideHasARow()
    {
        using var run = Drive((l, r) => l.OuterJoin(r, (a, b) => (a ?? "none") + "+" + (b ?? "none")));

        run.Right.PipeInput("k", "r1", Timestamps.T0);
        run.Left.PipeInput("k", "l1", Timestamps.T0.AddMilliseconds(1));
        run.Left.PipeInput("k", null!, Timestamps.T0.AddMilliseconds(2));
        run.Right.PipeInput("k", null!, Timestamps.T0.AddMilliseconds(3));
        run.Right.PipeInput("gone", null!, Timestamps.T0.AddMilliseconds(4));

        Assert.Equal([KV("k", "none+r1"), KV("k", "l1+r1"), KV("k", "none+r1"), KV("k", null)], run.Output.ReadKeyValuesToList());
    }

    [Fact]
    public void MaterializedJoin_IsQueryable_AndJoinsOfJoinsLookItUp()
    {
        var builder = new StreamsBuilder();
        var left = builder.Table("left", Strings);
        var right = builder.Table("right", Strings);
        var third = builder.Table("third", Strings);
        var joined = left.Join(right, (a, b) => a + b, materialized: Materialized.As<string, string>("joined").WithValueSerde(Serdes.String));
        joined.Join(third, (ab, c) => ab + c).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var (l, r, t) = (driver.CreateInputTopic("left", Serdes.String, Serdes.String), driver.CreateInputTopic("right", Serdes.String, Serdes.String),
            driver.CreateInputTopic("third", Serdes.String, Serdes.String));
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        t.PipeInput("k", "C", Timestamps.T0);
        l.PipeInput("k", "A", Timestamps.T0.AddMilliseconds(1));
        r.PipeInput("k", "B", Timestamps.T0.AddMilliseconds(2));
        r.PipeInput("k", "b", Timestamps.T0.AddMilliseconds(3));

        Assert.Equal("Ab", driver.GetKeyValueStore<string, string>("joined").Get("k"));
        Assert.Equal([KV("k", "ABC"), KV("k", "AbC")], output.ReadKeyValuesToList());
        Assert.Equal("joined", joined.QueryableStoreName);
    }

    [Fact]
    public void NullKeys_AreDroppedAndCounted()
    {
        using var run = Drive((l, r) => l.OuterJoin(r, (a, b) => a + b));

        run.Left.PipeInput(null!, "v", Timestamps.T0);

        Assert.True(run.Output.IsEmpty);
        Assert.Equal(1, run.Driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void Describe_NamesTheNodesAndStoresAsKafka()
    {
        var builder = new StreamsBuilder();
        var left = builder.Table("left", Strings);
        var right = builder.Table("right", Strings);
        left.LeftJoin(right, (a, b) => a + b, materialized: Materialized.With(Serdes.String, Serdes.String)).ToStream().To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000001 (topics: [left])\n" +
            "      --> KTABLE-SOURCE-0000000002\n" +
            "    Source: KSTREAM-SOURCE-0000000004 (topics: [right])\n" +
            "      --> KTABLE-SOURCE-0000000005\n" +
            "    Processor: KTABLE-SOURCE-0000000002 (stores: [left-STATE-STORE-0000000000])\n" +
            "      --> KTABLE-JOINTHIS-0000000008\n" +
            "      <-- KSTREAM-SOURCE-0000000001\n" +
            "    Processor: KTABLE-SOURCE-0000000005 (stores: [right-STATE-STORE-0000000003])\n" +
            "      --> KTABLE-JOINOTHER-0000000009\n" +
            "      <-- KSTREAM-SOURCE-0000000004\n" +
            "    Processor: KTABLE-JOINOTHER-0000000009 (stores: [left-STATE-STORE-0000000000])\n" +
            "      --> KTABLE-MERGE-0000000007\n" +
            "      <-- KTABLE-SOURCE-0000000005\n" +
            "    Processor: KTABLE-JOINTHIS-0000000008 (stores: [right-STATE-STORE-0000000003])\n" +
            "      --> KTABLE-MERGE-0000000007\n" +
            "      <-- KTABLE-SOURCE-0000000002\n" +
            "    Processor: KTABLE-MERGE-0000000007 (stores: [KTABLE-MERGE-STATE-STORE-0000000006])\n" +
            "      --> KTABLE-TOSTREAM-0000000010\n" +
            "      <-- KTABLE-JOINTHIS-0000000008, KTABLE-JOINOTHER-0000000009\n" +
            "    Processor: KTABLE-TOSTREAM-0000000010 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000011\n" +
            "      <-- KTABLE-MERGE-0000000007\n" +
            "    Sink: KSTREAM-SINK-0000000011 (topic: out)\n" +
            "      <-- KTABLE-TOSTREAM-0000000010\n\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void NamedJoin_NamesItsNodesAfterTheJoin()
    {
        var builder = new StreamsBuilder();
        builder.Table("left", Strings).Join(builder.Table("right", Strings), (a, b) => a + b, Named.As("orders"));

        var text = builder.Build().Describe().ToString();

        Assert.Contains("Processor: orders-join-this (stores: [right-STATE-STORE-0000000003])", text);
        Assert.Contains("Processor: orders-join-other (stores: [left-STATE-STORE-0000000000])", text);
        Assert.Contains("Processor: orders (stores: [])", text);
    }
}
