using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;
using static Pulse.Vitals.Tests.TestSupport.AlertsPipeline;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>From raw readings through validation, scoring and enrichment to the alert topics.</summary>
public class AlertsEndToEndTests
{
    [Fact]
    public void AHighNews2Reading_IsDispatched_WithItsScoringParametersNamed()
    {
        using var pipeline = new AlertsPipeline();
        var high = Normal(0);
        (high.respiratory_rate, high.spo2, high.heart_rate) = (26, 90, 112); // 3 + 3 + 2

        pipeline.Pipe(Normal(-30), high);

        var raised = Assert.Single(pipeline.Dispatch());
        Assert.Equal((AlertRule.NEWS2, AlertState.RAISED, AlertSeverity.CRITICAL, 8), (raised.rule, raised.state, raised.severity, raised.news2_score));
        Assert.Equal($"P-17:NEWS2:{Ms(0)}", raised.alert_id);
        Assert.Equal("NEWS2 8 (high risk) for patient P-17: RR 26/min, SpO2 90%, HR 112 bpm.", raised.message);
        Assert.Equal((Device, Latitude, Longitude), (raised.device_id, raised.latitude!.Value, raised.longitude!.Value));
        Assert.Equal(["RAPID_CHANGE heart_rate", "RAPID_CHANGE spo2"], pipeline.Notify().Select(a => $"{a.rule} {a.vital}")); // 72 -> 112 bpm, 97 -> 90%
    }

    [Fact]
    public void ACriticalHeartRate_SustainedForAMinute_IsDispatched_AndResolvesTwoMinutesAfterItsLastCriticalValue()
    {
        using var pipeline = new AlertsPipeline();
        VitalReading Slow(double seconds)
        {
            var r = Normal(seconds);
            r.heart_rate = 38; // NEWS2 pulse <= 40 scores 3: CRITICAL_LOW
            return r;
        }

        pipeline.Pipe(Normal(0), Slow(10), Slow(40), Slow(70));
        var raised = Assert.Single(pipeline.Dispatch());
        Assert.Equal((AlertRule.SUSTAINED, "heart_rate", T0.AddSeconds(10)), (raised.rule, raised.vital, raised.episode_start));
        pipeline.Notify();

        pipeline.Pipe(Normal(100), Normal(189.999));
        Assert.Empty(pipeline.Notify());
        pipeline.Pipe(Normal(190));
        var resolved = Assert.Single(pipeline.Notify());
        Assert.Equal((AlertState.RESOLVED, raised.alert_id), (resolved.state, resolved.alert_id));
        Assert.Empty(pipeline.Dispatch());
    }

    [Fact]
    public void ARapidHeartRateRise_IsNotified_AndAnInvalidReadingRaisesNothing()
    {
        using var pipeline = new AlertsPipeline();
        var invalid = Normal(30);
        invalid.heart_rate = 0;
        var fast = Normal(60);
        fast.heart_rate = 104; // NEWS2 1: low risk

        pipeline.Pipe(Normal(0), invalid, fast);

        Assert.Equal(1, pipeline.DeadLetters());
        var raised = Assert.Single(pipeline.Notify());
        Assert.Equal((AlertRule.RAPID_CHANGE, AlertSeverity.WARNING, 32.0), (raised.rule, raised.severity, raised.trigger_values["change"]));
        Assert.Empty(pipeline.Dispatch());
        Assert.Equal(Ms(60), pipeline.State()!.Watermark);
    }
}
