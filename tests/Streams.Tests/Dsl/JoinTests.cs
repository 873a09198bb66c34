using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class JoinTests
{
    private sealed class Fixture : IDisposable
    {
        public Fixture(Func<IKStream<string, string>, IKTable<string, string>, IKStream<string, string>> join)
        {
            var builder = new StreamsBuilder();
            var stream = builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String));
            var table = builder.Table("customers", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("customers-store"));
            join(stream, table).To("out", Produced.With(Serdes.String, Serdes.String));
            Driver = new TopologyTestDriver(builder.Build());
            Orders = Driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
            Customers = Driver.CreateInputTopic("customers", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        }

        public TopologyTestDriver Driver { get; }
        public TestInputTopic<string, string> Orders { get; }
        public TestInputTopic<string, string> Customers { get; }
        public TestOutputTopic<string, string> Output { get; }

        public void Dispose() => Driver.Dispose();
    }

    [Fact]
    public void StreamTableJoin_JoinsWithCurrentTableValue()
    {
        using var f = new Fixture((s, t) => s.Join(t, (order, customer) => order + "@" + customer));

        f.Customers.PipeInput("c1", "alice", Timestamps.T0);
        f.Orders.PipeInput("c1", "book", Timestamps.T0.AddSeconds(1));

        Assert.Equal(new KeyValue<string, string>("c1", "book@alice"), f.Output.ReadKeyValue());
    }

    [Fact]
    public void StreamTableJoin_MissingTableEntry_DropsRecord()
    {
        using var f = new Fixture((s, t) => s.Join(t, (order, customer) => order + "@" + customer));

        f.Orders.PipeInput("nobody", "book", Timestamps.T0);

        Assert.True(f.Output.IsEmpty);
    }

    [Fact]
    public void StreamTableJoin_TableUpdate_ChangesLaterJoinsOnly()
    {
        using var f = new Fixture((s, t) => s.Join(t, (order, customer) => order + "@" + customer));

        f.Customers.PipeInput("c1", "alice", Timestamps.T0);
        f.Orders.PipeInput("c1", "book", Timestamps.T0.AddSeconds(1));
        f.Customers.PipeInput("c1", "alicia", Timestamps.T0.AddSeconds(2));
        f.Orders.PipeInput("c1", "pen", Timestamps.T0.AddSeconds(3));

        Assert.Equal(["book@alice", "pen@alicia"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void StreamTableJoin_TableUpdatesAlone_EmitNothing()
    {
        using var f = new Fixture((s, t) => s.Join(t, (order, customer) => order + "@" + customer));

        f.Customers.PipeInput("c1", "alice", Timestamps.T0);
        f.Customers.PipeInput("c1", "alicia", Timestamps.T0);

        Assert.True(f.Output.IsEmpty);
    }

    [Fact]
    public void StreamTableJoin_DeletedTableEntry_NoLongerJoins()
    {
        using var f = new Fixture((s, t) => s.Join(t, (order, customer) => order + "@" + customer));

        f.Customers.PipeInput("c1", "alice", Timestamps.T0);
        f.Customers.PipeInput("c1", null!, Timestamps.T0);
        f.Orders.PipeInput("c1", "book", Timestamps.T0);

        Assert.True(f.Output.IsEmpty);
    }

    [Fact]
    public void StreamTableLeftJoin_MissingTableEntry_JoinsWithNull()
    {
        using var f = new Fixture((s, t) => s.LeftJoin(t, (order, customer) => order + "@" + (customer ?? "none")));

        f.Orders.PipeInput("nobody", "book", Timestamps.T0);
        f.Customers.PipeInput("c1", "alice", Timestamps.T0);
        f.Orders.PipeInput("c1", "pen", Timestamps.T0);

        Assert.Equal(["book@none", "pen@alice"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void StreamTableJoin_OutputKeepsStreamRecordTimestampAndHeaders()
    {
        using var f = new Fixture((s, t) => s.Join(t, (order, customer) => order + "@" + customer));

        f.Customers.PipeInput("c1", "alice", Timestamps.T0);
        f.Orders.PipeInput(new TestRecord<string, string>("c1", "book", Timestamps.T0.AddMinutes(5), TestHeaders.Of(("h", "o"))));

        var record = f.Output.ReadRecord();
        Assert.Equal(Timestamps.T0.AddMinutes(5), record.Timestamp);
        Assert.Equal("o", record.Headers.Text("h"));
    }

    [Fact]
    public void StreamTableJoin_AfterKeyChange_RepartitionsStreamSide()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("customers", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("customers-store"));
        builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String))
            .SelectKey((_, v) => v.Split(':')[0])
            .Join(table, (order, customer) => order + "@" + customer, new Joined<string, string, string>(Serdes.String, Serdes.String, Serdes.String, "order-join"))
            .To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("customers", Serdes.String, Serdes.String).PipeInput("c1", "alice", Timestamps.T0);

        driver.CreateInputTopic("orders", Serdes.String, Serdes.String).PipeInput("o1", "c1:book", Timestamps.T0);

        Assert.Contains("topology-test-driver-order-join-left-repartition", driver.ProducedTopicNames);
        Assert.Equal(new KeyValue<string, string>("c1", "c1:book@alice"), driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadKeyValue());
    }

    [Fact]
    public void StreamTableJoin_WithFilteredTable_SeesOnlyRowsThatPassTheFilter()
    {
        using var f = new Fixture((s, t) => s.Join(t.Filter((_, v) => v != "banned"), (order, customer) => order + "@" + customer));

        f.Customers.PipeInput("c1", "alice", Timestamps.T0);
        f.Customers.PipeInput("c2", "banned", Timestamps.T0);
        f.Orders.PipeInput("c1", "book", Timestamps.T0);
        f.Orders.PipeInput("c2", "pen", Timestamps.T0);

        Assert.Equal(["book@alice"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void StreamTableJoin_WithMappedTable_SeesMappedValues()
    {
        using var f = new Fixture((s, t) => s.Join(t.MapValues(v => v.ToUpperInvariant()), (order, customer) => order + "@" + customer));

        f.Customers.PipeInput("c1", "alice", Timestamps.T0);
        f.Orders.PipeInput("c1", "book", Timestamps.T0);

        Assert.Equal("book@ALICE", f.Output.ReadValue());
    }

    private sealed class GlobalFixture : IDisposable
    {
        public GlobalFixture(Func<IKStream<string, string>, IGlobalKTable<string, string>, IKStream<string, string>> join)
        {
            var builder = new StreamsBuilder();
            var global = builder.GlobalTable("products", Consumed.With(Serdes.String, Serdes.String), Materialized.As<string, string>("products-store"));
            join(builder.Stream("orders", Consumed.With(Serdes.String, Serdes.String)), global).To("out", Produced.With(Serdes.String, Serdes.String));
            Driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { Partitions = 3 });
            Orders = Driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
            Products = Driver.CreateInputTopic("products", Serdes.String, Serdes.String);
            Output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        }

        public TopologyTestDriver Driver { get; }
        public TestInputTopic<string, string> Orders { get; }
        public TestInputTopic<string, string> Products { get; }
        public TestOutputTopic<string, string> Output { get; }

        public void Dispose() => Driver.Dispose();
    }

    [Fact]
    public void GlobalTableJoin_UsesKeySelectorToFindRow_FromEveryPartition()
    {
        using var f = new GlobalFixture((s, g) => s.Join(g, (_, v) => v.Split(':')[0], (order, product) => order + "=" + product));

        f.Products.PipeInput("p1", "pen", Timestamps.T0);
        f.Products.PipeInput("p2", "book", Timestamps.T0);
        foreach (var orderId in new[] { "o1", "o2", "o3", "o4", "o5" }) f.Orders.PipeInput(orderId, "p1:1", Timestamps.T0);
        f.Orders.PipeInput("o6", "p2:3", Timestamps.T0);

        var results = f.Output.ReadKeyValuesToList();
        Assert.Equal(6, results.Count);
        Assert.Equal(new KeyValue<string, string>("o6", "p2:3=book"), results[^1]);
        Assert.All(results.Take(5), r => Assert.Equal("p1:1=pen", r.Value));
    }

    [Fact]
    public void GlobalTableJoin_MissingRow_DropsRecord()
    {
        using var f = new GlobalFixture((s, g) => s.Join(g, (_, v) => v, (order, product) => order + "=" + product));

        f.Orders.PipeInput("o1", "unknown", Timestamps.T0);

        Assert.True(f.Output.IsEmpty);
    }

    [Fact]
    public void GlobalTableLeftJoin_MissingRow_JoinsWithNull()
    {
        using var f = new GlobalFixture((s, g) => s.LeftJoin(g, (_, v) => v, (order, product) => order + "=" + (product ?? "?")));

        f.Products.PipeInput("p1", "pen", Timestamps.T0);
        f.Orders.PipeInput("o1", "unknown", Timestamps.T0);
        f.Orders.PipeInput("o2", "p1", Timestamps.T0);

        Assert.Equal(["unknown=?", "p1=pen"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void GlobalTableJoin_RowUpdate_ChangesLaterJoins()
    {
        using var f = new GlobalFixture((s, g) => s.Join(g, (_, v) => v, (order, product) => order + "=" + product));

        f.Products.PipeInput("p1", "pen", Timestamps.T0);
        f.Orders.PipeInput("o1", "p1", Timestamps.T0);
        f.Products.PipeInput("p1", "fountain pen", Timestamps.T0);
        f.Orders.PipeInput("o2", "p1", Timestamps.T0);
        f.Products.PipeInput("p1", null!, Timestamps.T0);
        f.Orders.PipeInput("o3", "p1", Timestamps.T0);

        Assert.Equal(["p1=pen", "p1=fountain pen"], f.Output.ReadValuesToList());
    }

    [Fact]
    public void GlobalTable_IsQueryableFromDriver()
    {
        using var f = new GlobalFixture((s, g) => s.Join(g, (_, v) => v, (order, product) => order + "=" + product));

        f.Products.PipeInput("p1", "pen", Timestamps.T0);

        Assert.Equal("pen", f.Driver.GetKeyValueStore<string, string>("products-store").Get("p1"));
    }

    [Fact]
    public void StreamTableLeftJoin_NullKeyWithAValue_IsJoinedWithNoTableValue_WhileTheInnerJoinDropsIt()
    {
        // KIP-962: the left join keeps a keyless record (the table has nothing for it); a null value is dropped by both.
        using var left = new Fixture((s, t) => s.LeftJoin(t, (order, customer) => order + "@" + (customer ?? "?")));
        using var inner = new Fixture((s, t) => s.Join(t, (order, customer) => order + "@" + customer));

        foreach (var f in new[] { left, inner })
        {
            f.Customers.PipeInput("c1", "alice", Timestamps.T0);
            f.Orders.PipeInput(null!, "book", Timestamps.T0.AddSeconds(1));
            f.Orders.PipeInput("c1", null!, Timestamps.T0.AddSeconds(2));
            f.Orders.PipeInput("c1", "pen", Timestamps.T0.AddSeconds(3));
        }

        Assert.Equal(["book@?", "pen@alice"], left.Output.ReadValuesToList());
        Assert.Equal(["pen@alice"], inner.Output.ReadValuesToList());
    }

    [Fact]
    public void GlobalTableLeftJoin_KeySelectorReturnsNull_DropsTheRecord()
    {
        using var f = new GlobalFixture((s, g) => s.LeftJoin(g, (_, v) => v == "none" ? null! : v, (order, product) => order + "=" + (product ?? "?")));

        f.Products.PipeInput("p1", "pen", Timestamps.T0);
        f.Orders.PipeInput("o1", "none", Timestamps.T0);
        f.Orders.PipeInput("o2", "p9", Timestamps.T0);

        Assert.Equal(["p9=?"], f.Output.ReadValuesToList());
    }
}
