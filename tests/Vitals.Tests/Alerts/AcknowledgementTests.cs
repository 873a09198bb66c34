using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>Unacknowledged critical episodes remind, a bounded number of times; an acknowledgement stops them.</summary>
public class AcknowledgementTests
{
    /// <summary>Reminders without NO_DATA getting in the way (the tests let the patient fall silent).</summary>
    private static AlertOptions Quiet(int maxReminders = 1, TimeSpan? interval = null) => new()
    {
        NoDataTimeout = TimeSpan.FromHours(12), MaxReminders = maxReminders, ReminderInterval = interval ?? TimeSpan.FromMinutes(5),
    };

    [Fact]
    public void AnUnacknowledgedCriticalEpisode_RemindsOnDispatch_AfterTheInterval_AtMostMaxRemindersTimes()
    {
        using var alerts = new AlertsHarness(Quiet());
        alerts.Pipe(High(0));
        var raised = Assert.Single(alerts.Dispatch());

        alerts.Wait(TimeSpan.FromSeconds(299));
        Assert.Empty(alerts.All());
        alerts.Wait(TimeSpan.FromSeconds(1));
        var reminded = Assert.Single(alerts.Dispatch());
        Assert.Equal((AlertState.REMINDED, raised.alert_id, 1, 1), (reminded.state, reminded.alert_id, reminded.sequence, reminded.reminders));
        Assert.Equal(AlertsHarness.WallStart.AddMinutes(5).UtcDateTime, reminded.timestamp);
        Assert.StartsWith("Reminder 1 of 1: patient P-17 CRITICAL, not acknowledged for 5 min. NEWS2 8 (high risk)", reminded.message);

        alerts.Wait(TimeSpan.FromHours(1));
        Assert.Empty(alerts.All());
    }

    [Fact]
    public void Reminders_RepeatEveryInterval_UpToTheLimit()
    {
        using var alerts = new AlertsHarness(Quiet(maxReminders: 3, interval: TimeSpan.FromMinutes(1)));
        alerts.Pipe(High(0));
        alerts.All();

        for (var minute = 0; minute < 10; minute++) alerts.Wait(TimeSpan.FromMinutes(1));

        Assert.Equal([1, 2, 3], alerts.Dispatch().Select(a => a.reminders));
    }

    [Fact]
    public void AnAcknowledgement_IsNotified_AndStopsTheReminders()
    {
        using var alerts = new AlertsHarness(Quiet());
        alerts.Pipe(High(0));
        var raised = Assert.Single(alerts.Dispatch());

        alerts.Wait(TimeSpan.FromMinutes(2)).Ack(by: "nurse.kim", note: "at the bedside");
        var acknowledged = Assert.Single(alerts.Notify());
        Assert.Equal((AlertState.ACKNOWLEDGED, raised.alert_id, 1, "nurse.kim"),
            (acknowledged.state, acknowledged.alert_id, acknowledged.sequence, acknowledged.acknowledged_by));
        Assert.Equal(AlertsHarness.WallStart.AddMinutes(2).UtcDateTime, acknowledged.acknowledged_at);
        Assert.Equal("Patient P-17: acknowledged by nurse.kim: at the bedside.", acknowledged.message);

        alerts.Wait(TimeSpan.FromHours(1)).Ack(by: "nurse.lee");
        Assert.Empty(alerts.All()); // no reminder, and acknowledging twice says nothing new
    }

    [Fact]
    public void AnEscalation_AboveWhatWasAcknowledged_NeedsANewAcknowledgement()
    {
        using var alerts = new AlertsHarness(Quiet());
        alerts.Pipe(Medium(0), Medium(15)).Ack();
        Assert.Equal([AlertState.RAISED, AlertState.ACKNOWLEDGED], alerts.All().Select(a => a.state));

        alerts.Pipe(High(30));
        var escalated = Assert.Single(alerts.Dispatch());
        Assert.Null(escalated.acknowledged_by);

        alerts.Wait(TimeSpan.FromMinutes(5));
        Assert.Equal(AlertState.REMINDED, Assert.Single(alerts.Dispatch()).state);
        alerts.Ack(by: "nurse.b");
        Assert.Equal("nurse.b", Assert.Single(alerts.Notify()).acknowledged_by);
    }

    [Fact]
    public void AnAcknowledgementOfAnotherEpisode_OrOfAPatientWithout_IsIgnored()
    {
        using var alerts = new AlertsHarness(Quiet());
        alerts.Pipe(High(0));
        var raised = Assert.Single(alerts.Dispatch());

        alerts.Ack(episode: "P-17:CLINICAL:1").Ack(patient: "P-99");
        Assert.Empty(alerts.All());
        Assert.Null(alerts.State("P-99"));

        alerts.Ack(episode: raised.alert_id);
        Assert.Equal(AlertState.ACKNOWLEDGED, Assert.Single(alerts.Notify()).state);
    }

    [Fact]
    public void AWarningEpisode_NeverReminds()
    {
        using var alerts = new AlertsHarness(Quiet());
        alerts.Pipe(Medium(0), Medium(15));
        alerts.All();

        alerts.Wait(TimeSpan.FromHours(2));

        Assert.Empty(alerts.All());
    }
}
