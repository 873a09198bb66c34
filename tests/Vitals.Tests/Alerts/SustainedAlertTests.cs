using pulse.vitals;
using Pulse.Vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

public class SustainedAlertTests
{
    /// <summary>Rapid-change alerts off (a critical heart rate of 35 is 40 below the normal readings' 75): these tests are about SUSTAINED.</summary>
    private static AlertsHarness Harness() => new(new AlertOptions { RapidHeartRateChange = 298, RapidSpo2Drop = 99 });

    private static EnrichedReading LowHr(double seconds) => At(seconds).HeartRate(35, VitalStatus.CRITICAL_LOW);

    private static EnrichedReading LowSpo2(double seconds) => At(seconds).Spo2(88, VitalStatus.CRITICAL_LOW);

    [Fact]
    public void ACriticalVital_InThreeReadingsOverSixtySeconds_RaisesACriticalAlert()
    {
        using var alerts = Harness();

        alerts.Pipe(LowHr(0), LowHr(30), LowHr(60));

        var raised = Assert.Single(alerts.Dispatch());
        Assert.Equal((AlertRule.SUSTAINED, AlertState.RAISED, AlertSeverity.CRITICAL), (raised.rule, raised.state, raised.severity));
        Assert.Equal("heart_rate", raised.vital);
        Assert.Equal($"P-17:SUSTAINED:heart_rate:{Ms(0)}", raised.alert_id);
        Assert.Equal((T0, T0.AddSeconds(60)), (raised.episode_start, raised.timestamp));
        Assert.Equal(35, raised.trigger_values["heart_rate"]);
        Assert.Equal(3, raised.trigger_values["readings"]);
        Assert.Equal(60, raised.trigger_values["duration_seconds"]);
        Assert.Equal("Heart rate critically low for patient P-17: 35 bpm now, critical in all 3 readings over 1 min.", raised.message);
        Assert.Empty(alerts.Notify());
    }

    [Fact]
    public void ThreeCriticalReadingsIn59Seconds_RaiseNothing_UntilTheRunLastsSixty()
    {
        using var alerts = Harness();

        alerts.Pipe(LowHr(0), LowHr(29), LowHr(59));
        Assert.Empty(alerts.All());

        alerts.Pipe(LowHr(60));
        var raised = Assert.Single(alerts.All());
        Assert.Equal(4, raised.trigger_values["readings"]);
    }

    [Fact]
    public void TwoCriticalReadingsOver90Seconds_RaiseNothing_UntilAThird()
    {
        using var alerts = Harness();

        alerts.Pipe(LowHr(0), LowHr(90));
        Assert.Empty(alerts.All());

        alerts.Pipe(LowHr(95));
        Assert.Equal(95, Assert.Single(alerts.All()).trigger_values["duration_seconds"]);
    }

    [Fact]
    public void ANonCriticalValue_BreaksTheRun()
    {
        using var alerts = Harness();

        alerts.Pipe(LowHr(0), LowHr(30), At(45), LowHr(60), LowHr(90));
        Assert.Empty(alerts.All());

        alerts.Pipe(LowHr(120));
        Assert.Equal(T0.AddSeconds(60), Assert.Single(alerts.All()).episode_start);
    }

    [Fact]
    public void AReadingWithoutTheVital_NeitherExtendsNorBreaksTheRun()
    {
        using var alerts = Harness();

        alerts.Pipe(LowHr(0), At(30).HeartRate(null), LowHr(40));
        Assert.Empty(alerts.All());

        alerts.Pipe(LowHr(60));
        Assert.Single(alerts.All());
    }

    [Fact]
    public void AnOpenEpisode_IsNotRaisedAgain()
    {
        using var alerts = Harness();

        alerts.Pipe(LowHr(0), LowHr(30), LowHr(60), LowHr(90), At(100), LowHr(120), LowHr(150), LowHr(180), LowHr(600));

        Assert.Single(alerts.All(AlertRule.SUSTAINED));
    }

