using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>Stream–table joins against versioned tables: as of the stream record's time (KIP-914), and with a grace period (KIP-923).</summary>
public class VersionedJoinTests
{
    private static readonly TimeSpan History = TimeSpan.FromMilliseconds(1_000);

    private sealed class Fixture : IDisposable
    {
        public Fixture(TimeSpan? grace, bool left = false)
        {
            var builder = new StreamsBuilder();
            var stream = builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String));
            var table = builder.Table("prices", Consumed.With(Serdes.String, Serdes.String),
                Materialized.As<string, string>(Stores.PersistentVersionedKeyValueStore("prices-store", History)));
            var joined = new Joined<string, string, string>(Serdes.String, Serdes.String, Serdes.String);
            if (grace is { } g) joined = joined.WithGracePeriod(g);
            var result = left
                ? stream.LeftJoin(table, (order, price) => order + "@" + (price ?? "none"), joined)
                : stream.Join(table, (order, price) => order + "@" + price, joined);
            result.To("out", Produced.With(Serdes.String, Serdes.String));
            Topology = builder.Build();
            Driver = new TopologyTestDriver(Topology);
            Orders = Driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
            Prices = Driver.CreateInputTopic("prices", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        }

        public Topology Topology { get; }
        public TopologyTestDriver Driver { get; }
        public TestInputTopic<string, string> Orders { get; }
        public TestInputTopic<string, string> Prices { get; }
        public TestOutputTopic<string, string> Output { get; }

