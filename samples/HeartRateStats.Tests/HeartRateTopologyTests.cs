using Pulse.Streams;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace HeartRateStats.Tests;

public class HeartRateTopologyTests
{
    private static readonly DateTimeOffset Minute0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Emits_one_summary_per_patient_and_minute_once_the_minute_closes()
    {
        using var driver = new TopologyTestDriver(HeartRateTopology.Build(), new StreamsConfig { ApplicationId = "heart-rate-stats" });
        var input = driver.CreateInputTopic(HeartRateTopology.InputTopic, Serdes.String, Serdes.Double);
        var output = driver.CreateOutputTopic(HeartRateTopology.OutputTopic, Serdes.String, HeartRateTopology.SummarySerde);

        input.PipeInput("P-1", 70, Minute0);
        input.PipeInput("P-2", 60, Minute0.AddSeconds(10));
        input.PipeInput("P-1", 90, Minute0.AddSeconds(20));
        input.PipeInput("P-1", 400, Minute0.AddSeconds(30));   // implausible: filtered out
        input.PipeInput("P-1", 80, Minute0.AddSeconds(40));
        input.PipeInput("P-2", 64, Minute0.AddSeconds(65));    // the next minute; the first is still in its grace period
        Assert.True(output.IsEmpty);

        input.PipeInput("P-2", 66, Minute0.AddSeconds(71));    // stream time passes 60 s + 10 s grace: the first minute closes
        var summaries = output.ReadKeyValuesToMap();

        Assert.Equal(2, summaries.Count);
        Assert.Equal(new HeartRateSummary(Minute0, Count: 3, Min: 70, Max: 90, Mean: 80), summaries["P-1"]);
        Assert.Equal(new HeartRateSummary(Minute0, Count: 1, Min: 60, Max: 60, Mean: 60), summaries["P-2"]);
        Assert.Contains(HeartRateTopology.StoreName, driver.GetAllStateStores().Keys);
    }

    [Fact]
    public void A_reading_for_a_closed_minute_is_dropped_and_counted()
    {
        using var driver = new TopologyTestDriver(HeartRateTopology.Build(), new StreamsConfig { ApplicationId = "heart-rate-stats" });
        var input = driver.CreateInputTopic(HeartRateTopology.InputTopic, Serdes.String, Serdes.Double);
        var output = driver.CreateOutputTopic(HeartRateTopology.OutputTopic, Serdes.String, HeartRateTopology.SummarySerde);

        input.PipeInput("P-1", 70, Minute0);
        input.PipeInput("P-1", 72, Minute0.AddSeconds(75));    // closes the first minute
        input.PipeInput("P-1", 150, Minute0.AddSeconds(30));   // too late for it

        var summary = Assert.Single(output.ReadValuesToList());
        Assert.Equal(new HeartRateSummary(Minute0, Count: 1, Min: 70, Max: 70, Mean: 70), summary);
        Assert.Equal(1, driver.Metrics.LateRecordsDropped);
    }
}
