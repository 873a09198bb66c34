using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Dsl;

public class SmokeTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    [Fact]
    public void FilterThenMapValues_WritesTransformedRecords()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.Int32))
            .Filter((_, v) => v > 1)
            .MapValues(v => v * 10L)
            .To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", 1, T0);
        input.PipeInput("b", 2, T0);

        Assert.Equal([new KeyValue<string, long>("b", 20)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void GroupByKeyCount_EmitsRunningCounts()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .Count(Materialized.As<string, long>("counts"))
            .ToStream()
            .To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", "x", T0);
        input.PipeInput("a", "y", T0);
        input.PipeInput("b", "z", T0);

        Assert.Equal([new("a", 1), new("a", 2), new KeyValue<string, long>("b", 1)], output.ReadKeyValuesToList());
        Assert.Equal(2, driver.GetKeyValueStore<string, long>("counts").Get("a"));
        Assert.Contains("topology-test-driver-counts-changelog", driver.ProducedTopicNames);
    }

    [Fact]
    public void WindowedCount_SuppressedUntilClose_EmitsFinalOnce()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)))
            .Count()
            .Suppress(Suppressed.UntilWindowCloses())
            .ToStream()
            .To("out");
        var config = new StreamsConfig { DefaultKeySerde = Serdes.String };
        using var driver = new TopologyTestDriver(builder.Build(), config);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(1)), Serdes.Int64);

        input.PipeInput("a", "1", 0);
        input.PipeInput("a", "2", 30_000);
        input.PipeInput("a", "3", 65_000);
        Assert.True(output.IsEmpty);
        input.PipeInput("a", "4", 70_000);

        var result = output.ReadKeyValuesToList();
        Assert.Single(result);
        Assert.Equal(2, result[0].Value);
        Assert.Equal(new Window(0, 60_000), result[0].Key.Window);
    }

    [Fact]
    public void WindowedOutput_WithOnlyDefaultSerdes_UsesWindowedDefaultKeySerde()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1)))
            .Count()
            .ToStream()
            .To("out");
        var config = new StreamsConfig { DefaultKeySerde = Serdes.String, DefaultValueSerde = Serdes.String };
        using var driver = new TopologyTestDriver(builder.Build(), config);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(1)), Serdes.Int64);

        input.PipeInput("a", "1", 61_000);

        var record = output.ReadKeyValue();
        Assert.Equal(new Windowed<string>("a", new Window(60_000, 120_000)), record.Key);
        Assert.Equal(1, record.Value);
    }
}
