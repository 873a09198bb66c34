using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

public class AlertRoutingTests
{
    /// <summary>Every kind of event: NEWS2 raised (warning), escalated, resolved; SUSTAINED raised, resolved; RAPID_CHANGE.</summary>
    private static EnrichedReading[] EveryKindOfEvent() =>
    [
        Medium(0),                                                  // NEWS2 RAISED WARNING
        At(5),                                                      // (SpO2 97)
        High(10),                                                   // NEWS2 ESCALATED CRITICAL; SpO2 97 -> 92: RAPID_CHANGE
        At(20).RespiratoryRate(7, VitalStatus.CRITICAL_LOW),
        At(50).RespiratoryRate(6, VitalStatus.CRITICAL_LOW),
        At(80).RespiratoryRate(7, VitalStatus.CRITICAL_LOW),        // SUSTAINED RAISED CRITICAL
        At(200),                                                    // NEWS2 RESOLVED CRITICAL (no risk since 20); SUSTAINED RESOLVED
    ];

    [Fact]
    public void CriticalRaisesAndEscalations_GoToDispatch_EverythingElseToNotify()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(EveryKindOfEvent());

        Assert.Equal(
            ["NEWS2 ESCALATED CRITICAL", "SUSTAINED RAISED CRITICAL"],
            alerts.Dispatch().Select(a => $"{a.rule} {a.state} {a.severity}"));
        Assert.Equal(
            ["NEWS2 RAISED WARNING", "RAPID_CHANGE RAISED WARNING", "NEWS2 RESOLVED CRITICAL", "SUSTAINED RESOLVED CRITICAL"],
            alerts.Notify().Select(a => $"{a.rule} {a.state} {a.severity}"));
    }

    [Fact]
    public void ACriticalNews2Raise_GoesToDispatch()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(High(0));

        Assert.Equal(AlertState.RAISED, Assert.Single(alerts.Dispatch()).state);
        Assert.Empty(alerts.Notify());
    }

    [Fact]
    public void EventsAreKeyedByPatient_AndStampedWithTheReadingsEventTime()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(EveryKindOfEvent());

        Assert.All(alerts.Records(), r =>
        {
            Assert.Equal("P-17", r.Key);
            Assert.Equal(r.Value.timestamp, r.Timestamp!.Value.UtcDateTime);
        });
    }

    [Fact]
    public void EveryEvent_CarriesMessageTriggerValuesScoreDeviceAndLocation()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(EveryKindOfEvent());

        var events = alerts.All();
        Assert.Equal(6, events.Count);
        Assert.All(events, a =>
        {
            Assert.Equal("P-17", a.patient_id);
            Assert.Contains("patient P-17", a.message, StringComparison.Ordinal);
            Assert.NotEmpty(a.trigger_values);
            Assert.NotNull(a.news2_score);
            Assert.Equal((Device, Latitude, Longitude), (a.device_id, a.latitude!.Value, a.longitude!.Value));
        });
    }

    [Fact]
    public void Ids_AreDeterministic_SameReadingsSameEvents()
    {
        using var first = new AlertsHarness();
        using var second = new AlertsHarness();

        first.Pipe(EveryKindOfEvent());
        second.Pipe(EveryKindOfEvent());

        var a = first.All();
        var b = second.All();
        Assert.Equal(a.Select(x => (x.alert_id, x.state, x.message)), b.Select(x => (x.alert_id, x.state, x.message)));
        Assert.Equal(
            [$"P-17:NEWS2:{Ms(0)}", $"P-17:RAPID_CHANGE:spo2:{Ms(10)}", $"P-17:NEWS2:{Ms(0)}", $"P-17:SUSTAINED:respiratory_rate:{Ms(20)}",
             $"P-17:NEWS2:{Ms(0)}", $"P-17:SUSTAINED:respiratory_rate:{Ms(20)}"],
            a.Select(x => x.alert_id));
    }

    [Fact]
    public void ANews2Event_NamesTheScoringParameters_InItsMessageAndTriggerValues()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(High(0));

        var raised = Assert.Single(alerts.All());
        Assert.Equal("NEWS2 8 (high risk) for patient P-17: RR 24/min, SpO2 92%, on oxygen, temperature 39.2 °C.", raised.message);
        Assert.Equal(
            new Dictionary<string, double> { ["news2_score"] = 8, ["respiratory_rate"] = 24, ["spo2"] = 92, ["temperature"] = 39.2, ["on_oxygen"] = 1 },
            raised.trigger_values);
    }

    [Fact]
    public void AnEscalationAndAResolution_SayWhenTheEpisodeStarted()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), High(75), Low(100), Low(220));

        var events = alerts.All(AlertRule.NEWS2);
        Assert.Equal(
            "NEWS2 up to 8 (high risk) for patient P-17: RR 24/min, SpO2 92%, on oxygen, temperature 39.2 °C; episode open since 08:00:00 UTC.",
            events[1].message);
        Assert.Equal(
            "NEWS2 episode of patient P-17 since 08:00:00 UTC resolved: low or no risk for 2 min, NEWS2 now 2 (low risk).",
            events[2].message);
    }

    [Fact]
    public void AReadingWithoutDeviceOrLocation_GivesAnEventWithout()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(High(0).WithoutLocation());

        var raised = Assert.Single(alerts.All());
        Assert.Equal((null, null, null), (raised.device_id, raised.latitude, raised.longitude));
    }

    [Fact]
    public void TheStage_IsOneProcessorWithItsStore_ThenASplitIntoTwoSinks()
    {
        using var alerts = new AlertsHarness();

        var description = alerts.Topology.Describe().ToString();

        Assert.Contains("Processor: alerts-rules (stores: [alerts-patient-state])", description, StringComparison.Ordinal);
        Assert.Contains("--> alerts-route-dispatch, alerts-route-notify", description, StringComparison.Ordinal);
        Assert.Contains("Sink: alerts-dispatch-sink (topic: alerts.dispatch)", description, StringComparison.Ordinal);
        Assert.Contains("Sink: alerts-notify-sink (topic: alerts.notify)", description, StringComparison.Ordinal);
    }
}
