using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>One clinical episode per patient: rules contribute findings; it is raised, escalated, updated and resolved.</summary>
public class EpisodeTests
{
    private static EnrichedReading SlowHeart(double seconds) => At(seconds).HeartRate(35, VitalStatus.CRITICAL_LOW);

    [Fact]
    public void OneDeterioration_IsOneEpisode_RaisedEscalatedUpdatedAndResolved_UnderOneId()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), Medium(15));
        var raised = Assert.Single(alerts.Notify());
        Assert.Equal((AlertState.RAISED, AlertSeverity.WARNING, AlertRule.NEWS2, 0), (raised.state, raised.severity, raised.rule, raised.sequence));
        Assert.Equal($"P-17:CLINICAL:{Ms(15)}", raised.alert_id);
        Assert.Equal((T0.AddSeconds(15), EpisodeKind.CLINICAL), (raised.episode_start, raised.kind));

        alerts.Pipe(High(30));
        var escalated = Assert.Single(alerts.Dispatch());
        Assert.Equal((AlertState.ESCALATED, AlertSeverity.CRITICAL, raised.alert_id, 1), (escalated.state, escalated.severity, escalated.alert_id, escalated.sequence));

        // A critical heart rate for a minute joins as a second finding: the episode is updated, nobody is paged again.
        alerts.Pipe(High(40).HeartRate(35, VitalStatus.CRITICAL_LOW), High(70).HeartRate(35, VitalStatus.CRITICAL_LOW),
            High(100).HeartRate(35, VitalStatus.CRITICAL_LOW));
        Assert.Empty(alerts.Dispatch());
        var updated = Assert.Single(alerts.Notify());
        Assert.Equal((AlertState.UPDATED, 2, raised.alert_id), (updated.state, updated.sequence, updated.alert_id));
        Assert.Equal(["NEWS2 ", "SUSTAINED heart_rate"], updated.findings.Select(f => $"{f.rule} {f.vital}").Order());

        // Both clear two minutes after they last held: one RESOLVED.
        alerts.Pipe(At(110), At(219.999));
        Assert.Empty(alerts.All());
        alerts.Pipe(At(220));
        var resolved = Assert.Single(alerts.Notify());
        Assert.Equal((AlertState.RESOLVED, 3, raised.alert_id), (resolved.state, resolved.sequence, resolved.alert_id));
        Assert.Equal(2, resolved.findings.Count);
        Assert.Null(alerts.State()!.Clinical);
    }

    [Fact]
    public void ASpikeOfOneReading_RaisesNothing_AndLeavesNoFinding()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0), Medium(15), At(30), Medium(45).HeartRate(30, VitalStatus.CRITICAL_LOW), At(60));

        Assert.Empty(alerts.All());
        Assert.Empty(alerts.State()!.Findings);
    }

    [Fact]
    public void AFindingCounts_OnlyOnceItHasHeldForTheAlarmDelay()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), Medium(5), Medium(14.999));
        Assert.Empty(alerts.All());
        Assert.Single(alerts.State()!.Findings, f => !f.Counted);

        alerts.Pipe(Medium(15));
        var raised = Assert.Single(alerts.All());
        Assert.Equal((T0, T0.AddSeconds(15)), (raised.findings[0].since, raised.findings[0].confirmed_at));
    }

    [Fact]
    public void AnUrgentNews2_RaisesAtOnce_AsCritical_OnDispatch()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(High(0));

        var raised = Assert.Single(alerts.Dispatch());
        Assert.Equal((AlertState.RAISED, AlertSeverity.CRITICAL, 8), (raised.state, raised.severity, raised.news2_score));
        Assert.Equal("Patient P-17: NEWS2 8 (high risk): RR 24/min, SpO2 92% on oxygen, temperature 39.2 °C.", raised.message);
        Assert.Empty(alerts.Notify());
    }

    [Fact]
    public void AnEvent_CarriesEveryFinding_MostSevereFirst_AndTheLatestVitals()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), Medium(15), Medium(20).HeartRate(35, VitalStatus.CRITICAL_LOW), Medium(50).HeartRate(35, VitalStatus.CRITICAL_LOW));
        alerts.Notify();
        alerts.Pipe(Medium(80).HeartRate(34, VitalStatus.CRITICAL_LOW));

        var escalated = Assert.Single(alerts.Dispatch());
        Assert.Equal(["SUSTAINED", "NEWS2"], escalated.findings.Select(f => f.rule));
        Assert.Equal((AlertRule.SUSTAINED, "heart_rate", 34.0), (escalated.rule, escalated.vital, escalated.trigger_values["heart_rate"]));
        Assert.Equal(T0.AddSeconds(20), escalated.findings[0].since);
        Assert.Equal(34, escalated.vitals["heart_rate"]);
        Assert.Equal(23, escalated.vitals["respiratory_rate"]);
        Assert.Equal(0, escalated.vitals["on_oxygen"]);
        Assert.Equal((Device, Latitude, Longitude, 5), (escalated.device_id, escalated.latitude!.Value, escalated.longitude!.Value, escalated.news2_score));
        Assert.Equal("Patient P-17 now CRITICAL: Heart rate critically low: 34 bpm now, critical in all 3 readings over 1 min; also NEWS2 5 (medium risk): RR 23/min, SpO2 93%, HR 34 bpm, temperature 38.5 °C.",
            escalated.message);
    }

    [Fact]
    public void AFindingClearing_WhileAnotherHolds_UpdatesTheEpisode()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(Medium(0), Medium(15), Medium(20).HeartRate(35, VitalStatus.CRITICAL_LOW), Medium(50).HeartRate(35, VitalStatus.CRITICAL_LOW),
            Medium(80).HeartRate(35, VitalStatus.CRITICAL_LOW));
        alerts.All();

        alerts.Pipe(Medium(100), Medium(200));

        var updated = Assert.Single(alerts.Notify());
        Assert.Equal(AlertState.UPDATED, updated.state);
        Assert.Equal("Patient P-17: SUSTAINED heart_rate no longer holds.", updated.message);
        Assert.Equal(["NEWS2"], updated.findings.Select(f => f.rule));
        Assert.Equal(AlertSeverity.CRITICAL, updated.severity); // an episode never de-escalates
    }

    [Fact]
    public void AReadingOlderThanThePatientsLatest_IsShownToNoRule()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(60), High(30), At(90));

        Assert.Empty(alerts.All());
        Assert.Equal(Ms(90), alerts.State()!.Watermark);
    }

    [Fact]
    public void Patients_HaveEpisodesOfTheirOwn()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(High(0, "P-1"), Medium(0, "P-2"), Medium(15, "P-2"), At(15, "P-3"));

        Assert.Equal(["P-1:CLINICAL:" + Ms(0), "P-2:CLINICAL:" + Ms(15)], alerts.All().Select(a => a.alert_id).Order(StringComparer.Ordinal));
        Assert.Null(alerts.State("P-3")!.Clinical);
    }

    [Fact]
    public void SlowHeartAlone_RaisesSustained_SinceTheRunsFirstReading()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0), SlowHeart(10), SlowHeart(40), SlowHeart(70));

        var raised = Assert.Single(alerts.Dispatch());
        Assert.Equal((AlertRule.SUSTAINED, "heart_rate", T0.AddSeconds(10), T0.AddSeconds(70)),
            (raised.rule, raised.vital, raised.findings[0].since, raised.findings[0].confirmed_at));
        Assert.Equal(T0.AddSeconds(70), raised.episode_start);
    }
}
