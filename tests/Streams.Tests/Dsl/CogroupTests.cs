using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>Cogroup, against what Kafka's CogroupedKStreamImplTest asserts.</summary>
public class CogroupTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    private static KeyValue<string, string> KV(string key, string value) => new(key, value);

    [Fact]
    public void TwoStreams_FoldIntoOneAggregatePerKey_EachWithItsOwnAggregator()
    {
        var builder = new StreamsBuilder();
        var clicks = builder.Stream("clicks", Strings).GroupByKey();
        var views = builder.Stream("views", Strings).GroupByKey();
        clicks.Cogroup<string>((_, v, agg) => agg + "c" + v)
            .Cogroup(views, (_, v, agg) => agg + "v" + v)
            .Aggregate(() => "", Materialized.As<string, string>("activity").WithValueSerde(Serdes.String))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var (c, v) = (driver.CreateInputTopic("clicks", Serdes.String, Serdes.String), driver.CreateInputTopic("views", Serdes.String, Serdes.String));
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        c.PipeInput("u1", "1", Timestamps.T0);
        v.PipeInput("u1", "2", Timestamps.T0.AddMilliseconds(1));
        v.PipeInput("u2", "3", Timestamps.T0.AddMilliseconds(2));
        c.PipeInput("u1", "4", Timestamps.T0.AddMilliseconds(3));

        Assert.Equal([KV("u1", "c1"), KV("u1", "c1v2"), KV("u2", "v3"), KV("u1", "c1v2c4")], output.ReadKeyValuesToList());
        Assert.Equal("c1v2c4", driver.GetKeyValueStore<string, string>("activity").Get("u1"));
    }

    [Fact]
    public void NullKeysAndValues_AreDroppedAndCounted()
    {
        var builder = new StreamsBuilder();
        var a = builder.Stream("a", Strings).GroupByKey();
        a.Cogroup<string>((_, v, agg) => agg + v).Cogroup(builder.Stream("b", Strings).GroupByKey(), (_, v, agg) => agg + v)
            .Aggregate(() => "", Materialized.With(Serdes.String, Serdes.String)).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput(null!, "x", Timestamps.T0);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", null!, Timestamps.T0);

        Assert.True(driver.CreateOutputTopic("out", Serdes.String, Serdes.String).IsEmpty);
        Assert.Equal(2, driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void Windowed_FoldsEveryStreamIntoTheSameWindows_AndSuppressesToFinalResults()
    {
        var builder = new StreamsBuilder();
        var a = builder.Stream("a", Strings).GroupByKey();
        var b = builder.Stream("b", Strings).GroupByKey();
        a.Cogroup<string>((_, v, agg) => agg + v)
            .Cogroup(b, (_, v, agg) => agg + v.ToUpperInvariant())
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .Aggregate(() => "", Materialized.With(Serdes.String, Serdes.String))
            .Suppress(Suppressed.UntilWindowCloses())
            .ToStream((w, _) => $"{w.Key}@{w.Window.StartMs - Timestamps.T0Ms}")
            .To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var (ina, inb) = (driver.CreateInputTopic("a", Serdes.String, Serdes.String), driver.CreateInputTopic("b", Serdes.String, Serdes.String));
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        ina.PipeInput("k", "x", Timestamps.T0);
        inb.PipeInput("k", "y", Timestamps.T0.AddMilliseconds(5));
        ina.PipeInput("k", "z", Timestamps.T0.AddMilliseconds(12)); // next window; closes the first
        inb.PipeInput("k", "w", Timestamps.T0.AddMilliseconds(25)); // closes the second

        Assert.Equal([KV("k@0", "xY"), KV("k@10", "z")], output.ReadKeyValuesToList());
    }

    [Fact]
    public void Describe_OneStoreForEveryAggregationNode_AndAMergeNode()
    {
        var builder = new StreamsBuilder();
        var one = builder.Stream<string, string>("one").GroupByKey();
        var two = builder.Stream<string, string>("two").GroupByKey();
        one.Cogroup<string>((_, v, agg) => agg + v).Cogroup(two, (_, v, agg) => agg + v).Aggregate(() => "");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: [one])\n" +
            "      --> COGROUPKSTREAM-AGGREGATE-0000000003\n" +
            "    Source: KSTREAM-SOURCE-0000000001 (topics: [two])\n" +
            "      --> COGROUPKSTREAM-AGGREGATE-0000000004\n" +
            "    Processor: COGROUPKSTREAM-AGGREGATE-0000000003 (stores: [COGROUPKSTREAM-AGGREGATE-STATE-STORE-0000000002])\n" +
            "      --> COGROUPKSTREAM-MERGE-0000000005\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n" +
            "    Processor: COGROUPKSTREAM-AGGREGATE-0000000004 (stores: [COGROUPKSTREAM-AGGREGATE-STATE-STORE-0000000002])\n" +
            "      --> COGROUPKSTREAM-MERGE-0000000005\n" +
            "      <-- KSTREAM-SOURCE-0000000001\n" +
            "    Processor: COGROUPKSTREAM-MERGE-0000000005 (stores: [])\n" +
            "      --> none\n" +
            "      <-- COGROUPKSTREAM-AGGREGATE-0000000003, COGROUPKSTREAM-AGGREGATE-0000000004\n" +
            "\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void Describe_Named_NamesTheNodesAfterIt_AndAKeyChangeRepartitionsThroughTheStoreNamedTopic()
    {
        var builder = new StreamsBuilder();
        var one = builder.Stream<string, string>("one").GroupByKey();
        var rekeyed = builder.Stream<string, string>("two").SelectKey((_, v) => v).GroupByKey();
        one.Cogroup<string>((_, v, agg) => agg + v).Cogroup(rekeyed, (_, v, agg) => agg + v)
            .Aggregate(() => "", Materialized.As<string, string>("store"), Named.As("test"));

        var text = builder.Build().Describe().ToString();

        Assert.Contains("Processor: test-cogroup-agg-0 (stores: [store])", text);
        Assert.Contains("Processor: test-cogroup-agg-1 (stores: [store])", text);
        Assert.Contains("<-- test-cogroup-agg-0, test-cogroup-agg-1", text);
        Assert.Contains("(topic: store-repartition)", text);
    }

    [Fact]
    public void ACogroupedStreamTwice_IsRefused()
    {
        var builder = new StreamsBuilder();
        var one = builder.Stream<string, string>("one").GroupByKey();

        Assert.Throws<Pulse.Streams.Errors.TopologyException>(() => one.Cogroup<string>((_, v, agg) => agg + v).Cogroup(one, (_, v, agg) => agg + v));
    }
}
