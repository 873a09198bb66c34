using Microsoft.Extensions.Configuration;
using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Vitals;
using Pulse.Vitals.Alerts;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Tests.Alerts;

public class AlertOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var o = new AlertOptions();

        Assert.Equal((TimeSpan.FromSeconds(15), 7, TimeSpan.FromMinutes(2)), (o.AlarmDelay, o.UrgentNews2Score, o.News2ResolveAfter));
        Assert.Equal((TimeSpan.FromSeconds(60), 3, TimeSpan.FromMinutes(2)), (o.SustainedMinDuration, o.SustainedMinReadings, o.SustainedResolveAfter));
        Assert.Equal((30, 5, 5, TimeSpan.FromMinutes(2)), (o.RapidHeartRateChange, o.RapidSpo2Drop, o.RapidChangeMinReadings, o.RapidChangeResolveAfter));
        Assert.Equal((TimeSpan.FromMinutes(5), 1), (o.ReminderInterval, o.MaxReminders));
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromHours(24), TimeSpan.FromSeconds(1)), (o.NoDataTimeout, o.ForgetAfter, o.CheckInterval));
        Assert.Empty(o.Validate());
    }

    [Fact]
    public void Settings_BindFromTheVitalsAlertsSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vitals:Alerts:News2ResolveAfter"] = "00:03:00",
            ["Vitals:Alerts:SustainedMinReadings"] = "4",
            ["Vitals:Alerts:ReminderInterval"] = "00:15:00",
            ["Vitals:Alerts:RapidSpo2Drop"] = "4",
        }).Build();

        var o = configuration.GetSection(VitalsOptions.Section).Get<VitalsOptions>()!.Alerts;

        Assert.Equal((TimeSpan.FromMinutes(3), 4, TimeSpan.FromMinutes(15), 4),
            (o.News2ResolveAfter, o.SustainedMinReadings, o.ReminderInterval, o.RapidSpo2Drop));
        Assert.Equal(TimeSpan.FromSeconds(15), o.AlarmDelay);
        Assert.Empty(o.Validate());
    }

    [Theory]
    [InlineData(nameof(AlertOptions.SustainedMinReadings), "Vitals:Alerts:SustainedMinReadings must be from 1 to 10000 (was 0)")]
    [InlineData(nameof(AlertOptions.RapidHeartRateChange), "Vitals:Alerts:RapidHeartRateChange must be from 1 to 298 (was 0)")]
    [InlineData(nameof(AlertOptions.News2ResolveAfter), "Vitals:Alerts:News2ResolveAfter must be a whole number of milliseconds above 0 up to 1.00:00:00 (was 00:00:00)")]
    [InlineData(nameof(AlertOptions.NoDataTimeout), "Vitals:Alerts:NoDataTimeout must be a whole number of milliseconds above 0 up to 1.00:00:00 (was 00:00:00)")]
    public void ABadValue_FailsAddingTheStage_WithAMessageNamingTheSetting(string setting, string message)
    {
        var options = new VitalsOptions();
        var property = typeof(AlertOptions).GetProperty(setting)!;
        property.SetValue(options.Alerts, property.PropertyType == typeof(int) ? 0 : TimeSpan.Zero);
        var builder = new StreamsBuilder();
        var enriched = builder.Stream(options.Topics.Enriched, Consumed.With(Serdes.String, AlertsHarness.AvroVitalsSerdes().Enriched));

        var ex = Assert.Throws<StreamsConfigException>(() => AlertsStage.Add(builder, enriched, null, options, AlertsHarness.AvroVitalsSerdes()));

        Assert.Equal("Invalid alert options: " + message, ex.Message);
    }

    [Fact]
    public void Validation_ListsEveryBadSetting()
    {
        var options = new AlertOptions
        {
            RapidSpo2Drop = 100, SustainedMinDuration = TimeSpan.FromMinutes(-1), ReminderInterval = TimeSpan.FromDays(2),
            SustainedResolveAfter = TimeSpan.FromTicks(1), ForgetAfter = TimeSpan.FromSeconds(30),
        };

        Assert.Equal(
            [
                "Vitals:Alerts:SustainedMinDuration must be a whole number of milliseconds from 0 up to 1.00:00:00 (was -00:01:00)",
                "Vitals:Alerts:SustainedResolveAfter must be a whole number of milliseconds above 0 up to 1.00:00:00 (was 00:00:00.0000001)",
                "Vitals:Alerts:RapidSpo2Drop must be from 1 to 99 (was 100)",
                "Vitals:Alerts:ReminderInterval must be a whole number of milliseconds above 0 up to 1.00:00:00 (was 2.00:00:00)",
                "Vitals:Alerts:ForgetAfter must be longer than Vitals:Alerts:NoDataTimeout (00:01:00; was 00:00:30)",
            ],
            options.Validate());
    }

    [Fact]
    public void Timings_TakeEffect()
    {
        using var alerts = new AlertsHarness(new AlertOptions { SustainedMinReadings = 5, SustainedMinDuration = TimeSpan.FromSeconds(10) });

        alerts.Pipe([.. Enumerable.Range(0, 4).Select(i => At(i * 10).RespiratoryRate(7, VitalStatus.CRITICAL_LOW))]);
        Assert.Empty(alerts.All());

        alerts.Pipe(At(40).RespiratoryRate(7, VitalStatus.CRITICAL_LOW));
        Assert.Equal(5, Assert.Single(alerts.All()).trigger_values["readings"]);
    }

    [Fact]
    public void WithNoAlarmDelay_AFindingCountsAtItsFirstReading()
    {
        using var alerts = new AlertsHarness(new AlertOptions { AlarmDelay = TimeSpan.Zero });

        alerts.Pipe(Medium(0));

        Assert.Equal(AlertState.RAISED, Assert.Single(alerts.All()).state);
    }
}
