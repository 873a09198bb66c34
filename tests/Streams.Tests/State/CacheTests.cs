using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.State;

public class CacheTests
{
    private static readonly TopologyTestDriverOptions CommitOnDemand = new() { CommitEveryRecord = false };

    private static (TopologyTestDriver Driver, TestInputTopic<string, string> Input, TestOutputTopic<string, long> Output,
        TestOutputTopic<string, long> Changelog) CountDriver(Materialized<string, long> materialized, StreamsConfig? config = null)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey().Count(materialized)
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64));
        var driver = new TopologyTestDriver(builder.Build(), config, options: CommitOnDemand);
        return (driver, driver.CreateInputTopic("in", Serdes.String, Serdes.String), driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64),
            driver.CreateOutputTopic("topology-test-driver-counts-changelog", Serdes.String, Serdes.Int64));
    }

    [Fact]
    public void RepeatedUpdatesOfOneKey_BetweenCommits_AreEmittedOnceOnCommit()
    {
        var (driver, input, output, _) = CountDriver(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory));
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0.AddSeconds(1));
        input.PipeInput("b", "3", Timestamps.T0);
        input.PipeInput("a", "4", Timestamps.T0.AddSeconds(2));
        Assert.True(output.IsEmpty);

        driver.Commit();

        var records = output.ReadRecordsToList();
        Assert.Equal([("b", 1L), ("a", 3L)], records.Select(r => (r.Key, r.Value)));
        Assert.Equal(Timestamps.T0.AddSeconds(2), records.Single(r => r.Key == "a").Timestamp);
    }

    [Fact]
    public void StoreReads_SeeCachedValues_BeforeCommit()
    {
        var (driver, input, _, _) = CountDriver(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory));
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);

        Assert.Equal(2L, driver.GetKeyValueStore<string, long>("counts").Get("a"));
    }

    [Fact]
    public void Changelog_GetsOneRecordPerKeyPerCommit()
    {
        var (driver, input, _, changelog) = CountDriver(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory));
        using var _ = driver;

        for (var i = 0; i < 5; i++) input.PipeInput("a", "x", Timestamps.T0);
        input.PipeInput("b", "x", Timestamps.T0);
        Assert.True(changelog.IsEmpty);

        driver.Commit();
        Assert.Equal(new Dictionary<string, long> { ["a"] = 5, ["b"] = 1 }, changelog.ReadKeyValuesToMap());

        input.PipeInput("a", "x", Timestamps.T0);
        input.PipeInput("a", "x", Timestamps.T0);
        driver.Commit();
        Assert.Equal([new KeyValue<string, long>("a", 7)], changelog.ReadKeyValuesToList());
    }

    [Fact]
    public void CommitWithNothingNew_EmitsNothing()
    {
        var (driver, input, output, _) = CountDriver(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory));
        using var _ = driver;
        input.PipeInput("a", "1", Timestamps.T0);
        driver.Commit();
        output.ReadRecordsToList();

        driver.Commit();

        Assert.True(output.IsEmpty);
    }

    [Fact]
    public void SmallCache_EvictionsEmitBeforeCommit()
    {
        // One entry (1-byte key, 8-byte count, 64 bytes overhead) fits; a second does not.
        var config = new StreamsConfig { CacheMaxBytes = 100 };
        var (driver, input, output, changelog) = CountDriver(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory), config);
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);
        Assert.True(output.IsEmpty);

        input.PipeInput("b", "3", Timestamps.T0);

        var early = output.ReadKeyValuesToMap();
        Assert.Equal(2L, early["a"]);
        Assert.Equal(2L, changelog.ReadKeyValuesToMap()["a"]);
        Assert.Equal(2L, driver.GetKeyValueStore<string, long>("counts").Get("a"));
    }

    [Fact]
    public void CacheMaxBytesZero_EmitsEveryUpdate()
    {
        var config = new StreamsConfig { CacheMaxBytes = 0 };
        var (driver, input, output, changelog) = CountDriver(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory), config);
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);

        Assert.Equal([1L, 2L], output.ReadValuesToList());
        Assert.Equal([1L, 2L], changelog.ReadValuesToList());
    }

    [Fact]
    public void CachingDisabled_EmitsEveryUpdate_WithoutCommit()
    {
        var (driver, input, output, changelog) = CountDriver(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory).WithCachingDisabled());
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);
        input.PipeInput("b", "3", Timestamps.T0);

        Assert.Equal([new("a", 1L), new("a", 2L), new KeyValue<string, long>("b", 1L)], output.ReadKeyValuesToList());
        Assert.Equal([1L, 2L, 1L], changelog.ReadValuesToList());
    }

    [Fact]
    public void TableSource_Cached_EmitsLatestValuePerKeyOnCommit_AndDeletesOfExistingKeys()
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("table").WithStoreType(StoreType.InMemory))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build(), options: CommitOnDemand);
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);
        input.PipeInput("b", "x", Timestamps.T0);
        input.PipeInput("c", null!, Timestamps.T0);
        driver.Commit();
        Assert.Equal([new("a", "2"), new KeyValue<string, string>("b", "x")], output.ReadKeyValuesToList());

        input.PipeInput("b", null!, Timestamps.T0);
        driver.Commit();
        Assert.Equal([new KeyValue<string, string>("b", null!)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void CachedAggregation_AfterRepartition_EmitsOnCommit()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped.With(Serdes.String, Serdes.String).WithName("g"))
            .Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build(), options: CommitOnDemand);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("1", "x", Timestamps.T0);
        input.PipeInput("2", "x", Timestamps.T0);
        driver.Commit();

        Assert.Equal([new KeyValue<string, long>("x", 2L)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void StreamTableJoin_SeesTableUpdatesStillInTheCache()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("t", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("table").WithStoreType(StoreType.InMemory));
        builder.Stream("s", Consumed.With(Serdes.String, Serdes.String)).Join(table, (v, t) => v + "@" + t).To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build(), options: CommitOnDemand);
        var tableInput = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var streamInput = driver.CreateInputTopic("s", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        tableInput.PipeInput("k", "old", Timestamps.T0);
        driver.Commit();
        tableInput.PipeInput("k", "new", Timestamps.T0);
        streamInput.PipeInput("k", "v", Timestamps.T0);

        Assert.Equal(["v@new"], output.ReadValuesToList());
    }
}