        public void Dispose() => Driver.Dispose();
    }

    [Fact]
    public void Join_VersionedTable_LooksUpTheValueAsOfTheStreamRecordsTime()
    {
        using var f = new Fixture(grace: null);
        f.Prices.PipeInput("k", "p1", 100L);
        f.Prices.PipeInput("k", "p3", 300L);

        f.Orders.PipeInput("k", "o1", 200L);
        f.Orders.PipeInput("k", "o2", 350L);
        f.Orders.PipeInput("k", "o0", 50L);

        Assert.Equal(["o1@p1", "o2@p3"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void Grace_StreamRecordWaits_UntilStreamTimePassesItsTimestampPlusGrace()
    {
        using var f = new Fixture(TimeSpan.FromMilliseconds(50));
        f.Prices.PipeInput("k", "p1", 100L);

        f.Orders.PipeInput("k", "o1", 200L);
        f.Orders.PipeInput("k", "o2", 249L);
        Assert.True(f.Output.IsEmpty);

        f.Orders.PipeInput("k", "o3", 250L);
        Assert.Equal(["o1@p1"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void Grace_BufferedRecord_JoinsWithTheValueValidAtItsTimestamp_EvenIfTheTableChangedSince()
    {
        using var f = new Fixture(TimeSpan.FromMilliseconds(50));
        f.Prices.PipeInput("k", "p1", 100L);
        f.Orders.PipeInput("k", "o1", 200L);

        f.Prices.PipeInput("k", "p2", 150L); // late table update, valid at 200
        f.Prices.PipeInput("k", "p3", 220L); // later update, not valid at 200
        f.Orders.PipeInput("other", "x", 260L);

        Assert.Equal(new KeyValue<string, string>("k", "o1@p2"), f.Output.ReadKeyValue());
        Assert.True(f.Output.IsEmpty);
    }

    [Fact]
    public void Grace_BufferedRecords_JoinInTimestampOrder_WithTheirTimestamps()
    {
        using var f = new Fixture(TimeSpan.FromMilliseconds(50));
        f.Prices.PipeInput("k", "p1", 100L);
        f.Orders.PipeInput("k", "o230", 230L);
        f.Orders.PipeInput("k", "o210", 210L);

        f.Orders.PipeInput("k", "o300", 300L);

        var records = f.Output.ReadRecordsToList();
        Assert.Equal(["o210@p1", "o230@p1"], records.Select(r => r.Value));
        Assert.Equal([210L, 230L], records.Select(r => r.Timestamp!.Value.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void Grace_EvictedRecord_CarriesItsOwnHeaders()
    {
        using var f = new Fixture(TimeSpan.FromMilliseconds(50));
        f.Prices.PipeInput("k", "p1", 100L);
        f.Orders.PipeInput(new TestRecord<string, string>("k", "o1", DateTimeOffset.FromUnixTimeMilliseconds(200), TestHeaders.Of(("v", "first"))));

        f.Orders.PipeInput(new TestRecord<string, string>("k", "o2", DateTimeOffset.FromUnixTimeMilliseconds(300), TestHeaders.Of(("v", "second"))));

        var record = Assert.Single(f.Output.ReadRecordsToList());
        Assert.Equal("o1@p1", record.Value);
        Assert.Equal("first", record.Headers.Text("v"));
    }

    [Fact]
    public void Grace_RecordOlderThanStreamTimeMinusGrace_JoinsAtOnce()
    {
        using var f = new Fixture(TimeSpan.FromMilliseconds(50));
        f.Prices.PipeInput("k", "p1", 100L);
        f.Prices.PipeInput("k", "p2", 200L);
        f.Orders.PipeInput("k", "o300", 300L);

        f.Orders.PipeInput("k", "late", 150L);

        Assert.Equal(["late@p1"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void Grace_LeftJoin_EmitsBufferedRecordsWithoutATableValue()
    {
        using var f = new Fixture(TimeSpan.FromMilliseconds(50), left: true);
        f.Orders.PipeInput("k", "o1", 100L);
        f.Prices.PipeInput("k", "p1", 120L);

        f.Orders.PipeInput("k", "o2", 200L);

        Assert.Equal(["o1@none"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void Grace_BufferStore_HasKafkasName_AndIsChangeLogged()
    {
        using var f = new Fixture(TimeSpan.FromMilliseconds(50));

        Assert.Contains("Processor: KSTREAM-JOIN-0000000003 (stores: [KSTREAM-JOIN-0000000003-Buffer, prices-store])", f.Topology.Describe().ToString());
        f.Orders.PipeInput("k", "o1", 100L);
        Assert.Contains("topology-test-driver-KSTREAM-JOIN-0000000003-Buffer-changelog", f.Driver.ProducedTopicNames);
    }

    [Fact]
    public void Grace_OnANonVersionedTable_IsRefused()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String));
        var table = builder.Table("prices", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("prices-store"));

        var e = Assert.Throws<TopologyException>(() => stream.Join(table, (o, p) => o + p,
            new Joined<string, string, string>().WithGracePeriod(TimeSpan.FromMilliseconds(10))));
        Assert.Contains("versioned", e.Message);
    }

    [Fact]
    public void Grace_OnAFilterOfAVersionedTable_JoinsAsOfTheRecordsTime()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String));
        var table = builder.Table("prices", Consumed.With(Serdes.String, Serdes.String),
                Materialized.As<string, string>(Stores.PersistentVersionedKeyValueStore("prices-store", History)))
            .Filter((_, price) => price != "hidden");
        stream.Join(table, (o, p) => o + "@" + p, new Joined<string, string, string>().WithGracePeriod(TimeSpan.FromMilliseconds(50)))
            .To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var prices = driver.CreateInputTopic("prices", Serdes.String, Serdes.String);
        var orders = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
        prices.PipeInput("k", "p1", 100L);
        prices.PipeInput("k", "hidden", 200L);
        orders.PipeInput("k", "o150", 150L);
        orders.PipeInput("k", "o250", 250L);

        orders.PipeInput("k", "o400", 400L);

        Assert.Equal(["o150@p1"], driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList());
    }

    [Fact]
    public void Grace_OnAFilterOfANonVersionedTable_IsRefused()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String));
        var table = builder.Table("prices", Consumed.With(Serdes.String, Serdes.String)).Filter((_, _) => true);

        Assert.Throws<TopologyException>(() => stream.Join(table, (o, p) => o + p,
            new Joined<string, string, string>().WithGracePeriod(TimeSpan.FromMilliseconds(10))));
    }

    [Fact]
    public void Grace_LongerThanTheTablesHistoryRetention_IsRefused()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String));
        var table = builder.Table("prices", Consumed.With(Serdes.String, Serdes.String),
            Materialized.As<string, string>(Stores.InMemoryVersionedKeyValueStore("prices-store", History)));

        var e = Assert.Throws<TopologyException>(() => stream.Join(table, (o, p) => o + p,
            new Joined<string, string, string>().WithGracePeriod(History + TimeSpan.FromMilliseconds(1))));
        Assert.Contains("history retention", e.Message);
    }
}
