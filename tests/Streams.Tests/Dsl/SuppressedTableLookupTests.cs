using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// A suppressed table looked up, as Kafka's suppress view: a key the buffer holds answers with what downstream last saw of it
/// (the value before its first held-back update, nothing if it had none), any other key with the table upstream; and what the
/// buffer emits carries the old value a grouping downstream subtracts.
/// </summary>
public class SuppressedTableLookupTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);
    private static readonly Produced<string, string> Out = Produced.With(Serdes.String, Serdes.String);

    private static Suppressed TimeLimit => Suppressed.UntilTimeLimit(Wait, BufferConfig.Unbounded());

    [Fact]
    public void AStreamJoinedWithASuppressedTable_SeesWhatTheTableLastEmitted_NotWhatItHoldsBack()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("t", Strings).Suppress(TimeLimit);
        builder.Stream("s", Strings).LeftJoin(table, (s, t) => s + "+" + (t ?? "none")).To("out", Out);
        using var driver = new TopologyTestDriver(builder.Build());
        var (t, s) = (driver.CreateInputTopic("t", Serdes.String, Serdes.String), driver.CreateInputTopic("s", Serdes.String, Serdes.String));
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        t.PipeInput("a", "v1", 0);        // held back: downstream has seen nothing of "a"
        s.PipeInput("a", "x", 1);
        t.PipeInput("b", "tick", 10_000); // "a" has waited long enough and is emitted
        s.PipeInput("a", "y", 10_001);
        t.PipeInput("a", "v2", 10_002);   // held back again: downstream still knows v1
        s.PipeInput("a", "z", 10_003);
        t.PipeInput("c", "tick", 20_002); // v2 emitted
        s.PipeInput("a", "w", 20_003);
        s.PipeInput("q", "u", 20_004);    // never in the table

        Assert.Equal(["x+none", "y+v1", "z+v1", "w+v2", "u+none"], output.ReadValuesToList());
    }

    [Fact]
    public void ATableJoinedWithASuppressedTable_JoinsWhenTheSuppressedRowIsEmitted_AndLooksUpItsEmittedValue()
    {
        var builder = new StreamsBuilder();
        var right = builder.Table("r", Strings).Suppress(TimeLimit);
        builder.Table("l", Strings).Join(right, (l, r) => l + "+" + r).ToStream().To("out", Out);
        using var driver = new TopologyTestDriver(builder.Build());
        var (l, r) = (driver.CreateInputTopic("l", Serdes.String, Serdes.String), driver.CreateInputTopic("r", Serdes.String, Serdes.String));
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        r.PipeInput("k", "r1", 0);
        l.PipeInput("k", "l1", 1);         // the right row is held back: no join yet
        Assert.Empty(output.ReadValuesToList());

        r.PipeInput("z", "tick", 10_000);  // r1 emitted: it joins the left row
        Assert.Equal(["l1+r1"], output.ReadValuesToList());

        r.PipeInput("k", "r2", 10_001);    // held back
        l.PipeInput("k", "l2", 10_002);    // joins what the right side last emitted
        Assert.Equal(["l2+r1"], output.ReadValuesToList());
    }

    /// <summary>Pipes (key, value, timestamp) into a suppressed table regrouped by value and counted; returns each count's latest.</summary>
    private static Dictionary<string, long> RegroupedCounts(params (string Key, string Value, long Timestamp)[] updates)
    {
        var builder = new StreamsBuilder();
        builder.Table("t", Strings)
            .Suppress(TimeLimit)
            .GroupBy((_, v) => KeyValue.Pair(v, v), Grouped.With(Serdes.String, Serdes.String))
            .Count()
            .ToStream()
            .To("counts", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var t = driver.CreateInputTopic("t", Serdes.String, Serdes.String);
        foreach (var (key, value, timestamp) in updates) t.PipeInput(key, value, timestamp);
        return driver.CreateOutputTopic("counts", Serdes.String, Serdes.Int64).ReadKeyValuesToMap();
    }

    [Fact]
    public void ASuppressedTableRegrouped_SubtractsTheValueItHadEmitted()
    {
        var latest = RegroupedCounts(
            ("a", "x", 0),
            ("tick", "-", 10_000),  // a=x emitted
            ("a", "y", 10_001),
            ("tick", "-", 20_001)); // a=y emitted: x loses a, y gains one

        Assert.Equal((0L, 1L), (latest["x"], latest["y"]));
    }

    [Fact]
    public void ASuppressedTableRegrouped_SubtractsWhatItHadEmitted_WhenTheKeyChangedTwiceWhileHeldBack()
    {
        var latest = RegroupedCounts(
            ("a", "x", 0),
            ("tick", "-", 10_000),  // a=x emitted
            ("a", "y", 10_001),
            ("a", "z", 10_002),     // y is never emitted
            ("tick", "-", 20_001)); // a=z emitted: x loses a, z gains one, y is untouched

        Assert.Equal((0L, 1L, false), (latest["x"], latest["z"], latest.ContainsKey("y")));
    }
}
