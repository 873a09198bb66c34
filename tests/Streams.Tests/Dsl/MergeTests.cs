using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class MergeTests
{
    [Fact]
    public void Merge_ForwardsRecordsOfBothStreams_InArrivalOrder()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream("left", Consumed.With(Serdes.String, Serdes.String));
        var right = builder.Stream("right", Consumed.With(Serdes.String, Serdes.String));
        left.Merge(right).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var l = driver.CreateInputTopic("left", Serdes.String, Serdes.String);
        var r = driver.CreateInputTopic("right", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        l.PipeInput("a", "l1", Timestamps.T0);
        r.PipeInput("b", "r1", Timestamps.T0.AddSeconds(1));
        l.PipeInput("c", "l2", Timestamps.T0.AddSeconds(2));

        Assert.Equal([new("a", "l1"), new("b", "r1"), new KeyValue<string, string>("c", "l2")], output.ReadKeyValuesToList());
    }

    [Fact]
    public void Merge_OfTwoBranchesOfOneStream_SeesEachRecordOnce()
    {
        var builder = new StreamsBuilder();
        var source = builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int32));
        var evens = source.Filter((_, v) => v % 2 == 0).MapValues(v => v * 10);
        var odds = source.Filter((_, v) => v % 2 != 0);
        evens.Merge(odds, Named.As("merged")).To("out", Produced.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        input.PipeInput("a", 1, Timestamps.T0);
        input.PipeInput("b", 2, Timestamps.T0);

        Assert.Equal([1, 20], output.ReadValuesToList());
    }

    [Fact]
    public void Merge_KeepsTimestamps()
    {
        var builder = new StreamsBuilder();
        builder.Stream("a", Consumed.With(Serdes.String, Serdes.String)).Merge(builder.Stream("b", Consumed.With(Serdes.String, Serdes.String))).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var b = driver.CreateInputTopic("b", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        b.PipeInput("k", "v", Timestamps.T0.AddMinutes(3));

        Assert.Equal(Timestamps.T0.AddMinutes(3), output.ReadRecord().Timestamp);
    }
}
