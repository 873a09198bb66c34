using Microsoft.Extensions.Configuration;
using Pulse.Streams.Errors;
using Pulse.Vitals;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests;

/// <summary>Options bound from configuration, and validation messages that name the setting.</summary>
public class OptionsTests
{
    private static VitalsOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return configuration.GetSection(VitalsOptions.Section).Get<VitalsOptions>() ?? new VitalsOptions();
    }

    [Fact]
    public void Options_BindFromConfiguration_AndKeepDefaultsForTheRest()
    {
        var options = Bind(new()
        {
            ["Vitals:Topics:Raw"] = "ward7.raw",
            ["Vitals:Topics:Invalid"] = "ward7.invalid",
            ["Vitals:Stats:Size"] = "00:02:00",
            ["Vitals:Stats:Grace"] = "00:00:05",
            ["Vitals:Rolling:Window"] = "00:10:00",
            ["Vitals:Rolling:Grace"] = "00:00:30",
            ["Vitals:Validity:HeartRate:Min"] = "20",
            ["Vitals:Validity:HeartRate:Max"] = "250",
            ["Vitals:Validity:Temperature:Max"] = "45.5",
        });

        Assert.Equal("ward7.raw", options.Topics.Raw);
        Assert.Equal("ward7.invalid", options.Topics.Invalid);
        Assert.Equal("vitals.enriched", options.Topics.Enriched);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Stats.Size);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Stats.Grace);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Rolling.Window);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Rolling.Grace);
        Assert.Equal((20.0, 250.0), (options.Validity.HeartRate.Min, options.Validity.HeartRate.Max));
        Assert.Equal((10.0, 45.5), (options.Validity.Temperature.Min, options.Validity.Temperature.Max));
        Assert.Equal((1.0, 100.0), (options.Validity.Spo2.Min, options.Validity.Spo2.Max));
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Defaults_AreDesigns()
    {
        var options = new VitalsOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromMinutes(1), options.Stats.Size);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Stats.Grace);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Rolling.Window);
        Assert.Equal(("vitals.raw", "vitals.enriched", "vitals.stats.1m", "vitals.invalid"),
            (options.Topics.Raw, options.Topics.Enriched, options.Topics.Stats, options.Topics.Invalid));
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Vitals:Stats:Grace", "-00:00:01", "Vitals:Stats:Grace must not be negative (was -00:00:01)" },
        { "Vitals:Stats:Size", "00:00:00", "Vitals:Stats:Size must be at least 1 ms (was 00:00:00)" },
        { "Vitals:Rolling:Window", "00:00:00", "Vitals:Rolling:Window must be at least 1 ms" },
        { "Vitals:Rolling:Grace", "-00:01:00", "Vitals:Rolling:Grace must not be negative" },
        { "Vitals:Topics:Enriched", "", "Vitals:Topics:Enriched must name a topic" },
        { "Vitals:Topics:Stats", "vitals.raw", "Vitals:Topics:Stats must differ from Vitals:Topics:Raw" },
        { "Vitals:Validity:Glucose:Min", "2000", "Vitals:Validity:Glucose must have finite Min <= Max (was 2000–1000)" },
        { "Vitals:Validity:Spo2:Max", "120", "Vitals:Validity:Spo2 must lie within 1–100 (was 1–120)" },
        { "Vitals:Validity:HeartRate:Min", "0", "Vitals:Validity:HeartRate must lie within 1–1000 (was 0–299)" },
        { "Vitals:Stats:Grace", "00:00:00.0005", "Vitals:Stats:Grace must be a whole number of milliseconds" },
        { "Vitals:Rolling:Window", "2.00:00:00", "Vitals:Rolling:Window must be at most 1.00:00:00" },
        { "Vitals:Alerts:SustainedMinReadings", "0", "Vitals:Alerts:SustainedMinReadings must be from 1" },
        { "Vitals:Validity:MaxClockSkew", "-00:01:00", "Vitals:Validity:MaxClockSkew must be between 00:00:00 and 1.00:00:00" },
        { "Vitals:Validity:Earliest", "1969-12-31", "Vitals:Validity:Earliest must not be before 1970-01-01" },
    };

    [Theory, MemberData(nameof(BadSettings))]
    public void BadSetting_IsNamedInTheValidationMessage(string key, string value, string message)
    {
        var options = Bind(new() { [key] = value });

        var error = Assert.Single(options.Validate());
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Building_WithBadOptions_ThrowsNamingEveryBadSetting()
    {
        var options = Bind(new() { ["Vitals:Stats:Grace"] = "-00:00:01", ["Vitals:Rolling:Window"] = "00:00:00" });

        var e = Assert.Throws<StreamsConfigException>(() => Pulse.Vitals.VitalsTopology.Build(options, VitalsPipeline.Avro));

        Assert.Contains("Vitals:Stats:Grace", e.Message, StringComparison.Ordinal);
        Assert.Contains("Vitals:Rolling:Window", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundTopicNames_AreTheOnesTheTopologyUses()
    {
        var options = Bind(new() { ["Vitals:Topics:Raw"] = "in", ["Vitals:Topics:Enriched"] = "out", ["Vitals:Topics:Invalid"] = "dead" });
        using var pipeline = new VitalsPipeline(options);

        pipeline.Pipe(Reading.Normal("p1", 0));
        pipeline.Pipe(Reading.Of("p1", 0));

        Assert.Equal(1, pipeline.Enriched.QueueSize);
        Assert.Equal(1, pipeline.Invalid.QueueSize);
        Assert.Superset(new HashSet<string> { "out", "dead" }, pipeline.Driver.ProducedTopicNames.ToHashSet());
        Assert.Equal("in", Assert.Single(pipeline.Invalid.ReadRecordsToList()).Headers.Text(InvalidReadingHeaders.Topic));
    }
}
