using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class AggregationTests
{
    private static (TopologyTestDriver Driver, TestInputTopic<string, int> Input) Drive(Action<IKGroupedStream<string, int>> aggregate)
    {
        var builder = new StreamsBuilder();
        aggregate(builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int32)).GroupByKey());
        var driver = new TopologyTestDriver(builder.Build());
        return (driver, driver.CreateInputTopic("in", Serdes.String, Serdes.Int32));
    }

    [Fact]
    public void Count_EmitsRunningCountPerKey_AndKeepsItInStore()
    {
        var (driver, input) = Drive(g => g.Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64)));
        using var _ = driver;
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", 0, Timestamps.T0);
        input.PipeInput("b", 0, Timestamps.T0);
        input.PipeInput("a", 0, Timestamps.T0);

        Assert.Equal([new("a", 1L), new("b", 1L), new KeyValue<string, long>("a", 2L)], output.ReadKeyValuesToList());
        Assert.Equal(2L, driver.GetKeyValueStore<string, long>("counts").Get("a"));
    }

    [Fact]
    public void Reduce_CombinesValuesPerKey()
    {
        var (driver, input) = Drive(g => g.Reduce((agg, v) => agg + v, Materialized.As<string, int>("sums").WithStoreType(StoreType.InMemory))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int32)));
        using var _ = driver;
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        input.PipeInput("a", 1, Timestamps.T0);
        input.PipeInput("a", 2, Timestamps.T0);
        input.PipeInput("b", 10, Timestamps.T0);
        input.PipeInput("a", 3, Timestamps.T0);

        Assert.Equal([new("a", 1), new("a", 3), new("b", 10), new KeyValue<string, int>("a", 6)], output.ReadKeyValuesToList());
        Assert.Equal(6, driver.GetKeyValueStore<string, int>("sums").Get("a"));
    }

    [Fact]
    public void Reduce_FirstValueOfKey_IsEmittedAsIs()
    {
        var calls = 0;
        var (driver, input) = Drive(g => g.Reduce((agg, v) => { calls++; return agg * v; }).ToStream().To("out"));
        using var _ = driver;
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        input.PipeInput("a", 7, Timestamps.T0);

        Assert.Equal(7, output.ReadValue());
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Aggregate_FoldsFromInitializer_WithKeyVisible()
    {
        var (driver, input) = Drive(g => g.Aggregate(() => "", (k, v, agg) => agg + k + v,
                Materialized.With(Serdes.String, Serdes.String).WithStoreType(StoreType.InMemory))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.String)));
        using var _ = driver;
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", 1, Timestamps.T0);
        input.PipeInput("a", 2, Timestamps.T0);
        input.PipeInput("b", 3, Timestamps.T0);

        Assert.Equal(["a1", "a1a2", "b3"], output.ReadValuesToList());
    }

    [Fact]
    public void Aggregate_OutputKeepsTimestampOfLatestRecord()
    {
        var (driver, input) = Drive(g => g.Count().ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64)));
        using var _ = driver;
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", 0, Timestamps.T0);
        input.PipeInput("a", 0, Timestamps.T0.AddSeconds(30));

        Assert.Equal([Timestamps.T0, Timestamps.T0.AddSeconds(30)], output.ReadRecordsToList().Select(r => r.Timestamp!.Value));
    }

    [Fact]
    public void Count_NullKey_IsDroppedAndCounted()
    {
        var (driver, input) = Drive(g => g.Count(Materialized.As<string, long>("counts")).ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64)));
        using var _ = driver;
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput(null!, 1, Timestamps.T0);
        input.PipeInput("a", 1, Timestamps.T0);

        Assert.Equal([new KeyValue<string, long>("a", 1L)], output.ReadKeyValuesToList());
        Assert.Equal(1, driver.Metrics.DroppedRecords);
        Assert.Equal(2, driver.Metrics.ProcessedRecords);
    }

    [Fact]
    public void GroupByThenCount_NullKeyFromSelector_IsNotAggregated()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupBy((_, v) => v.Length == 0 ? null! : v, Grouped.With(Serdes.String, Serdes.String))
            .Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("1", "", Timestamps.T0);
        input.PipeInput("2", "x", Timestamps.T0);

        Assert.Equal(1L, driver.GetKeyValueStore<string, long>("counts").Get("x"));
        Assert.Equal(1L, driver.GetKeyValueStore<string, long>("counts").ApproximateNumEntries);
    }

    [Fact]
    public void Reduce_NullValue_IsDroppedAndCounted()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .Reduce((a, b) => a + b, Materialized.As<string, string>("r").WithStoreType(StoreType.InMemory));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", Timestamps.T0);
        input.PipeInput("a", null!, Timestamps.T0);
        input.PipeInput("a", "y", Timestamps.T0);

        Assert.Equal("xy", driver.GetKeyValueStore<string, string>("r").Get("a"));
        Assert.Equal(1, driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void Count_WithoutStoreName_WritesChangelogOfGeneratedStore()
    {
        var (driver, input) = Drive(g => g.Count());
        using var _ = driver;

        input.PipeInput("a", 1, Timestamps.T0);

        Assert.Contains("topology-test-driver-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog", driver.ProducedTopicNames);
    }

    [Fact]
    public void Count_WithLoggingDisabled_WritesNoChangelog()
    {
        var (driver, input) = Drive(g => g.Count(Materialized.As<string, long>("c").WithLoggingDisabled()));
        using var _ = driver;

        input.PipeInput("a", 1, Timestamps.T0);

        Assert.Empty(driver.ProducedTopicNames);
        Assert.Equal(1L, driver.GetKeyValueStore<string, long>("c").Get("a"));
    }

    [Fact]
    public void Count_Changelog_CarriesLatestCountPerUpdate()
    {
        var (driver, input) = Drive(g => g.Count(Materialized.As<string, long>("c").WithStoreType(StoreType.InMemory)));
        using var _ = driver;
        var changelog = driver.CreateOutputTopic("topology-test-driver-c-changelog", Serdes.String, Serdes.Int64);

        input.PipeInput("a", 1, Timestamps.T0);
        input.PipeInput("a", 1, Timestamps.T0.AddSeconds(1));

        var records = changelog.ReadRecordsToList();
        Assert.Equal([1L, 2L], records.Select(r => r.Value));
        Assert.Equal(Timestamps.T0.AddSeconds(1), records[1].Timestamp);
    }
}
