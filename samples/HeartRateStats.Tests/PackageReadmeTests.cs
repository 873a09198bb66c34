using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace HeartRateStats.Tests;

/// <summary>The packages' READMEs (src/Streams/README.md, src/Streams.Testing/README.md), run against the packages.</summary>
public class PackageReadmeTests
{
    [Fact]
    public void The_topology_and_its_unit_test()
    {
        var builder = new StreamsBuilder();
        builder.Stream("readings", Consumed.With(Serdes.String, Serdes.Double))
            .Filter((_, v) => v > 0)
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)))
            .Count(Materialized.As<string, long>("counts-per-minute"))
            .Suppress(Suppressed.UntilWindowCloses())          // one final result per window
            .ToStream()
            .To("counts", Produced.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(1)), Serdes.Int64));
        Topology topology = builder.Build();
        Assert.Contains("counts-per-minute", topology.Describe().ToString(), StringComparison.Ordinal);

        using var driver = new TopologyTestDriver(topology, new StreamsConfig { ApplicationId = "demo" });
        var input = driver.CreateInputTopic("readings", Serdes.String, Serdes.Double);
        var output = driver.CreateOutputTopic("counts", WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(1)), Serdes.Int64);

        input.PipeInput("patient-1", 72.0, timestampMs: 0);
        input.PipeInput("patient-1", 75.0, timestampMs: 30_000);
        input.PipeInput("patient-1", 74.0, timestampMs: 71_000); // stream time passes 60 s + 10 s grace
        var final = output.ReadKeyValue();                        // [patient-1@0/60000] = 2

        Assert.Equal(new Windowed<string>("patient-1", new Window(0, 60_000)), final.Key);
        Assert.Equal(2, final.Value);
    }

    [Fact]
    public void An_embedded_broker()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 3);   // librdkafka's mock cluster, from the packages' native library
        cluster.CreateTopic("readings", 6);
        var config = new StreamsConfig
        {
            ApplicationId = "readings-per-minute",
            BootstrapServers = cluster.BootstrapServers,
            TopicCreator = cluster.TopicCreator,
        };

        Assert.False(string.IsNullOrEmpty(config.BootstrapServers));
        Assert.Equal(3, cluster.BrokerCount);
    }
}
