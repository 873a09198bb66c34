using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>KTable.GroupBy and its aggregations, against what Kafka's KGroupedTableImplTest and KTableAggregateTest assert.</summary>
public class KTableGroupByTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    private static KeyValue<string, T> KV<T>(string key, T value) => new(key, value);

    /// <summary>Users (key) in regions (value), counted per region.</summary>
    [Fact]
    public void Count_FollowsRowsThatMoveBetweenGroups_AndRowsThatGo()
    {
        var builder = new StreamsBuilder();
        builder.Table("users", Strings)
            .GroupBy((user, region) => KeyValue.Pair(region, user), Grouped.With(Serdes.String, Serdes.String))
            .Count(Materialized.As<string, long>("per-region"))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("users", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("ann", "north", Timestamps.T0);
        input.PipeInput("bob", "north", Timestamps.T0.AddMilliseconds(1));
        input.PipeInput("cy", "south", Timestamps.T0.AddMilliseconds(2));
        input.PipeInput("ann", "south", Timestamps.T0.AddMilliseconds(3)); // moves: out of north first, then into south
        input.PipeInput("bob", null!, Timestamps.T0.AddMilliseconds(4));   // leaves

        Assert.Equal([KV("north", 1L), KV("north", 2L), KV("south", 1L), KV("north", 1L), KV("south", 2L), KV("north", 0L)],
            output.ReadKeyValuesToList());
        var store = driver.GetKeyValueStore<string, long>("per-region");
        Assert.Equal(0, store.Get("north"));
        Assert.Equal(2, store.Get("south"));
    }

    /// <summary>A row whose group stays the same travels as one change: one subtract-then-add, one result.</summary>
    [Fact]
    public void Reduce_UpdateWithinAGroup_SubtractsTheOldValueAndAddsTheNew_InOneResult()
    {
        var builder = new StreamsBuilder();
        builder.Table("scores", Consumed.With(Serdes.String, Serdes.Int32))
            .GroupBy((player, score) => KeyValue.Pair(player[..1], score), Grouped.With(Serdes.String, Serdes.Int32))
            .Reduce((sum, v) => sum + v, (sum, v) => sum - v)
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("scores", Serdes.String, Serdes.Int32);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        input.PipeInput("a1", 10, Timestamps.T0);
        input.PipeInput("a2", 5, Timestamps.T0.AddMilliseconds(1));
        input.PipeInput("a1", 7, Timestamps.T0.AddMilliseconds(2));

        Assert.Equal([KV("a", 10), KV("a", 15), KV("a", 12)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void Aggregate_StartsFromTheInitializer_AndASubtractorResultOfNullDeletesTheRow()
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Strings)
            .GroupBy((k, v) => KeyValue.Pair(v, k), Grouped.With(Serdes.String, Serdes.String))
            .Aggregate(() => "", (_, k, agg) => agg + k, (_, k, agg) => agg.Replace(k, "") is { Length: > 0 } left ? left : null!,
                Materialized.As<string, string>("members").WithValueSerde(Serdes.String))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("x", "g", Timestamps.T0);
        input.PipeInput("y", "g", Timestamps.T0.AddMilliseconds(1));
        input.PipeInput("x", null!, Timestamps.T0.AddMilliseconds(2));
        input.PipeInput("y", null!, Timestamps.T0.AddMilliseconds(3));

        Assert.Equal([KV("g", "x"), KV("g", "xy"), KV("g", "y"), KV<string>("g", null!)], output.ReadKeyValuesToList());
        Assert.Null(driver.GetKeyValueStore<string, string>("members").Get("g"));
    }

    [Fact]
    public void SelectorReturningANullKeyOrValue_LeavesTheRowOutOfEveryGroup()
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Strings)
            .GroupBy((k, v) => KeyValue.Pair(v == "skip" ? null! : v, k), Grouped.With(Serdes.String, Serdes.String))
            .Count()
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("x", "skip", Timestamps.T0);
        input.PipeInput("x", "g", Timestamps.T0.AddMilliseconds(1)); // the old value mapped to a null key: nothing to subtract

        Assert.Equal([KV("g", 1L)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void WithCaching_UpdatesBetweenCommitsCollapse_AndOldValuesStillReachTheSubtractor()
    {
        var builder = new StreamsBuilder();
        var table = builder.Stream("in", Strings).GroupByKey().Reduce((_, v) => v, Materialized.As<string, string>("latest"));
        table.GroupBy((k, v) => KeyValue.Pair(v, k), Grouped.With(Serdes.String, Serdes.String)).Count(Materialized.As<string, long>("counts"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("x", "a", Timestamps.T0);
        input.PipeInput("x", "b", Timestamps.T0.AddMilliseconds(1));
        input.PipeInput("y", "b", Timestamps.T0.AddMilliseconds(2));

        var counts = driver.GetKeyValueStore<string, long>("counts");
        Assert.Equal(0, counts.Get("a"));
        Assert.Equal(2, counts.Get("b"));
    }

    [Fact]
    public void Describe_MaterializesTheSourceTable_AndRepartitionsThroughTheStoreNamedTopic()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, string>("input-topic").GroupBy((k, v) => KeyValue.Pair(v, k)).Count();

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic])\n" +
            "      --> KTABLE-SOURCE-0000000002\n" +
            "    Processor: KTABLE-SOURCE-0000000002 (stores: [input-topic-STATE-STORE-0000000000])\n" +
            "      --> KTABLE-SELECT-0000000003\n" +
            "      <-- KSTREAM-SOURCE-0000000001\n" +
            "    Processor: KTABLE-SELECT-0000000003 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000005\n" +
            "      <-- KTABLE-SOURCE-0000000002\n" +
            "    Sink: KSTREAM-SINK-0000000005 (topic: KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition)\n" +
            "      <-- KTABLE-SELECT-0000000003\n" +
            "\n" +
            "  Sub-topology: 1\n" +
            "    Source: KSTREAM-SOURCE-0000000006 (topics: [KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition])\n" +
            "      --> KTABLE-AGGREGATE-0000000007\n" +
            "    Processor: KTABLE-AGGREGATE-0000000007 (stores: [KTABLE-AGGREGATE-STATE-STORE-0000000004])\n" +
            "      --> none\n" +
            "      <-- KSTREAM-SOURCE-0000000006\n" +
            "\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void Describe_NamedStoreAndGrouping_NameTheRepartitionTopic()
    {
        var named = new StreamsBuilder();
        named.Table<string, string>("input-topic").GroupBy((k, v) => KeyValue.Pair(v, k)).Count(Materialized.As<string, long>("count-store"));
        var grouped = new StreamsBuilder();
        grouped.Table<string, string>("input-topic").GroupBy((k, v) => KeyValue.Pair(v, k), Grouped.As<string, string>("by-value")).Count();

        var namedText = named.Build().Describe().ToString();
        Assert.Contains("Sink: KSTREAM-SINK-0000000004 (topic: count-store-repartition)", namedText);
        Assert.Contains("Processor: KTABLE-AGGREGATE-0000000006 (stores: [count-store])", namedText);
        Assert.Contains("Processor: by-value (stores: [])", grouped.Build().Describe().ToString());
        Assert.Contains("(topic: by-value-repartition)", grouped.Build().Describe().ToString());
    }
}

/// <summary>Materialized on table Filter and MapValues, as Kafka's TopologyTest describes them.</summary>
public class KTableMaterializedOperatorTests
{
    [Fact]
    public void NamedMaterializedFilter_KeepsItsRowsInAQueryableStore()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("t", Consumed.With(Serdes.String, Serdes.String))
            .Filter((_, v) => v.Length > 2, Materialized.As<string, string>("big").WithValueSerde(Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);

        input.PipeInput("a", "long", Timestamps.T0);
        input.PipeInput("b", "s", Timestamps.T0);
        Assert.Equal("long", driver.GetKeyValueStore<string, string>("big").Get("a"));
        input.PipeInput("a", "x", Timestamps.T0); // filtered out now: deleted from the store

        var store = driver.GetKeyValueStore<string, string>("big");
        Assert.False(store.TryGet("a", out _));
        Assert.False(store.TryGet("b", out _));
        Assert.Equal("big", table.QueryableStoreName);
    }

    [Fact]
    public void NamedMaterializedMapValues_KeepsTheMappedRows()
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Consumed.With(Serdes.String, Serdes.String))
            .MapValues((_, v) => v.Length, Materialized.As<string, int>("lengths").WithValueSerde(Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("t", Serdes.String, Serdes.String).PipeInput("a", "four", Timestamps.T0);

        Assert.Equal(4, driver.GetKeyValueStore<string, int>("lengths").Get("a"));
    }

    [Fact]
    public void Describe_AnonymousMaterializedDrawsAStoreNameButKeepsNoStore_NamedKeepsOne()
    {
        var anonymous = new StreamsBuilder();
        anonymous.Table<string, string>("input-topic").Filter((_, _) => false, Materialized.With<string, string>(null, null));
        var named = new StreamsBuilder();
        named.Table<string, string>("input-topic").MapValues((_, v) => v, Materialized.As<string, string>("store-name"));

        Assert.Contains("Processor: KTABLE-FILTER-0000000004 (stores: [])", anonymous.Build().Describe().ToString());
        var text = named.Build().Describe().ToString();
        Assert.Contains("Processor: KTABLE-SOURCE-0000000002 (stores: [])", text);
        Assert.Contains("Processor: KTABLE-MAPVALUES-0000000003 (stores: [store-name])", text);
    }
}
