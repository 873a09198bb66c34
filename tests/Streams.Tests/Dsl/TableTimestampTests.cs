using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// A table row carries a timestamp, as Kafka's timestamped key-value stores keep it: an aggregate the largest of its records'
/// (KStreamAggregate, KTableAggregate), a table–table join result the later of its two rows' (KTableKTable*JoinTest), with
/// caching on or off; the store's changelog holds the value alone with that timestamp as the record's, queries see values,
/// and the driver reads rows with their timestamps as Kafka's <c>getTimestampedKeyValueStore</c>.
/// </summary>
public class TableTimestampTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    private static List<(string Key, long Value, long Timestamp)> ReadCounts(TestOutputTopic<string, long> output) =>
        output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).ToList();

    private static List<(string Key, string? Value, long Timestamp)> ReadStrings(TestOutputTopic<string, string> output) =>
        output.ReadRecordsToList().Select(r => (r.Key, (string?)r.Value, r.TimestampMs)).ToList();

    [Fact]
    public void Count_Uncached_EachUpdateCarriesTheLargestTimestampSoFar_AndTheChangelogToo()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Strings).GroupByKey().Count(Materialized.As<string, long>("counts").WithCachingDisabled())
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build(), new StreamsConfig { ApplicationId = "ts" });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);
        var changelog = driver.CreateOutputTopic("ts-counts-changelog", Serdes.String, Serdes.Int64);

        input.PipeInput("k", "a", 10);
        input.PipeInput("k", "b", 15);
        input.PipeInput("k", "c", 5); // out of order: the row keeps 15
        input.PipeInput("j", "d", 4);

        Assert.Equal([("k", 1L, 10L), ("k", 2L, 15L), ("k", 3L, 15L), ("j", 1L, 4L)], ReadCounts(output));
        Assert.Equal([("k", 1L, 10L), ("k", 2L, 15L), ("k", 3L, 15L), ("j", 1L, 4L)], ReadCounts(changelog)); // the value alone, the row's time
        Assert.Equal(3L, driver.GetKeyValueStore<string, long>("counts").Get("k")); // queries see the value alone
        var rows = driver.GetTimestampedKeyValueStore<string, long>("counts");
        Assert.Equal(new ValueAndTimestamp<long>(3, 15), rows.Get("k"));
        Assert.Equal([new("j", new ValueAndTimestamp<long>(1, 4)), new("k", new ValueAndTimestamp<long>(3, 15))], rows.All().ToList());
        Assert.False(rows.TryGet("absent", out _));
    }

    [Fact]
    public void Reduce_Cached_AFlushForwardsTheLargestTimestamp_NotTheLastWriters()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Strings).GroupByKey().Reduce((a, b) => a + b, Materialized.As<string, string>("joined"))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { CommitEveryRecord = false });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("k", "a", 20);
        input.PipeInput("k", "b", 8);
        Assert.Equal(new ValueAndTimestamp<string>("ab", 20), driver.GetTimestampedKeyValueStore<string, string>("joined").Get("k")); // from the cache
        driver.Commit();

        Assert.Equal([("k", "ab", 20L)], ReadStrings(output));
    }

    [Fact]
    public void TimestampedRead_OfAStoreWithoutTimestamps_SaysSo()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("plain"), Serdes.String, Serdes.String));
        builder.Stream("in", Strings).Process(() => new NoOp(), Named.As("uses-plain"), "plain");
        using var driver = new TopologyTestDriver(builder.Build());

        var error = Assert.Throws<InvalidOperationException>(() => driver.GetTimestampedKeyValueStore<string, string>("plain"));
        Assert.Contains("keeps no timestamps", error.Message, StringComparison.Ordinal);
    }

    private sealed class NoOp : Pulse.Streams.Processor.IProcessor<string, string, string, string>
    {
        public void Init(Pulse.Streams.Processor.IProcessorContext<string, string> context) { }

        public void Process(Pulse.Streams.Processor.Record<string, string> record) { }
    }

    [Fact]
    public void TableTableJoins_ResultCarriesTheLaterOfTheTwoRowsTimestamps()
    {
        var builder = new StreamsBuilder();
        var left = builder.Table("left", Strings);
        var right = builder.Table("right", Strings);
        left.Join(right, (l, r) => l + "+" + r).ToStream().To("inner", Produced.With(Serdes.String, Serdes.String));
        left.LeftJoin(right, (l, r) => l + "+" + (r ?? "null")).ToStream().To("left-join", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var l = driver.CreateInputTopic("left", Serdes.String, Serdes.String);
        var r = driver.CreateInputTopic("right", Serdes.String, Serdes.String);
        var inner = driver.CreateOutputTopic("inner", Serdes.String, Serdes.String);
        var leftJoin = driver.CreateOutputTopic("left-join", Serdes.String, Serdes.String);

        r.PipeInput("k", "Y0", 0);
        l.PipeInput("k", "X0", 5); // the later row is this one
        r.PipeInput("k", "Y1", 10); // now the right one
        l.PipeInput("k", "X1", 7); // the right row's 10 is still the later
        l.PipeInput("m", "X2", 3); // no right row: the left join's result has the left row's time

        Assert.Equal([("k", "X0+Y0", 5L), ("k", "X0+Y1", 10L), ("k", "X1+Y1", 10L)], ReadStrings(inner));
        Assert.Equal([("k", "X0+Y0", 5L), ("k", "X0+Y1", 10L), ("k", "X1+Y1", 10L), ("m", "X2+null", 3L)], ReadStrings(leftJoin));
    }

    [Fact]
    public void JoinedTable_LookedUpByAnotherJoin_GivesTheLaterOfItsRowsTimestamps()
    {
        var builder = new StreamsBuilder();
        var ab = builder.Table("a", Strings).Join(builder.Table("b", Strings), (a, b) => a + b); // not materialized: looked up through both
        builder.Table("c", Strings).Join(ab, (c, joined) => c + joined).ToStream().To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("k", "A", 7);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", "B", 9);
        output.ReadRecordsToList(); // nothing yet: no c row
        driver.CreateInputTopic("c", Serdes.String, Serdes.String).PipeInput("k", "C", 1);

        Assert.Equal([("k", "CAB", 9L)], ReadStrings(output));
    }

    [Fact]
    public void GroupedTableCount_KeepsTheLargestTimestampOfEachGroupsRows()
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Strings).GroupBy((k, v) => new KeyValue<string, string>(v, k), Grouped.With(Serdes.String, Serdes.String))
            .Count(Materialized.As<string, long>("groups").WithCachingDisabled())
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", "g1", 10);
        input.PipeInput("b", "g1", 5); // g1 keeps 10
        input.PipeInput("a", "g2", 3); // out of g1 (which keeps 10), into the new g2 (3)

        Assert.Equal([("g1", 1L, 10L), ("g1", 2L, 10L), ("g1", 1L, 10L), ("g2", 1L, 3L)], ReadCounts(output));
    }
}
