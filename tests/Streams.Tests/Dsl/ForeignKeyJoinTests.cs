using System.Text;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// Foreign-key table–table joins, through the driver: orders (order → "customer|item") joined with customers (customer →
/// name) on the customer, against what Kafka's foreign-key join scenario and integration tests assert.
/// </summary>
public class ForeignKeyJoinTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    private sealed record Run(TopologyTestDriver Driver, TestInputTopic<string, string> Orders, TestInputTopic<string, string> Customers,
        TestOutputTopic<string, string> Output) : IDisposable
    {
        private long _time = Timestamps.T0Ms;

        public void Order(string id, string? value) => Orders.PipeInput(id, value!, _time++);

        public void Customer(string id, string? name) => Customers.PipeInput(id, name!, _time++);

        public void Dispose() => Driver.Dispose();
    }

    /// <summary>The customer an order refers to: the part before '|', or null when the value has none.</summary>
    private static string? CustomerOf(string order) => order.Contains('|') ? order[..order.IndexOf('|')] : null;

    private static string ItemOf(string order) => order[(order.IndexOf('|') + 1)..];

    private static Run Drive(Func<IKTable<string, string>, IKTable<string, string>, IKTable<string, string>> join, int partitions = 1)
    {
        var builder = new StreamsBuilder();
        join(builder.Table("orders", Strings), builder.Table("customers", Strings)).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { Partitions = partitions });
        return new Run(driver, driver.CreateInputTopic("orders", Serdes.String, Serdes.String),
            driver.CreateInputTopic("customers", Serdes.String, Serdes.String), driver.CreateOutputTopic("out", Serdes.String, Serdes.String));
    }

    private static Run Inner(int partitions = 1) =>
        Drive((orders, customers) => orders.Join(customers, CustomerOf, (o, name) => $"{ItemOf(o)} for {name}"), partitions);

    private static Run Left(int partitions = 1) =>
        Drive((orders, customers) => orders.LeftJoin(customers, CustomerOf, (o, name) => $"{ItemOf(o)} for {name ?? "nobody"}"), partitions);

    private static KeyValue<string, string> KV(string key, string? value) => new(key, value!);

    [Fact]
    public void InnerJoin_EmitsOnceTheReferencedRowExists_AndFollowsUpdatesOfTheLeftRow()
    {
        using var run = Inner();

        run.Order("o1", "c1|book");
        Assert.True(run.Output.IsEmpty); // no customer yet
        run.Customer("c1", "Ann");
        run.Order("o1", "c1|pen");

        Assert.Equal([KV("o1", "book for Ann"), KV("o1", "pen for Ann")], run.Output.ReadKeyValuesToList());
    }

    [Fact]
    public void LeftJoin_EmitsForEveryLeftRow_WithNoRightRowAsNull()
    {
        using var run = Left();

        run.Order("o1", "c1|book");
        run.Customer("c1", "Ann");

        Assert.Equal([KV("o1", "book for nobody"), KV("o1", "book for Ann")], run.Output.ReadKeyValuesToList());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void RightUpdate_FansOutToEveryRowReferringToIt_AndOnlyThose(int partitions)
    {
        using var run = Inner(partitions);
        run.Customer("c1", "Ann");
        run.Customer("c2", "Bob");
        foreach (var (order, customer) in new[] { ("o1", "c1"), ("o2", "c1"), ("o3", "c1"), ("o4", "c2") }) run.Order(order, $"{customer}|{order}-item");
        run.Output.ReadKeyValuesToList();

        run.Customer("c1", "Anne");

        var fanned = run.Output.ReadKeyValuesToList();
        Assert.Equal(["o1", "o2", "o3"], fanned.Select(kv => kv.Key).Order());
        Assert.All(fanned, kv => Assert.EndsWith("for Anne", kv.Value));
    }

    [Fact]
    public void ForeignKeyChange_UnsubscribesTheOldKey_SoItsUpdatesNoLongerReachTheRow()
    {
        using var run = Inner();
        run.Customer("c1", "Ann");
        run.Customer("c2", "Bob");
        run.Order("o1", "c1|book");

        run.Order("o1", "c2|book");
        run.Customer("c1", "Anne"); // o1 left c1: nothing
        run.Customer("c2", "Bobby");

        Assert.Equal([KV("o1", "book for Ann"), KV("o1", "book for Bob"), KV("o1", "book for Bobby")], run.Output.ReadKeyValuesToList());
    }

    [Fact]
    public void InnerJoin_ForeignKeyChangeToAMissingRow_DeletesTheResult()
    {
        using var run = Inner();
        run.Customer("c1", "Ann");
        run.Order("o1", "c1|book");

        run.Order("o1", "c9|book");
        run.Customer("c9", "Zed");

        Assert.Equal([KV("o1", "book for Ann"), KV("o1", null), KV("o1", "book for Zed")], run.Output.ReadKeyValuesToList());
    }

    [Fact]
    public void LeftDelete_DeletesTheResult_InBothJoins_AndADeleteOfNothingEmitsNothing()
    {
        foreach (var run in new[] { Inner(), Left() })
            using (run)
            {
                run.Customer("c1", "Ann");
                run.Order("o1", "c1|book");
                run.Order("o1", null);
                run.Order("never", null);
                run.Customer("c1", "Anne"); // no subscriber left

                Assert.Equal([KV("o1", "book for Ann"), KV("o1", null)], run.Output.ReadKeyValuesToList());
            }
    }

    [Fact]
    public void RightDelete_InnerJoinEmitsATombstonePerSubscriber_LeftJoinJoinsWithNull()
    {
        using (var inner = Inner())
        {
            inner.Customer("c1", "Ann");
            inner.Order("o1", "c1|book");
            inner.Order("o2", "c1|pen");
            inner.Output.ReadKeyValuesToList();

            inner.Customer("c1", null);

            Assert.Equal([KV("o1", null), KV("o2", null)], inner.Output.ReadKeyValuesToList().OrderBy(kv => kv.Key));
        }
        using var left = Left();
        left.Customer("c1", "Ann");
        left.Order("o1", "c1|book");
        left.Output.ReadKeyValuesToList();

        left.Customer("c1", null);

        Assert.Equal([KV("o1", "book for nobody")], left.Output.ReadKeyValuesToList());
    }

    [Fact]
    public void NullForeignKey_InnerJoinDropsTheRowAndDeletesItsResult_LeftJoinJoinsWithNull()
    {
        using (var inner = Inner())
        {
            inner.Customer("c1", "Ann");
            inner.Order("o0", "no customer");
            inner.Order("o1", "c1|book");
            inner.Order("o1", "no customer any more");

            Assert.Equal([KV("o1", "book for Ann"), KV("o1", null)], inner.Output.ReadKeyValuesToList());
            Assert.Equal(2, inner.Driver.Metrics.DroppedRecords); // both rows without a foreign key
        }
        using var left = Left();
        left.Customer("c1", "Ann");
        left.Order("o1", "c1|book");
        left.Order("o1", "no customer");
        left.Customer("c1", "Anne"); // o1 left c1: nothing

        Assert.Equal([KV("o1", "book for Ann"), KV("o1", "no customer for nobody")], left.Output.ReadKeyValuesToList());
    }

    [Fact]
    public void MaterializedResult_IsQueryable_AndHoldsTheLatestJoinedRows()
    {
        var builder = new StreamsBuilder();
        var joined = builder.Table("orders", Strings).Join(builder.Table("customers", Strings), (id, o) => id == "skip" ? null : CustomerOf(o),
            (o, name) => $"{ItemOf(o)} for {name}", materialized: Materialized.As<string, string>("enriched").WithValueSerde(Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var (orders, customers) = (driver.CreateInputTopic("orders", Serdes.String, Serdes.String), driver.CreateInputTopic("customers", Serdes.String, Serdes.String));

        customers.PipeInput("c1", "Ann", Timestamps.T0);
        orders.PipeInput("o1", "c1|book", Timestamps.T0);
        orders.PipeInput("o2", "c1|pen", Timestamps.T0);
        orders.PipeInput("skip", "c1|cup", Timestamps.T0); // the key-and-value extractor gives it no customer
        customers.PipeInput("c1", "Anne", Timestamps.T0);
        orders.PipeInput("o2", null!, Timestamps.T0);

        var store = driver.GetKeyValueStore<string, string>("enriched");
        Assert.Equal("enriched", joined.QueryableStoreName);
        Assert.Equal([new("o1", "book for Anne")], store.All().ToList());
    }

    [Fact]
    public void JoinedResult_LookedUpByALaterJoin_IsMaterializedOnDemand()
    {
        var builder = new StreamsBuilder();
        var enriched = builder.Table("orders", Strings).LeftJoin(builder.Table("customers", Strings), CustomerOf, (o, name) => $"{ItemOf(o)} for {name ?? "nobody"}",
            materialized: Materialized.With<string, string>(null, Serdes.String)); // serdes only: no store unless looked up
        builder.Table("shipments", Strings).Join(enriched, (shipment, order) => $"{order}, {shipment}")
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var (orders, customers, shipments) = (driver.CreateInputTopic("orders", Serdes.String, Serdes.String),
            driver.CreateInputTopic("customers", Serdes.String, Serdes.String), driver.CreateInputTopic("shipments", Serdes.String, Serdes.String));
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        orders.PipeInput("o1", "c1|book", Timestamps.T0);
        customers.PipeInput("c1", "Ann", Timestamps.T0);
        shipments.PipeInput("o1", "shipped", Timestamps.T0); // looks the joined order up
        customers.PipeInput("c1", "Anne", Timestamps.T0);

        Assert.Equal([KV("o1", "book for Ann, shipped"), KV("o1", "book for Anne, shipped")], output.ReadKeyValuesToList());
        Assert.Contains("Processor: KTABLE-FK-JOIN-OUTPUT-0000000018 (stores: [KTABLE-FK-JOIN-OUTPUT-STATE-STORE-0000000019])",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void TableJoinedPartitioners_FindRowsOfTablesThatAreNotPartitionedByTheDefaultPartitioner()
    {
        static int ByLastDigit(string key) => (key[^1] - '0') % 3;
        StreamPartitioner<string, object?> partitioner = (_, key, _, partitions) => ByLastDigit(key) % partitions;
        var misplaced = Enumerable.Range(1, 9).Count(i => Murmur2.Partition(Encoding.UTF8.GetBytes($"c{i}"), 3) != ByLastDigit($"c{i}"));
        Assert.InRange(misplaced, 1, 9); // else the default partitioner would find them all anyway

        foreach (var tableJoined in new[] { TableJoined.With(partitioner, partitioner), null })
        {
            var builder = new StreamsBuilder();
            builder.Table("orders", Strings).Join(builder.Table("customers", Strings), CustomerOf, (o, name) => $"{ItemOf(o)} for {name}", tableJoined)
                .ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
            using var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { Partitions = 3 });
            var (orders, customers) = (driver.CreateInputTopic("orders", Serdes.String, Serdes.String), driver.CreateInputTopic("customers", Serdes.String, Serdes.String));
            var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

            foreach (var i in Enumerable.Range(1, 9))
            {
                customers.PipeInput(new TestRecord<string, string>($"c{i}", $"name{i}", Timestamps.T0, Partition: ByLastDigit($"c{i}")));
                orders.PipeInput(new TestRecord<string, string>($"o{i}", $"c{i}|item{i}", Timestamps.T0, Partition: ByLastDigit($"o{i}")));
            }

            Assert.Equal(tableJoined is null ? 9 - misplaced : 9, output.ReadKeyValuesToList().Count);
        }
    }
}
