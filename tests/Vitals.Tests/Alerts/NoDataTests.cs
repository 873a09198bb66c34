using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>A patient whose readings stop gets a technical alert on the wall clock, without any new input; the next reading resolves it.</summary>
public class NoDataTests
{
    [Fact]
    public void ASilentPatient_GetsNoData_AfterTheTimeout_AndTheNextReadingResolvesIt()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(At(0));

        alerts.Wait(TimeSpan.FromSeconds(59));
        Assert.Empty(alerts.All());
        alerts.Wait(TimeSpan.FromSeconds(1));
        var raised = Assert.Single(alerts.Notify());
        Assert.Equal((EpisodeKind.TECHNICAL, AlertRule.NO_DATA, AlertSeverity.WARNING, AlertState.RAISED),
            (raised.kind, raised.rule, raised.severity, raised.state));
        Assert.Equal($"P-17:TECHNICAL:{AlertsHarness.WallStart.AddSeconds(60).ToUnixTimeMilliseconds()}", raised.alert_id);
        Assert.Equal("No readings from patient P-17 for 1 min (device monitor-4): check the monitor.", raised.message);
        Assert.Equal(("NO_DATA", 60.0), (raised.findings[0].rule, raised.findings[0].values["silent_seconds"]));
        Assert.Empty(alerts.Dispatch());

        alerts.Wait(TimeSpan.FromMinutes(10));
        Assert.Empty(alerts.All());

        alerts.Pipe(At(700));
        var resolved = Assert.Single(alerts.Notify());
        Assert.Equal((AlertState.RESOLVED, raised.alert_id, 1), (resolved.state, resolved.alert_id, resolved.sequence));
        Assert.Equal("Readings from patient P-17 again, after 11 min without.", resolved.message);
    }

    [Fact]
    public void EachSilence_IsAnEpisodeOfItsOwn()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0)).Wait(TimeSpan.FromSeconds(61)).Pipe(At(61)).Wait(TimeSpan.FromSeconds(61)).Pipe(At(122));

        var events = alerts.Notify();
        Assert.Equal([AlertState.RAISED, AlertState.RESOLVED, AlertState.RAISED, AlertState.RESOLVED], events.Select(a => a.state));
        Assert.Equal(2, events.Select(a => a.alert_id).Distinct().Count());
    }

    [Fact]
    public void ReadingsThatKeepComing_NeverRaiseNoData_AndAcknowledgementsAreNotReadings()
    {
        using var alerts = new AlertsHarness();

        for (var s = 0; s < 600; s += 30) alerts.Pipe(At(s)).Wait(TimeSpan.FromSeconds(30));
        Assert.Empty(alerts.All());

        alerts.Ack().Wait(TimeSpan.FromSeconds(31));
        Assert.Equal(AlertRule.NO_DATA, Assert.Single(alerts.Notify()).rule);
    }

    [Fact]
    public void NoData_RunsBesideAnOpenClinicalEpisode_AndCanBeAcknowledgedByItsId()
    {
        using var alerts = new AlertsHarness(new AlertOptions { MaxReminders = 0 });
        alerts.Pipe(High(0));
        var clinical = Assert.Single(alerts.Dispatch());

        alerts.Wait(TimeSpan.FromSeconds(60));
        var noData = Assert.Single(alerts.Notify());
        alerts.Ack(episode: noData.alert_id, by: "tech.ops");

        var acknowledged = Assert.Single(alerts.Notify());
        Assert.Equal((noData.alert_id, "tech.ops"), (acknowledged.alert_id, acknowledged.acknowledged_by));
        Assert.Equal(clinical.alert_id, OpenIds(alerts).Clinical);
    }

    private static (string Clinical, string? Technical) OpenIds(AlertsHarness alerts)
    {
        var state = alerts.State()!;
        return (state.Clinical!.Id(Patient), state.Technical?.Id(Patient));
    }
}
