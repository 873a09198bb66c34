using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class RepartitionTests
{
    // A changed key has no known serde (as in Kafka), so the repartition topics use the defaults.
    private static readonly StreamsConfig AppConfig = new() { ApplicationId = "app", DefaultKeySerde = Serdes.String, DefaultValueSerde = Serdes.String };

    [Fact]
    public void SelectKeyThenGroupByKey_GoesThroughRepartitionTopicNamedAfterStore()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .SelectKey((_, v) => v)
            .GroupByKey()
            .Count()
            .ToStream()
            .To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("1", "x", Timestamps.T0);
        input.PipeInput("2", "x", Timestamps.T0);
        input.PipeInput("3", "y", Timestamps.T0);

        Assert.Contains("app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition", driver.ProducedTopicNames);
        Assert.Equal([new("x", 1L), new("x", 2L), new KeyValue<string, long>("y", 1L)], output.ReadKeyValuesToList());
        var repartitioned = driver.CreateOutputTopic("app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition", Serdes.String, Serdes.String)
            .ReadKeyValuesToList();
        Assert.Equal([new("x", "x"), new("x", "x"), new KeyValue<string, string>("y", "y")], repartitioned);
    }

    [Fact]
    public void GroupByKey_WithoutKeyChange_DoesNotRepartition()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).MapValues(v => v + "!").GroupByKey().Count(Materialized.As<string, long>("c"));
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", Timestamps.T0);

        Assert.DoesNotContain(driver.ProducedTopicNames, t => t.EndsWith("-repartition", StringComparison.Ordinal));
        Assert.Equal(1L, driver.GetKeyValueStore<string, long>("c").Get("a"));
    }

    [Fact]
    public void GroupedAs_NamesTheRepartitionTopic()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped.As<string, string>("by-value"))
            .Count();
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("1", "x", Timestamps.T0);

        Assert.Contains("app-by-value-repartition", driver.ProducedTopicNames);
    }

    [Fact]
    public void KeyChangeThenValueOnlyOperators_StillRepartitionBeforeGrouping()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .Map((k, v) => new KeyValue<string, string>(v, k))
            .Filter((_, _) => true)
            .MapValues(v => v.ToUpperInvariant())
            .GroupByKey(Grouped.As<string, string>("g"))
            .Count();
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig);

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", Timestamps.T0);

        Assert.Contains("app-g-repartition", driver.ProducedTopicNames);
    }

    [Fact]
    public void GroupBy_AlwaysRepartitions_AndAggregatesByNewKey()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupBy((_, v) => v[..1], Grouped.With(Serdes.String, Serdes.String).WithName("first-letter"))
            .Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory));
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("1", "apple", Timestamps.T0);
        input.PipeInput("2", "avocado", Timestamps.T0);
        input.PipeInput("3", "banana", Timestamps.T0);

        Assert.Contains("app-first-letter-repartition", driver.ProducedTopicNames);
        var store = driver.GetKeyValueStore<string, long>("counts");
        Assert.Equal(2L, store.Get("a"));
        Assert.Equal(1L, store.Get("b"));
    }

    [Fact]
    public void ExplicitRepartition_WithoutName_UsesGeneratedTopicName()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Repartition().To("out");
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("k", "v", Timestamps.T0);

        Assert.Contains("app-KSTREAM-REPARTITION-0000000001-repartition", driver.ProducedTopicNames);
        Assert.Equal(new KeyValue<string, string>("k", "v"), output.ReadKeyValue());
    }

    [Fact]
    public void ExplicitRepartition_Named_WritesThroughNamedTopic_KeepingTimestampAndHeaders()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .Repartition(new Repartitioned<string, string>(Name: "through"))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("k", "v", Timestamps.T0.AddSeconds(7), TestHeaders.Of(("h", "r"))));

        Assert.Contains("app-through-repartition", driver.ProducedTopicNames);
        var record = output.ReadRecord();
        Assert.Equal(Timestamps.T0.AddSeconds(7), record.Timestamp);
        Assert.Equal("r", record.Headers.Text("h"));
    }

    [Fact]
    public void ExplicitRepartition_WithPartitioner_PlacesRecordsOnChosenPartition()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int32))
            .Repartition(new Repartitioned<string, int>(Name: "r", Partitioner: (_, _, v, n) => v % n))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig, options: new TopologyTestDriverOptions { Partitions = 3 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);

        for (var i = 0; i < 3; i++) input.PipeInput("k", i, Timestamps.T0);

        var through = driver.CreateOutputTopic("app-r-repartition", Serdes.String, Serdes.Int32).ReadRecordsToList();
        Assert.Equal([0, 1, 2], through.Select(r => r.Partition!.Value));
    }

    [Fact]
    public void RepartitionedRecords_AreAggregatedInTheTaskOfTheirNewKey()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped.As<string, string>("g"))
            .Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory))
            .ToStream()
            .To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig, options: new TopologyTestDriverOptions { Partitions = 3 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        // Different input keys (so different input partitions), same new key.
        foreach (var k in new[] { "1", "2", "3", "4", "5", "6" }) input.PipeInput(k, "same", Timestamps.T0);

        var results = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadRecordsToList();
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], results.Select(r => r.Value));
        var partition = results[0].Partition!.Value;
        Assert.Equal(6L, driver.GetKeyValueStore<string, long>("counts", partition).Get("same"));
    }

    [Fact]
    public void NullKeyAfterKeyChange_IsDroppedBeforeTheRepartitionTopic()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .SelectKey((_, v) => v.Length == 0 ? null! : v)
            .GroupByKey(Grouped.As<string, string>("g"))
            .Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory));
        using var driver = new TopologyTestDriver(builder.Build(), AppConfig);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("1", "", Timestamps.T0);
        input.PipeInput("2", "x", Timestamps.T0);

        var through = driver.CreateOutputTopic("app-g-repartition", Serdes.String, Serdes.String).ReadKeyValuesToList();
        Assert.Equal([new KeyValue<string, string>("x", "x")], through);
        Assert.Equal(1L, driver.GetKeyValueStore<string, long>("counts").ApproximateNumEntries);
    }
}
