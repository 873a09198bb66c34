using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class KTableTests
{
    private static (TopologyTestDriver Driver, TestInputTopic<string, string> Input, TestOutputTopic<string, string> Output) Drive(
        Func<IKTable<string, string>, IKStream<string, string>> build, Materialized<string, string>? materialized = null)
    {
        var builder = new StreamsBuilder();
        build(builder.Table("t", Consumed.With(Serdes.String, Serdes.String), materialized)).To("out", Produced.With(Serdes.String, Serdes.String));
        var driver = new TopologyTestDriver(builder.Build());
        return (driver, driver.CreateInputTopic("t", Serdes.String, Serdes.String), driver.CreateOutputTopic("out", Serdes.String, Serdes.String));
    }

    [Fact]
    public void Table_KeepsLatestValuePerKey()
    {
        var (driver, input, output) = Drive(t => t.ToStream(), Materialized.As<string, string>("table").WithStoreType(StoreType.InMemory));
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);
        input.PipeInput("a", "3", Timestamps.T0);

        var store = driver.GetKeyValueStore<string, string>("table");
        Assert.Equal("3", store.Get("a"));
        Assert.Equal("2", store.Get("b"));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "3", ["b"] = "2" }, output.ReadKeyValuesToMap());
    }

    [Fact]
    public void Table_Tombstone_DeletesKeyAndIsForwarded()
    {
        var (driver, input, output) = Drive(t => t.ToStream(), Materialized.As<string, string>("table"));
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", null!, Timestamps.T0);

        Assert.Null(driver.GetKeyValueStore<string, string>("table").Get("a"));
        Assert.Equal([new("a", "1"), new KeyValue<string, string>("a", null!)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void Table_NullKey_IsDroppedAndCounted()
    {
        var (driver, input, output) = Drive(t => t.ToStream());
        using var _ = driver;

        input.PipeInput(null!, "v", Timestamps.T0);

        Assert.True(output.IsEmpty);
        Assert.Equal(1, driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void Table_WritesItsChangelog()
    {
        var (driver, input, _) = Drive(t => t.ToStream(), Materialized.As<string, string>("table"));
        using var d = driver;

        input.PipeInput("a", "1", Timestamps.T0);

        var changelog = driver.CreateOutputTopic("topology-test-driver-table-changelog", Serdes.String, Serdes.String);
        Assert.Equal(new KeyValue<string, string>("a", "1"), changelog.ReadKeyValue());
    }

    [Fact]
    public void Filter_NonMatchingRows_BecomeTombstones()
    {
        var (driver, input, output) = Drive(t => t.Filter((_, v) => v.StartsWith('x')).ToStream());
        using var _ = driver;

        input.PipeInput("a", "x1", Timestamps.T0);
        input.PipeInput("b", "y1", Timestamps.T0);
        input.PipeInput("a", "y2", Timestamps.T0);

        Assert.Equal([new("a", "x1"), new("b", null!), new KeyValue<string, string>("a", null!)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void FilterNot_MatchingRows_BecomeTombstones()
    {
        var (driver, input, output) = Drive(t => t.FilterNot((k, _) => k == "b").ToStream());
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);

        Assert.Equal([new("a", "1"), new KeyValue<string, string>("b", null!)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void MapValues_MapsEveryUpdate_AndLeavesTombstones()
    {
        var (driver, input, output) = Drive(t => t.MapValues((k, v) => k + "=" + v).ToStream());
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", null!, Timestamps.T0);

        Assert.Equal([new("a", "a=1"), new KeyValue<string, string>("a", null!)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void MapValues_WithoutKey_MapsValue()
    {
        var (driver, input, output) = Drive(t => t.MapValues(v => v + v).ToStream());
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);

        Assert.Equal("11", output.ReadValue());
    }

    [Fact]
    public void ToStream_WithKeySelector_RekeysUpdates()
    {
        var (driver, input, output) = Drive(t => t.ToStream((k, v) => k + v));
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0);

        Assert.Equal(new KeyValue<string, string>("a1", "1"), output.ReadKeyValue());
    }

    [Fact]
    public void ToStream_KeepsTimestampOfUpdate()
    {
        var (driver, input, output) = Drive(t => t.ToStream());
        using var _ = driver;

        input.PipeInput("a", "1", Timestamps.T0.AddHours(1));

        Assert.Equal(Timestamps.T0.AddHours(1), output.ReadRecord().Timestamp);
    }

    [Fact]
    public void UnnamedTableNothingLooksUp_KeepsNoStore_AndForwardsEveryUpdate()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("t", Consumed.With(Serdes.String, Serdes.String));
        table.ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);

        Assert.Null(table.QueryableStoreName);
        Assert.Empty(driver.GetAllStateStores());
        Assert.Equal(["1", "2"], driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList());
    }

    [Fact]
    public void StreamToTable_LatestPerKey_NullDeletes_NamedStoreQueryable()
    {
        var builder = new StreamsBuilder();
        var table = builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .ToTable(Named.As("latest"), Materialized.As<string, string>("latest-store"));
        table.ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);
        input.PipeInput("a", "3", Timestamps.T0);
        input.PipeInput("b", null!, Timestamps.T0);

        var store = driver.GetKeyValueStore<string, string>("latest-store");
        Assert.Equal("3", store.Get("a"));
        Assert.Null(store.Get("b"));
        Assert.Equal("latest-store", table.QueryableStoreName);
        Assert.Contains("Processor: latest (stores: [latest-store])", topology.Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StreamToTable_AfterAKeyChange_GoesThroughItsRepartitionTopic_AndAJoinMaterializesIt()
    {
        var builder = new StreamsBuilder();
        var prices = builder.Stream("prices", Consumed.With(Serdes.String, Serdes.String))
            .SelectKey((_, v) => v.Split('=')[0])
            .MapValues(v => v.Split('=')[1])
            .ToTable();
        builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String)).Join(prices, (order, price) => $"{order}@{price}")
            .To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build(), new StreamsConfig { ApplicationId = "app", DefaultKeySerde = Serdes.String, DefaultValueSerde = Serdes.String });

        driver.CreateInputTopic("prices", Serdes.String, Serdes.String).PipeInput("x", "pen=2", Timestamps.T0);
        driver.CreateInputTopic("orders", Serdes.String, Serdes.String).PipeInput("pen", "o1", Timestamps.T0.AddSeconds(1));

        Assert.Contains("app-KSTREAM-TOTABLE-0000000003-repartition", driver.ProducedTopicNames);
        Assert.Equal(["o1@2"], driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList());
    }

    [Fact]
    public void QueryableStoreName_IsTheMaterializedName()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("t", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("my-table"));

        Assert.Equal("my-table", table.QueryableStoreName);
    }

    [Fact]
    public void Table_WithCachingDisabled_ForwardsEveryUpdate()
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("table").WithCachingDisabled())
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { CommitEveryRecord = false });
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);

        Assert.Equal(["1", "2"], output.ReadValuesToList());
    }
}
