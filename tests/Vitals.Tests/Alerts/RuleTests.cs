using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>What each built-in rule finds: NEWS2's bands, SUSTAINED's runs, RAPID_CHANGE against the rolling mean.</summary>
public class RuleTests
{
    private static EnrichedReading LowSpo2(double seconds) => At(seconds).Spo2(85, VitalStatus.CRITICAL_LOW);

    [Fact]
    public void News2_LowMediumRisk_StartsNothing_ButKeepsACountedFindingOpen()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(LowMedium(0), LowMedium(30));
        Assert.Empty(alerts.All());

        alerts.Pipe(Medium(100), Medium(115), LowMedium(130), LowMedium(300), Low(310), Low(419.999));
        Assert.Equal([AlertState.RAISED], alerts.All().Select(a => a.state));

        alerts.Pipe(Low(420));
        var resolved = Assert.Single(alerts.All());
        Assert.Equal((AlertState.RESOLVED, AlertRule.NEWS2), (resolved.state, resolved.rule));
        Assert.StartsWith($"Patient P-17: episode since 08:01:55 UTC resolved, every finding cleared (NEWS2).", resolved.message);
    }

    [Fact]
    public void News2_TheUrgentScore_IsASetting()
    {
        using var alerts = new AlertsHarness(new AlertOptions { UrgentNews2Score = 5 });

        alerts.Pipe(Medium(0));

        var raised = Assert.Single(alerts.Notify());
        Assert.Equal((AlertState.RAISED, AlertSeverity.WARNING, T0), (raised.state, raised.severity, raised.findings[0].confirmed_at));
    }

    [Fact]
    public void Sustained_NeedsAMinuteAndThreeReadings_AllCritical()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(LowSpo2(0), LowSpo2(59.999), At(60), LowSpo2(70), LowSpo2(100));
        Assert.Empty(alerts.All());
        alerts.Pipe(LowSpo2(130));

        var raised = Assert.Single(alerts.Dispatch());
        Assert.Equal(("spo2", 3.0, 60.0), (raised.vital, raised.trigger_values["readings"], raised.trigger_values["duration_seconds"]));
        Assert.Equal("Patient P-17: SpO2 critically low: 85% now, critical in all 3 readings over 1 min.", raised.message);
    }

    [Fact]
    public void Sustained_AReadingWithoutTheVital_NeitherBreaksTheRunNorClearsTheFinding()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(LowSpo2(0), At(20).Spo2(null), LowSpo2(30), LowSpo2(60));
        Assert.Equal(T0, Assert.Single(alerts.Dispatch()).findings[0].since);

        alerts.Pipe(At(300).Spo2(null), At(500).Spo2(null));
        Assert.Empty(alerts.All());
        alerts.Pipe(At(510));
        Assert.Equal(AlertState.RESOLVED, Assert.Single(alerts.Notify()).state);
    }

    [Fact]
    public void Sustained_AShortCriticalRun_KeepsACountedFindingOpen()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(LowSpo2(0), LowSpo2(30), LowSpo2(60), At(100));
        alerts.All();

        alerts.Pipe(LowSpo2(170), At(200), At(289.999));
        Assert.Empty(alerts.All());

        alerts.Pipe(At(290));
        Assert.Equal(AlertState.RESOLVED, Assert.Single(alerts.Notify()).state);
    }

    [Fact]
    public void RapidChange_AHeartRateFarFromItsRollingMean_ForTheAlarmDelay_IsAWarning()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0).HeartRate(110).Rolling(5, heartRateMean: 80), At(15).HeartRate(112).Rolling(6, heartRateMean: 82));

        var raised = Assert.Single(alerts.Notify());
        Assert.Equal((AlertRule.RAPID_CHANGE, AlertSeverity.WARNING, "heart_rate"), (raised.rule, raised.severity, raised.vital));
        Assert.Equal((112.0, 82.0, 30.0), (raised.trigger_values["heart_rate"], raised.trigger_values["heart_rate_rolling_mean"], raised.trigger_values["change"]));
        Assert.Equal("Patient P-17: Heart rate 112 bpm, 30 bpm above its rolling mean (82 bpm).", raised.message);
    }

    [Fact]
    public void RapidChange_IgnoresASpike_ARise_AndAThinWindow()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0).HeartRate(140).Rolling(10, heartRateMean: 80), At(15).HeartRate(76).Rolling(11, heartRateMean: 80)); // one stray value
        alerts.Pipe(At(30).Spo2(100).Rolling(10, spo2Mean: 90), At(45).Spo2(100).Rolling(11, spo2Mean: 91)); // SpO2 rising is recovery
        alerts.Pipe(At(60).HeartRate(130).Rolling(4, heartRateMean: 80), At(75).HeartRate(130).Rolling(4, heartRateMean: 80)); // 4 readings say little

        Assert.Empty(alerts.All());
    }

    [Fact]
    public void RapidChange_AnSpo2FallBelowItsMean_Counts_AndClearsTwoMinutesAfterItLastHeld()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0).Spo2(90).Rolling(8, spo2Mean: 96), At(15).Spo2(90).Rolling(9, spo2Mean: 95));
        Assert.Equal("Patient P-17: SpO2 90%, 5 points below its rolling mean (95%).", Assert.Single(alerts.Notify()).message);

        alerts.Pipe(At(30).Spo2(92).Rolling(10, spo2Mean: 94), At(134.999).Spo2(93).Rolling(10, spo2Mean: 93));
        Assert.Empty(alerts.All());
        alerts.Pipe(At(135).Spo2(93).Rolling(10, spo2Mean: 93));
        Assert.Equal(AlertState.RESOLVED, Assert.Single(alerts.Notify()).state);
    }
}
