using pulse.vitals;
using Pulse.Schemas.Registry;
using Pulse.Streams;
using Pulse.Streams.Testing;
using Pulse.Vitals;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Tests;

/// <summary>The README's vitals example, kept compiling and true.</summary>
public class ReadmeVitalsExampleTests
{
    [Fact]
    public void ReadmeExample_EnrichesAReading_AndDeadLettersAnImpossibleOne()
    {
        var options = new VitalsOptions();                                  // the defaults of docs/VITALS-TOPOLOGY.md; bind from "Vitals" in configuration
        var serdes = VitalsSerdes.Create(InProcessSchemaRegistry.Seeded()); // or AvroSerdes.Registry("http://registry:8081")
        using var driver = new TopologyTestDriver(VitalsTopology.Build(options, serdes), new StreamsConfig { ApplicationId = "vitals" });
        var raw = driver.CreateInputTopic(options.Topics.Raw, Serdes.String, serdes.Reading);
        var enriched = driver.CreateOutputTopic(options.Topics.Enriched, Serdes.String, serdes.Enriched);
        var invalid = driver.CreateOutputTopic(options.Topics.Invalid, Serdes.String, Serdes.ByteArray);

        var at = new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
        raw.PipeInput("P-1", new VitalReading { patient_id = "P-1", timestamp = at, heart_rate = 128, spo2 = 93, respiratory_rate = 22 });
        raw.PipeInput("P-1", new VitalReading { patient_id = "P-1", timestamp = at.AddSeconds(5), heart_rate = 300 });

        var reading = enriched.ReadValue();
        Assert.Equal(6, reading.news2_score);                      // pulse 2 + SpO2 2 + respiration 2 (docs/VITALS-TOPOLOGY.md)
        Assert.Equal(News2Risk.MEDIUM, reading.news2_risk);
        Assert.Equal(VitalStatus.WARNING, reading.heart_rate_status);
        Assert.Equal(1, reading.rolling_count);
        var deadLetter = invalid.ReadRecord();                      // the original bytes, reasons in headers
        Assert.Contains(deadLetter.Headers!, h => h.Key == "pulse.invalid.reason");
        Assert.True(enriched.IsEmpty);
    }
}
