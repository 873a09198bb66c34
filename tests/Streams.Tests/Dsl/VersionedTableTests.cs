using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>Source tables materialized in a versioned store (KIP-914).</summary>
public class VersionedTableTests : IDisposable
{
    private readonly TopologyTestDriver _driver;
    private readonly TestInputTopic<string, string> _input;
    private readonly TestOutputTopic<string, string> _output;

    public VersionedTableTests()
    {
        var builder = new StreamsBuilder();
        builder.Table("prices", Consumed.With(Serdes.String, Serdes.String),
                Materialized.As<string, string>(Stores.PersistentVersionedKeyValueStore("prices-store", TimeSpan.FromMilliseconds(1_000))))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        _driver = new TopologyTestDriver(builder.Build());
        _input = _driver.CreateInputTopic("prices", Serdes.String, Serdes.String);
        _output = _driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
    }

    private IVersionedKeyValueStore<string, string> Store => _driver.GetVersionedKeyValueStore<string, string>("prices-store");

    [Fact]
    public void OutOfOrderUpdate_IsKeptInHistory_ButNotForwarded()
    {
        _input.PipeInput("k", "a", 100L);
        _input.PipeInput("k", "c", 300L);
        _input.PipeInput("k", "b", 200L);

        Assert.Equal(["a", "c"], _output.ReadValuesToList());
        Assert.Equal(new VersionedRecord<string>("c", 300), Store.Get("k"));
        Assert.Equal(new VersionedRecord<string>("b", 200, 300), Store.Get("k", 250));
        Assert.Equal(new VersionedRecord<string>("a", 100, 200), Store.Get("k", 150));
    }

    [Fact]
    public void Tombstone_DeletesAsOfItsTimestamp_AndIsForwardedWhenLatest()
    {
        _input.PipeInput("k", "a", 100L);
        _input.PipeInput("k", null!, 200L);

        Assert.Equal(["a", null!], _output.ReadValuesToList());
        Assert.Null(Store.Get("k"));
        Assert.Equal(new VersionedRecord<string>("a", 100, 200), Store.Get("k", 150));
    }

    [Fact]
    public void OutOfOrderTombstone_EndsTheOlderValue_WithoutBeingForwarded()
    {
        _input.PipeInput("k", "a", 100L);
        _input.PipeInput("k", "c", 300L);
        _input.PipeInput("k", null!, 200L);

        Assert.Equal(["a", "c"], _output.ReadValuesToList());
        Assert.Null(Store.Get("k", 250));
        Assert.Equal(new VersionedRecord<string>("c", 300), Store.Get("k"));
    }

    [Fact]
    public void UpdateOlderThanHistoryRetention_IsNeitherKeptNorForwarded()
    {
        _input.PipeInput("k", "a", 5_000L);
        _input.PipeInput("k", "old", 3_000L);

        Assert.Equal(["a"], _output.ReadValuesToList());
        Assert.Null(Store.Get("k", 4_500));
        Assert.Equal(new VersionedRecord<string>("a", 5_000), Store.Get("k"));
    }

    [Fact]
    public void Changelog_CarriesEachUpdate_WithTheTimestampItIsValidFrom()
    {
        _input.PipeInput("k", "a", 100L);
        _input.PipeInput("k", "c", 300L);
        _input.PipeInput("k", "b", 200L);

        var changelog = _driver.CreateOutputTopic("topology-test-driver-prices-store-changelog", Serdes.String, Serdes.String).ReadRecordsToList();
        Assert.Equal([("a", 100L), ("c", 300L), ("b", 200L)], changelog.Select(r => (r.Value, r.Timestamp!.Value.ToUnixTimeMilliseconds())));
    }

    [Fact]
    public void VersionedStore_CannotMaterializeADerivedTable()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("prices", Consumed.With(Serdes.String, Serdes.String));

        Assert.Throws<Pulse.Streams.Errors.TopologyException>(() => table.Filter((_, _) => true,
            Materialized.As<string, string>(Stores.PersistentVersionedKeyValueStore("filtered", TimeSpan.FromSeconds(1)))));
    }

    public void Dispose()
    {
        _driver.Dispose();
        GC.SuppressFinalize(this);
    }
}
