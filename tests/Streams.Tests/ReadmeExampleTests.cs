using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests;

/// <summary>The README's example, kept compiling and true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_EmitsOneFinalCountPerWindow()
    {
        var builder = new StreamsBuilder();
        builder.Stream("readings", Consumed.With(Serdes.String, Serdes.Double))
            .Filter((_, v) => v > 0)
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)))
            .Count(Materialized.As<string, long>("counts-per-minute"))
            .Suppress(Suppressed.UntilWindowCloses())
            .ToStream()
            .To("counts", Produced.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(1)), Serdes.Int64));
        Topology topology = builder.Build();
        Assert.Contains("counts-per-minute", topology.Describe().ToString(), StringComparison.Ordinal);

        using var driver = new TopologyTestDriver(topology, new StreamsConfig { ApplicationId = "demo" });
        var input = driver.CreateInputTopic("readings", Serdes.String, Serdes.Double);
        var output = driver.CreateOutputTopic("counts", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(1)), Serdes.Int64);

        input.PipeInput("patient-1", 72.0, timestampMs: 0);
        input.PipeInput("patient-1", 75.0, timestampMs: 30_000);
        input.PipeInput("patient-1", 74.0, timestampMs: 71_000);
        var final = output.ReadKeyValue();

        Assert.Equal(new Windowed<string>("patient-1", new Window(0, 60_000)), final.Key);
        Assert.Equal(2, final.Value);
        Assert.True(output.IsEmpty);
    }
}
