using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

public class RapidChangeAlertTests
{
    private static EnrichedReading Hr(double seconds, int bpm) => At(seconds).HeartRate(bpm);

    private static EnrichedReading Spo2(double seconds, int percent) => At(seconds).Spo2(percent);

    [Fact]
    public void HeartRateRising30WithinFiveMinutes_RaisesAOneShotWarning()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Hr(0, 70), Hr(60, 85), Hr(240, 100));

        var raised = Assert.Single(alerts.Notify());
        Assert.Equal((AlertRule.RAPID_CHANGE, AlertState.RAISED, AlertSeverity.WARNING), (raised.rule, raised.state, raised.severity));
        Assert.Equal(("heart_rate", $"P-17:RAPID_CHANGE:heart_rate:{Ms(240)}"), (raised.vital, raised.alert_id));
        Assert.Equal((T0.AddSeconds(240), T0.AddSeconds(240)), (raised.timestamp, raised.episode_start));
        Assert.Equal(new Dictionary<string, double> { ["heart_rate"] = 100, ["heart_rate_before"] = 70, ["change"] = 30, ["elapsed_seconds"] = 240 },
            raised.trigger_values);
        Assert.Equal("Heart rate rose 30 bpm in 4 min for patient P-17: 70 to 100 bpm.", raised.message);
        Assert.Empty(alerts.Dispatch());
    }

    [Fact]
    public void HeartRateFalling30_Raises()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Hr(0, 110), Hr(30, 120), Hr(150, 89));

        var raised = Assert.Single(alerts.All());
        Assert.Equal(-31, raised.trigger_values["change"]);
        Assert.Equal(120, raised.trigger_values["heart_rate_before"]);
        Assert.Equal("Heart rate fell 31 bpm in 2 min for patient P-17: 120 to 89 bpm.", raised.message);
    }

    [Fact]
    public void HeartRateMoving29_RaisesNothing()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Hr(0, 70), Hr(60, 99), Hr(120, 70), Hr(180, 99));

        Assert.Empty(alerts.All());
    }

    [Fact]
    public void TheWindowIsFiveMinutes_Inclusive()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(Hr(0, 70), Hr(300.001, 100));
        Assert.Empty(alerts.All());

        using var exactly = new AlertsHarness();
        exactly.Pipe(Hr(0, 70), Hr(300, 100));
        Assert.Equal(300, Assert.Single(exactly.All()).trigger_values["elapsed_seconds"]);
    }

    [Fact]
    public void AGradualClimb_IsMeasuredFromTheLowestReadingOfTheWindow()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Hr(0, 90), Hr(30, 72), Hr(60, 80), Hr(120, 88), Hr(180, 95), Hr(240, 102));

        var raised = Assert.Single(alerts.All());
        Assert.Equal((72.0, 210.0), (raised.trigger_values["heart_rate_before"], raised.trigger_values["elapsed_seconds"]));
    }

    [Fact]
    public void Spo2Falling5_Raises_ButFalling4OrRisingDoesNot()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Spo2(0, 90), Spo2(60, 97), Spo2(120, 93));
        Assert.Empty(alerts.All());

        alerts.Pipe(Spo2(180, 92));
        var raised = Assert.Single(alerts.All());
        Assert.Equal(("spo2", -5.0, 97.0), (raised.vital, raised.trigger_values["change"], raised.trigger_values["spo2_before"]));
        Assert.Equal("SpO2 fell 5 points in 2 min for patient P-17: 97% to 92%.", raised.message);
    }

    [Fact]
    public void AfterAnAlert_TheVitalStaysQuietForTenMinutes()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(Hr(0, 70), Hr(60, 100));
        Assert.Single(alerts.All());

        alerts.Pipe(Hr(120, 65), Hr(300, 100), Hr(500, 60), Hr(659.999, 95));
        Assert.Empty(alerts.All());

        alerts.Pipe(Hr(660, 60));
        var again = Assert.Single(alerts.All());
        Assert.Equal($"P-17:RAPID_CHANGE:heart_rate:{Ms(660)}", again.alert_id);
        Assert.Equal(-35, again.trigger_values["change"]);
    }

    [Fact]
    public void Cooldown_IsPerVital()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Hr(0, 70), Hr(60, 100), At(90).HeartRate(100).Spo2(91));

        Assert.Equal(["heart_rate", "spo2"], alerts.All().Select(a => a.vital));
    }

    [Fact]
    public void ARapidChange_NeverResolves()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Hr(0, 70), Hr(60, 100), Hr(400, 100), Hr(900, 100), Hr(2000, 100));

        Assert.Equal([AlertState.RAISED], alerts.All().Select(a => a.state));
    }
}
