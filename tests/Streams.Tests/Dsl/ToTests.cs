using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Dsl;

public class ToTests
{
    [Fact]
    public void To_FixedTopic_WritesEveryRecordWithTimestampAndHeaders()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("k", "v", Timestamps.T0.AddSeconds(9), TestHeaders.Of(("h", "1"))));

        var record = output.ReadRecord();
        Assert.Equal(("k", "v"), (record.Key, record.Value));
        Assert.Equal(Timestamps.T0.AddSeconds(9), record.Timestamp);
        Assert.Equal("1", record.Headers.Text("h"));
        Assert.Equal(["out"], driver.ProducedTopicNames);
    }

    [Fact]
    public void To_WithoutSerdes_UsesStreamSerdesFromConsumed()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int64)).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("k", 42L, Timestamps.T0);

        Assert.Equal(42L, output.ReadValue());
    }

    [Fact]
    public void To_WithoutAnySerde_UsesConfiguredDefaults()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").MapValues(v => v + "!").To("out");
        var config = new StreamsConfig { DefaultKeySerde = Serdes.String, DefaultValueSerde = Serdes.String };
        using var driver = new TopologyTestDriver(builder.Build(), config);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("k", "abc", Timestamps.T0);

        Assert.Equal("abc!", output.ReadValue());
    }

    [Fact]
    public void To_DefaultSerdeOfWrongType_FailsAtStartNamingTheSinkAndType()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").MapValues(v => v.Length).To("out", new Produced<string, int>().WithName("int-sink"));
        var config = new StreamsConfig { DefaultKeySerde = Serdes.String, DefaultValueSerde = Serdes.String };

        var ex = Assert.Throws<StreamsConfigException>(() => new TopologyTestDriver(builder.Build(), config));
        Assert.Contains("int-sink", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void To_ProducedSerdes_OverrideStreamSerdes()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).MapValues(v => v.Length).To("out", Produced.With(Serdes.String, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        input.PipeInput("k", "abcd", Timestamps.T0);

        Assert.Equal(4, output.ReadValue());
    }

    [Fact]
    public void To_TopicNameExtractor_ChoosesTopicPerRecord_AndSeesSourceMetadata()
    {
        var sources = new List<string?>();
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To((k, v, meta) =>
        {
            sources.Add(meta?.Topic);
            return "out-" + k;
        });
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);
        input.PipeInput("a", "3", Timestamps.T0);

        Assert.Equal(["1", "3"], driver.CreateOutputTopic("out-a", Serdes.String, Serdes.String).ReadValuesToList());
        Assert.Equal(["2"], driver.CreateOutputTopic("out-b", Serdes.String, Serdes.String).ReadValuesToList());
        Assert.Equal(["in", "in", "in"], sources);
    }

    [Fact]
    public void To_WithoutPartitioner_SpreadsByKeyLikeTheProducer()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To("out");
        using var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { Partitions = 3 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        foreach (var key in new[] { "a", "b", "c", "d", "e", "f", "a" }) input.PipeInput(key, key, Timestamps.T0);

        var records = output.ReadRecordsToList();
        var partitionOf = records.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Select(r => r.Partition).Distinct().Single());
        Assert.True(partitionOf.Values.Distinct().Count() > 1, "keys should land on more than one of 3 partitions");
        Assert.All(records, r => Assert.InRange(r.Partition!.Value, 0, 2));
    }

    [Fact]
    public void To_WithPartitioner_WritesToChosenPartition()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int32))
            .To("out", Produced.With(Serdes.String, Serdes.Int32).WithPartitioner((topic, _, v, n) => v % n));
        using var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { Partitions = 3 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int32);

        for (var i = 0; i < 6; i++) input.PipeInput("same-key", i, Timestamps.T0);

        var records = output.ReadRecordsToList();
        Assert.Equal([0, 1, 2, 0, 1, 2], records.Select(r => r.Partition!.Value));
        Assert.All(records, r => Assert.Equal(r.Value % 3, r.Partition));
    }

    [Fact]
    public void To_PartitionerReturningNull_FallsBackToKeyHash()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To("out", Produced.With(Serdes.String, Serdes.String).WithPartitioner((_, _, _, _) => null));
        builder.Stream("in2", Consumed.With(Serdes.String, Serdes.String)).To("out2");
        using var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { Partitions = 3 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var input2 = driver.CreateInputTopic("in2", Serdes.String, Serdes.String);

        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            input.PipeInput(key, key, Timestamps.T0);
            input2.PipeInput(key, key, Timestamps.T0);
        }

        Assert.Equal(driver.CreateOutputTopic("out2", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => r.Partition),
            driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => r.Partition));
    }

    [Fact]
    public void To_PartitionerOutOfRange_Fails()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To("out", Produced.With(Serdes.String, Serdes.String).WithPartitioner((_, _, _, n) => n));
        using var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { Partitions = 3 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        var ex = Assert.Throws<StreamsException>(() => input.PipeInput("k", "v", Timestamps.T0));
        Assert.Contains("partition 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void To_NamedSink_UsesProducedName()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To("out", new Produced<string, string>().WithName("my-sink"));

        Assert.Contains("Sink: my-sink (topic: out)", builder.Build().Describe().ToString(), StringComparison.Ordinal);
    }
}
