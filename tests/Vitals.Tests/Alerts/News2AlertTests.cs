using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

public class News2AlertTests
{
    [Fact]
    public void MediumRisk_RaisesOneWarning_AndNoRepeatsWhileTheEpisodeIsOpen()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), Medium(10), Medium(20), High(30).News2(6, News2Risk.MEDIUM), Medium(300));

        var raised = Assert.Single(alerts.All(AlertRule.NEWS2));
        Assert.Equal((AlertState.RAISED, AlertSeverity.WARNING), (raised.state, raised.severity));
        Assert.Equal($"P-17:NEWS2:{Ms(0)}", raised.alert_id);
        Assert.Equal(T0, raised.episode_start);
        Assert.Equal(T0, raised.timestamp);
        Assert.Null(raised.vital);
    }

    [Fact]
    public void HighRisk_RaisesCritical()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0), High(5), High(15));

        var raised = Assert.Single(alerts.All(AlertRule.NEWS2));
        Assert.Equal((AlertState.RAISED, AlertSeverity.CRITICAL, 8), (raised.state, raised.severity, raised.news2_score));
        Assert.Equal($"P-17:NEWS2:{Ms(5)}", raised.alert_id);
    }

    [Fact]
    public void MediumThenHigh_EscalatesOnce_UnderTheSameId()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), High(10), Medium(20), High(30), High(40), Medium(50), High(60));

        var events = alerts.All(AlertRule.NEWS2);
        Assert.Equal([AlertState.RAISED, AlertState.ESCALATED], events.Select(a => a.state));
        var escalated = events[1];
        Assert.Equal((AlertSeverity.CRITICAL, 8, T0.AddSeconds(10)), (escalated.severity, escalated.news2_score, escalated.timestamp));
        Assert.Equal(events[0].alert_id, escalated.alert_id);
        Assert.Equal(T0, escalated.episode_start);
    }

    [Fact]
    public void HighFromTheStart_NeverEscalates()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(High(0), Medium(10), High(20));

        Assert.Equal([AlertState.RAISED], alerts.All(AlertRule.NEWS2).Select(a => a.state));
    }

    [Fact]
    public void Resolves_OnlyAfterTwoMinutesOfEventTimeAtLowRisk()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(Medium(0), Low(10), At(60), Low(129.999));
        Assert.Equal([AlertState.RAISED], alerts.All(AlertRule.NEWS2).Select(a => a.state));

        alerts.Pipe(Low(130));

        var resolved = Assert.Single(alerts.All(AlertRule.NEWS2));
        Assert.Equal((AlertState.RESOLVED, AlertSeverity.WARNING), (resolved.state, resolved.severity));
        Assert.Equal($"P-17:NEWS2:{Ms(0)}", resolved.alert_id);
        Assert.Equal(T0.AddSeconds(130), resolved.timestamp);
        Assert.Equal(120, resolved.trigger_values["low_risk_seconds"]);
        Assert.Equal(2, resolved.news2_score);
    }

    [Fact]
    public void Resolves_OnALowReadingLongAfterASingleEarlierOne()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(High(0), Low(10), Low(400));

        var events = alerts.All(AlertRule.NEWS2);
        Assert.Equal([AlertState.RAISED, AlertState.RESOLVED], events.Select(a => a.state));
        Assert.Equal(AlertSeverity.CRITICAL, events[1].severity);
    }

    [Fact]
    public void AMediumReading_RestartsTheLowRiskRun()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), Low(10), Medium(100), Low(110), Low(229));
        Assert.Equal([AlertState.RAISED], alerts.All(AlertRule.NEWS2).Select(a => a.state));

        alerts.Pipe(Low(230));
        Assert.Equal([AlertState.RESOLVED], alerts.All(AlertRule.NEWS2).Select(a => a.state));
    }

    [Fact]
    public void LowMediumRisk_NeitherRaises_NorCountsTowardsResolution()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(LowMedium(0), LowMedium(30), LowMedium(200));
        Assert.Empty(alerts.All(AlertRule.NEWS2));

        alerts.Pipe(Medium(300), Low(310), LowMedium(400), Low(410), Low(529));
        Assert.Equal([AlertState.RAISED], alerts.All(AlertRule.NEWS2).Select(a => a.state));

        alerts.Pipe(Low(530));
        Assert.Equal([AlertState.RESOLVED], alerts.All(AlertRule.NEWS2).Select(a => a.state));
    }

    [Fact]
    public void ANewEpisodeAfterResolution_RaisesAgain_WithANewId()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), Low(10), Low(130), Low(140), High(200), High(210));

        var events = alerts.All(AlertRule.NEWS2);
        Assert.Equal([AlertState.RAISED, AlertState.RESOLVED, AlertState.RAISED], events.Select(a => a.state));
        Assert.Equal($"P-17:NEWS2:{Ms(200)}", events[2].alert_id);
        Assert.Equal(AlertSeverity.CRITICAL, events[2].severity);
        Assert.NotEqual(events[0].alert_id, events[2].alert_id);
    }

    [Fact]
    public void Episodes_ArePerPatient()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0, "P-1"), Medium(5, "P-2"), Medium(10, "P-1"), Low(20, "P-2"), Low(140, "P-2"));

        var events = alerts.All(AlertRule.NEWS2);
        Assert.Equal(["P-1:RAISED", "P-2:RAISED", "P-2:RESOLVED"], events.Select(a => $"{a.patient_id}:{a.state}"));
    }
}