    [Fact]
    public void Resolves_OnANonCriticalValue_TwoMinutesAfterTheLastCriticalOne()
    {
        using var alerts = Harness();
        alerts.Pipe(LowHr(0), LowHr(30), LowHr(60), LowHr(90), At(100), At(209.999));
        alerts.Dispatch();
        Assert.Empty(alerts.Notify());

        alerts.Pipe(At(210));

        var resolved = Assert.Single(alerts.Notify());
        Assert.Equal((AlertState.RESOLVED, AlertSeverity.CRITICAL), (resolved.state, resolved.severity));
        Assert.Equal($"P-17:SUSTAINED:heart_rate:{Ms(0)}", resolved.alert_id);
        Assert.Equal(75, resolved.trigger_values["heart_rate"]);
        Assert.Equal(120, resolved.trigger_values["seconds_since_critical"]);
        Assert.Equal("Heart rate no longer critical for patient P-17: 75 bpm now, last critical value 2 min ago.", resolved.message);
        Assert.Empty(alerts.Dispatch());
    }

    [Fact]
    public void ACriticalValueWhileOpen_RestartsTheResolutionWait()
    {
        using var alerts = Harness();
        alerts.Pipe(LowHr(0), LowHr(30), LowHr(60), At(100), LowHr(150), At(269));
        Assert.Equal([AlertState.RAISED], alerts.All().Select(a => a.state));

        alerts.Pipe(At(270));
        Assert.Equal([AlertState.RESOLVED], alerts.All().Select(a => a.state));
    }

    [Fact]
    public void ReadingsWithoutTheVital_DoNotResolve()
    {
        using var alerts = Harness();
        alerts.Pipe(LowHr(0), LowHr(30), LowHr(60), At(200).HeartRate(null), At(400).HeartRate(null));
        Assert.Equal([AlertState.RAISED], alerts.All().Select(a => a.state));

        alerts.Pipe(At(410));
        Assert.Equal([AlertState.RESOLVED], alerts.All().Select(a => a.state));
    }

    [Fact]
    public void EachVital_HasItsOwnEpisode()
    {
        using var alerts = Harness();

        alerts.Pipe(LowHr(0), LowHr(20).Spo2(88, VitalStatus.CRITICAL_LOW), LowHr(40).Spo2(88, VitalStatus.CRITICAL_LOW),
            LowHr(60).Spo2(88, VitalStatus.CRITICAL_LOW), At(80).Spo2(88, VitalStatus.CRITICAL_LOW), LowSpo2(100), At(200), At(300));

        var events = alerts.All(AlertRule.SUSTAINED);
        Assert.Equal(
            [$"heart_rate:RAISED:{Ms(0)}", $"spo2:RAISED:{Ms(20)}", $"heart_rate:RESOLVED:{Ms(0)}", $"spo2:RESOLVED:{Ms(20)}"],
            events.Select(a => $"{a.vital}:{a.state}:{a.alert_id.Split(':')[^1]}"));
        Assert.Equal([T0.AddSeconds(60), T0.AddSeconds(80), T0.AddSeconds(200), T0.AddSeconds(300)], events.Select(a => a.timestamp));
        Assert.Contains("SpO2 critically low for patient P-17: 88% now", events[1].message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewEpisodeAfterResolution_RaisesAgain_WithANewId()
    {
        using var alerts = Harness();

        alerts.Pipe(LowHr(0), LowHr(30), LowHr(60), At(200), LowHr(300), LowHr(330), LowHr(360));

        var events = alerts.All();
        Assert.Equal([AlertState.RAISED, AlertState.RESOLVED, AlertState.RAISED], events.Select(a => a.state));
        Assert.Equal($"P-17:SUSTAINED:heart_rate:{Ms(300)}", events[2].alert_id);
    }

    [Fact]
    public void CriticallyHigh_SaysSo()
    {
        using var alerts = Harness();

        alerts.Pipe(At(0).RespiratoryRate(28, VitalStatus.CRITICAL_HIGH), At(30).RespiratoryRate(29, VitalStatus.CRITICAL_HIGH),
            At(60).RespiratoryRate(30, VitalStatus.CRITICAL_HIGH));

        var raised = Assert.Single(alerts.All(AlertRule.SUSTAINED));
        Assert.Equal(("respiratory_rate", 30.0), (raised.vital, raised.trigger_values["respiratory_rate"]));
        Assert.StartsWith("Respiratory rate critically high for patient P-17: 30/min now", raised.message, StringComparison.Ordinal);
    }
}
