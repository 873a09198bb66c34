using System.Globalization;
using pulse.vitals;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Vitals.Tests.TestSupport;
using Xunit.Abstractions;
using static Pulse.Vitals.Tests.TestSupport.Ward;

namespace Pulse.Vitals.Tests.Alerts;

/// <summary>
/// The alert targets on a simulated ward, through the whole topology from raw readings, for 40
/// minutes of readings every 5 s: every deteriorating patient reaches a CRITICAL episode; at most 3
/// notifications (RAISED, ESCALATED, REMINDED) per deterioration before a nurse acknowledges it and
/// none after; nothing at all for stable patients, artefacts included; NO_DATA within its timeout
/// plus 5 s of a monitor going silent.
/// </summary>
public class WardScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(40);

    /// <summary>When the nurse acknowledges, after the patient's first CRITICAL notification: soon, after the reminder, or never.</summary>
    private static readonly TimeSpan?[] AckDelays = [TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(7), null];

    [Fact]
    public void AWard_GetsOneCriticalEpisodePerDeterioration_AtMostThreeNotificationsBeforeAck_AndNothingForStablePatients()
    {
        var ward = new Ward()
            .Add(Course.Stable, 30, _ => TimeSpan.Zero, TimeSpan.Zero)
            .Add(Course.Sepsis, 6, i => TimeSpan.FromMinutes(2 + 2 * i), TimeSpan.FromMinutes(12))
            .Add(Course.Hypoxia, 6, i => TimeSpan.FromMinutes(3 + 2 * i), TimeSpan.FromMinutes(8))
            .Add(Course.Silent, 2, i => TimeSpan.FromMinutes(20 + 7 * i), TimeSpan.Zero);
        using var pipeline = new VitalsPipeline();
        var topics = pipeline.Options.Topics;
        var acks = pipeline.Driver.CreateInputTopic(topics.Acks, Serdes.String, VitalsPipeline.Avro.Ack);
        var notify = pipeline.Driver.CreateOutputTopic(topics.Notify, Serdes.String, VitalsPipeline.Avro.Alert);
        var dispatch = pipeline.Driver.CreateOutputTopic(topics.Dispatch, Serdes.String, VitalsPipeline.Avro.Alert);

        var events = new List<Alert>();
        var ackAt = new Dictionary<string, DateTime>();
        var acked = new Dictionary<string, DateTime>();
        var lastReading = new Dictionary<string, DateTime>();
        var start = VitalsPipeline.WallClockStart.UtcDateTime;
        for (var elapsed = TimeSpan.Zero; elapsed < Duration; elapsed += Cadence)
        {
            var now = start + elapsed;
            foreach (var patient in ward.Patients)
            {
                if (ward.Reading(patient, now, elapsed) is not { } reading) continue;
                pipeline.Pipe(reading);
                lastReading[patient.Id] = now;
            }
            foreach (var (patient, due) in ackAt.Where(a => a.Value <= now && !acked.ContainsKey(a.Key)).ToList())
            {
                acks.PipeInput(patient, new AlertAck { patient_id = patient, acknowledged_by = "nurse.on.shift", timestamp = now }, new DateTimeOffset(now));
                acked[patient] = now;
            }
            pipeline.Driver.AdvanceWallClockTime(Cadence);
            foreach (var alert in notify.ReadValuesToList().Concat(dispatch.ReadValuesToList()))
            {
                events.Add(alert);
                var patient = ward.Patients.First(p => p.Id == alert.patient_id);
                if (alert is { severity: AlertSeverity.CRITICAL, kind: EpisodeKind.CLINICAL } && !ackAt.ContainsKey(patient.Id)
                    && AckDelays[ward.Patients.IndexOf(patient) % AckDelays.Length] is { } delay)
                    ackAt[patient.Id] = alert.timestamp + delay;
            }
        }

        Report(ward, events, acked);
        foreach (var patient in ward.Patients)
        {
            var mine = events.Where(a => a.patient_id == patient.Id).ToList();
            switch (patient.Course)
            {
                case Course.Stable:
                    Assert.Empty(mine);
                    break;
                case Course.Sepsis or Course.Hypoxia:
                    Assert.Contains(mine, a => a.kind == EpisodeKind.CLINICAL && a.severity == AlertSeverity.CRITICAL);
                    Assert.Single(mine.Where(a => a.kind == EpisodeKind.CLINICAL).Select(a => a.alert_id).Distinct());
                    var ack = acked.TryGetValue(patient.Id, out var at) ? at : DateTime.MaxValue;
                    Assert.InRange(Notifications(mine).Count(a => a.timestamp < ack), 1, 3);
                    Assert.DoesNotContain(Notifications(mine), a => a.timestamp >= ack);
                    break;
                case Course.Silent:
                    var noData = Assert.Single(mine, a => a.rule == AlertRule.NO_DATA && a.state == AlertState.RAISED);
                    Assert.InRange(noData.timestamp - lastReading[patient.Id], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(65));
                    Assert.All(mine, a => Assert.Equal(EpisodeKind.TECHNICAL, a.kind));
                    break;
            }
        }
    }

    private static string Clock(DateTime time) => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static IEnumerable<Alert> Notifications(IEnumerable<Alert> alerts) =>
        alerts.Where(a => a.kind == EpisodeKind.CLINICAL && a.state is AlertState.RAISED or AlertState.ESCALATED or AlertState.REMINDED);

    private void Report(Ward ward, List<Alert> events, Dictionary<string, DateTime> acked)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ward.Patients.Count} patients, {Duration.TotalMinutes:0} min of readings every {Cadence.TotalSeconds:0} s, {ward.Artefacts} artefacts in stable patients."));
        foreach (var patient in ward.Patients.Where(p => p.Course != Course.Stable))
        {
            var mine = events.Where(a => a.patient_id == patient.Id).ToList();
            var ack = acked.TryGetValue(patient.Id, out var at) ? at : DateTime.MaxValue;
            var notified = Notifications(mine).ToList();
            var acknowledged = ack == DateTime.MaxValue ? "never acknowledged" : "acknowledged " + Clock(ack);
            var timeline = string.Join(", ", mine.Select(a => $"{Clock(a.timestamp)} {a.state} {a.severity}"));
            output.WriteLine($"{patient.Id,-10} {notified.Count(a => a.timestamp < ack)} notifications before ack, " +
                $"{notified.Count(a => a.timestamp >= ack)} after ({acknowledged}): {timeline}");
        }
        var stable = ward.Patients.Where(p => p.Course == Course.Stable).Select(p => p.Id).ToHashSet();
        output.WriteLine($"Alerts on stable patients: {events.Count(a => stable.Contains(a.patient_id))}.");
    }
}
