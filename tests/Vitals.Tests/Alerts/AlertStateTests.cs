using pulse.vitals;
using Pulse.Streams;
using Pulse.Vitals.Alerts;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;
using Pulse.Streams.Serialization;

namespace Pulse.Vitals.Tests.Alerts;

public class AlertStateTests
{
    private const string Changelog = "alerts-" + AlertsStage.StoreName + "-changelog";

    [Fact]
    public void TheStore_HoldsThePatientsOpenEpisodes()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(Medium(0), At(10).HeartRate(35, VitalStatus.CRITICAL_LOW), At(20).HeartRate(36, VitalStatus.CRITICAL_LOW));

        var state = Assert.IsType<PatientAlertState>(alerts.State());
        Assert.Equal(Ms(20), state.Watermark);
        Assert.Equal((true, Ms(0), AlertSeverity.WARNING, Ms(10)),
            (state.News2.Open, state.News2.EpisodeStart, state.News2.Severity, state.News2.LowSince));
        var run = state.Sustained[Vital.HeartRate];
        Assert.Equal((2, Ms(10), Ms(20), false), (run.RunCount, run.RunStart, run.LastCritical, run.Open));
        Assert.Null(alerts.State("P-99"));
    }

    [Fact]
    public void TheChangelog_CarriesTheStateCompactly_AndItDecodesToTheSameEpisodes()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(Medium(0), Medium(10), Medium(20), High(30));

        var records = alerts.Driver.CreateOutputTopic(Changelog, Serdes.String, Serdes.ByteArray).ReadRecordsToList();

        Assert.Equal(4, records.Count);
        Assert.All(records, r => Assert.Equal("P-17", r.Key));
        var last = records[^1].Value;
        Assert.InRange(last.Length, 1, 48);
        var decoded = PatientAlertStateSerde.Instance.Deserializer.Deserialize(last, false, default);
        Assert.Equal((true, Ms(0), AlertSeverity.CRITICAL), (decoded.News2.Open, decoded.News2.EpisodeStart, decoded.News2.Severity));
        Assert.Equal(Ms(30), decoded.Watermark);
        Assert.Equal(2, decoded.RapidChange.Spo2Highs.Count);
    }

    [Fact]
    public void WithoutACache_EveryReadingRoundTripsTheStateThroughRocksDb_WithTheSameAlerts()
    {
        var readings = Scenario();
        using var cached = new AlertsHarness();
        using var uncached = new AlertsHarness(config: new StreamsConfig { ApplicationId = "alerts", CacheMaxBytes = 0 });

        cached.Pipe(readings);
        uncached.Pipe(Scenario());

        var expected = cached.All();
        Assert.True(expected.Count >= 6);
        Assert.Equal(expected.Select(a => (a.alert_id, a.state, a.message)), uncached.All().Select(a => (a.alert_id, a.state, a.message)));
    }

    [Fact]
    public void AReadingOlderThanThePatientsLatest_ChangesNothing()
    {
        using var alerts = new AlertsHarness();
        alerts.Pipe(Medium(100), Low(110));

        alerts.Pipe(High(50), Medium(105), At(60).HeartRate(35, VitalStatus.CRITICAL_LOW));

        Assert.Equal([AlertState.RAISED], alerts.All().Select(a => a.state));
        var state = alerts.State()!;
        Assert.Equal((Ms(110), AlertSeverity.WARNING, Ms(110)), (state.Watermark, state.News2.Severity, state.News2.LowSince));
        Assert.Equal(0, state.Sustained[Vital.HeartRate].RunCount);

        alerts.Pipe(Low(230));
        Assert.Equal([AlertState.RESOLVED], alerts.All().Select(a => a.state));
    }

    [Fact]
    public void ReadingsAtTheSameTime_AreAllProcessed()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0), Medium(0));

        Assert.Equal([AlertState.RAISED], alerts.All(AlertRule.NEWS2).Select(a => a.state));
    }

    [Fact]
    public void ASteadyTrend_KeepsEveryReadingOfTheWindow_AndOnlyThose()
    {
        using var alerts = new AlertsHarness(new Pulse.Vitals.AlertOptions { RapidHeartRateChange = 298 });

        for (var i = 0; i <= 150; i++) alerts.Pipe(At(4 * i).HeartRate(250 - i));

        var state = alerts.State()!;
        Assert.Equal(76, state.RapidChange.HeartRateHighs.Count); // the readings of 300..600 s, each lower than the last
        Assert.Equal(Ms(300), state.RapidChange.HeartRateHighs.FrontTime);
        Assert.Equal(1, state.RapidChange.HeartRateLows.Count);
        var encoded = alerts.Driver.CreateOutputTopic(Changelog, Serdes.String, Serdes.ByteArray).ReadRecordsToList()[^1].Value;
        Assert.InRange(encoded.Length, 76 * 2, 76 * 5 + 40);
    }

    private static EnrichedReading[] Scenario() =>
    [
        Medium(0), At(5), High(10), Hr(20, 35), Hr(50, 36), Hr(80, 37), At(200), At(210), Medium(300), Medium(310), Low(320), Low(500),
        Hr(520, 110), Hr(540, 70), At(600).Spo2(85),
    ];

    private static EnrichedReading Hr(double seconds, int bpm) =>
        At(seconds).HeartRate(bpm, bpm < 41 ? VitalStatus.CRITICAL_LOW : VitalStatus.NORMAL);
}
