using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class SourceTests
{
    [Fact]
    public void Stream_OfSeveralTopics_ReadsAllOfThem()
    {
        var builder = new StreamsBuilder();
        builder.Stream(["a", "b"], Consumed.With(Serdes.String, Serdes.String)).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("k", "from-a", Timestamps.T0);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", "from-b", Timestamps.T0);

        Assert.Equal(["from-a", "from-b"], output.ReadValuesToList());
    }

    [Fact]
    public void TopicReadTwice_IsRejected()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String));

        Assert.Throws<Pulse.Streams.Errors.TopologyException>(() => builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)));
    }

    [Fact]
    public void TimestampExtractor_SetsEventTimeOfRecords()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int64).WithTimestampExtractor((_, v, _, _) => v)).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("k", 5_000L, Timestamps.T0);

        Assert.Equal(5_000L, output.ReadRecord().TimestampMs);
    }

    [Fact]
    public void TimestampExtractor_SeesPartitionTimeOfEarlierRecords()
    {
        var partitionTimes = new List<long>();
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String).WithTimestampExtractor((_, _, ts, partitionTime) =>
        {
            partitionTimes.Add(partitionTime);
            return ts;
        })).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "v", 2_000);
        input.PipeInput("k", "v", 1_000);
        input.PipeInput("k", "v", 3_000);

        Assert.Equal([-1L, 2_000L, 2_000L], partitionTimes);
    }

    [Fact]
    public void NegativeExtractedTimestamp_DropsRecordAndCountsIt()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int64).WithTimestampExtractor((_, v, _, _) => v)).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("k", -1L, Timestamps.T0);
        input.PipeInput("k", 7L, Timestamps.T0);

        Assert.Equal([7L], output.ReadValuesToList());
        Assert.Equal(1, driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void ConsumedWithName_NamesTheSourceNode()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String).WithName("orders-source")).To("out");

        Assert.Contains("Source: orders-source (topics: [in])", builder.Build().Describe().ToString(), StringComparison.Ordinal);
    }
}
