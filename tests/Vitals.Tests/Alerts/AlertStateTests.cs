using Confluent.Kafka;
using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Serialization;
using Pulse.Vitals.Alerts;
using Pulse.Vitals.Tests.TestSupport;
using static Pulse.Vitals.Tests.TestSupport.AlertReadings;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>The patient's alert state in the store and its changelog: compact, complete, and tolerant of rules coming and going.</summary>
public class AlertStateTests
{
    private const string Changelog = "alerts-" + AlertsStage.StoreName + "-changelog";

    private static PatientAlertStateSerde Serde(params IAlertRule[] extra) => new([.. AlertRules.Default(new AlertOptions()), .. extra]);

    private static byte[] LastChangelogValue(AlertsHarness alerts) =>
        alerts.Driver.CreateOutputTopic(Changelog, Serdes.String, Serdes.ByteArray).ReadRecordsToList()[^1].Value;

    [Fact]
    public void AStablePatient_TakesAFewDozenBytes()
    {
        using var alerts = new AlertsHarness();

        alerts.Pipe(At(0), At(15), At(30));

        Assert.InRange(LastChangelogValue(alerts).Length, 1, 40);
    }

    [Fact]
    public void TheChangelog_DecodesToTheSameEpisodeFindingsAndRuns()
    {
        using var alerts = new AlertsHarness(new AlertOptions { NoDataTimeout = TimeSpan.FromHours(1) });
        alerts.Pipe(Medium(0), Medium(15), Medium(20).Spo2(84, VitalStatus.CRITICAL_LOW), Medium(50).Spo2(84, VitalStatus.CRITICAL_LOW)).Ack();
        var live = alerts.State()!;

        var decoded = Serde().Deserialize(LastChangelogValue(alerts), false, default);

        Assert.Equal((live.Watermark, live.LastSeen, live.DeviceId), (decoded.Watermark, decoded.LastSeen, decoded.DeviceId));
        var (episode, copy) = (live.Clinical!, decoded.Clinical!);
        Assert.Equal((episode.Start, episode.Severity, episode.Sequence, episode.AcknowledgedBy, episode.AcknowledgedAt),
            (copy.Start, copy.Severity, copy.Sequence, copy.AcknowledgedBy, copy.AcknowledgedAt));
        var finding = Assert.Single(decoded.Findings);
        Assert.Equal(("NEWS2", AlertSeverity.WARNING, Ms(0), Ms(15), Ms(50)), (finding.Rule, finding.Level, finding.Since, finding.ConfirmedAt, finding.LastHeld));
        Assert.Equal(live.Findings[0].Message, finding.Message);
        Assert.Equal(live.Findings[0].Values, finding.Values);
        Assert.Equal(live.Latest!.Vitals, decoded.Latest!.Vitals);
        var run = ((SustainedState)decoded.Rules[1]!)[Vital.Spo2];
        Assert.Equal((2, Ms(20)), (run.Count, run.Start));
    }

    [Fact]
    public void StateOfTheFirstFormat_ReadsAsAPatientWithNothingOpen()
    {
        byte[] first = [1, 0, 0, 1, 0x8c, 0x2c, 0x5c, 0x1b, 0x80, 1, 0, 0, 0, 0, 0];

        var state = Serde().Deserialize(first, false, default);

        Assert.Equal(0x0000_018c_2c5c_1b80L, state.Watermark);
        Assert.Null(state.Clinical);
        Assert.Empty(state.Findings);
    }

    [Fact]
    public void ARuleAddedLater_StartsAfresh_AndASectionOfARuleGoneIsSkipped()
    {
        var withRule = Serde(new FastHeartRunRule());
        var state = withRule.New();
        state.Watermark = Ms(30);
        ((FastHeartRunRule.RunState)state.Rules[3]!).Count = 2;
        ((SustainedState)state.Rules[1]!)[Vital.HeartRate] = new VitalRun { Count = 2, Start = Ms(10) };
        state.Findings.Add(new Finding("FAST_HEART_RUN", null) { Since = Ms(0), LastHeld = Ms(30), Level = AlertSeverity.WARNING, ConfirmedAt = Ms(20) });
        var bytes = withRule.Serialize(state, default);

        var without = Serde().Deserialize(bytes, false, default);
        Assert.Equal(3, without.Rules.Length);
        Assert.Equal(2, ((SustainedState)without.Rules[1]!)[Vital.HeartRate].Count);
        Assert.Empty(without.Findings);

        var withoutBytes = Serde().Serialize(without, default);
        var again = withRule.Deserialize(withoutBytes, false, default);
        Assert.Equal(0, ((FastHeartRunRule.RunState)again.Rules[3]!).Count);
    }

    [Fact]
    public void ASectionOfAnotherVersion_IsDropped()
    {
        var first = Serde(new FastHeartRunRule(version: 1));
        var state = first.New();
        ((FastHeartRunRule.RunState)state.Rules[3]!).Count = 5;

        var reread = Serde(new FastHeartRunRule(version: 2)).Deserialize(first.Serialize(state, default), false, default);

        Assert.Equal(0, ((FastHeartRunRule.RunState)reread.Rules[3]!).Count);
    }

    [Fact]
    public void AnUnknownFormat_FailsNamingTheTopic()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            Serde().Deserialize([9, 0], false, new SerializationContext(MessageComponentType.Value, Changelog)));

        Assert.Contains($"format 9 is unknown", ex.Message);
        Assert.Contains(Changelog, ex.Message);
    }

    [Fact]
    public void WithoutACache_EveryRecordRoundTripsTheState_WithTheSameAlerts()
    {
        using var cached = new AlertsHarness();
        using var uncached = new AlertsHarness(config: new StreamsConfig { ApplicationId = "alerts", CacheMaxBytes = 0 });

        foreach (var alerts in new[] { cached, uncached })
        {
            alerts.Pipe(Medium(0), Medium(15), High(30), At(40).HeartRate(35, VitalStatus.CRITICAL_LOW), At(70).HeartRate(35, VitalStatus.CRITICAL_LOW),
                At(100).HeartRate(35, VitalStatus.CRITICAL_LOW)).Ack().Wait(TimeSpan.FromSeconds(61));
            alerts.Pipe(At(200), At(400));
        }

        var expected = cached.All();
        Assert.True(expected.Count >= 6, $"{expected.Count} events");
        Assert.Equal(expected.Select(a => (a.alert_id, a.sequence, a.state, a.message)), uncached.All().Select(a => (a.alert_id, a.sequence, a.state, a.message)));
    }
}
