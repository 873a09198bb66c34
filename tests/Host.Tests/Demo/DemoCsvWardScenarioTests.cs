using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Pulse.Host.Tests.TestSupport;
using Pulse.Vitals.Tests.TestSupport;
using Xunit.Abstractions;
using static Pulse.Vitals.Tests.TestSupport.Ward;

namespace Pulse.Host.Tests.Demo;

/// <summary>
/// The alert targets' ward (<c>Vitals.Tests/Alerts/WardScenarioTests</c>: the same seeded patients and readings) written to a CSV
/// and replayed through <c>pulse demo --csv</c>: two replicas, the sink and PostgreSQL. Every deteriorating patient reaches one
/// CRITICAL clinical episode with at most three notifications (nobody acknowledges in a replay, and it runs too fast for a
/// reminder); a stable patient, artefacts included, gets no alert event at all. NO_DATA runs on the wall clock, which a replay
/// as fast as possible does not follow: the driver test covers it.
/// </summary>
public sealed partial class DemoCsvWardScenarioTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(40);

    [Fact]
    public void DemoCsv_WardOfStableAndDeterioratingPatients_OneCriticalEpisodeEach_AtMostThreeNotifications_NoneForStable()
    {
        // As the driver test's ward, so the same seed gives the same readings.
        var ward = new Ward()
            .Add(Course.Stable, 30, _ => TimeSpan.Zero, TimeSpan.Zero)
            .Add(Course.Sepsis, 6, i => TimeSpan.FromMinutes(2 + 2 * i), TimeSpan.FromMinutes(12))
            .Add(Course.Hypoxia, 6, i => TimeSpan.FromMinutes(3 + 2 * i), TimeSpan.FromMinutes(8))
            .Add(Course.Silent, 2, i => TimeSpan.FromMinutes(20 + 7 * i), TimeSpan.Zero);
        // Two hours ago, to the second: well inside the replicas' validity window (nothing "in the future").
        var start = new DateTime(DateTime.UtcNow.AddHours(-2).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        using var csv = Write(ward, start, out var readings);
        var database = postgres.NewDatabase();

        using var demo = PulseProcess.Run(["demo", "--csv", csv.Path, "--postgres", database], timeout: TimeSpan.FromMinutes(8));

        Assert.True(demo.ExitCode == 0, demo.Output());
        Assert.True(demo.Logged("Everything the file produced is in PostgreSQL"), demo.Output());
        Assert.Contains(demo.Stdout, l => DashboardLine().IsMatch(l)); // pulse demo starts the dashboard and prints where
        // Every reading is in PostgreSQL: a few of a septic patient's late readings are dead-lettered (systolic down to the diastolic), as in the driver test.
        Assert.Equal(readings, Sql.Count(database, "readings") + Sql.Count(database, "invalid_readings"));
        Assert.Equal(0L, Sql.Scalar<long>(database, "SELECT count(*) FROM invalid_readings WHERE patient_id NOT LIKE 'sepsis-%'"));

        var events = Sql.Rows(database, "SELECT patient_id, alert_id, kind, severity, state FROM alerts ORDER BY ts, sequence")
            .Select(r => new Event((string)r["patient_id"]!, (string)r["alert_id"]!, (string)r["kind"]!, (string)r["severity"]!, (string)r["state"]!))
            .ToList();
        Report(ward, events, readings);
        foreach (var patient in ward.Patients)
        {
            var mine = events.Where(e => e.Patient == patient.Id).ToList();
            var clinical = mine.Where(e => e.Kind == "CLINICAL").ToList();
            switch (patient.Course)
            {
                case Course.Stable:
                    Assert.Empty(mine);
                    break;
                case Course.Sepsis or Course.Hypoxia:
                    Assert.Contains(clinical, e => e.Severity == "CRITICAL");
                    Assert.Single(clinical.Select(e => e.EpisodeId).Distinct());
                    Assert.InRange(Notifications(clinical), 1, 3);
                    break;
                case Course.Silent:
                    Assert.Empty(clinical);
                    break;
            }
        }
    }

    private sealed record Event(string Patient, string EpisodeId, string Kind, string Severity, string State);

    private static int Notifications(IEnumerable<Event> clinical) => clinical.Count(e => e.State is "RAISED" or "ESCALATED" or "REMINDED");

    /// <summary>The ward's readings every <see cref="Cadence"/> for <see cref="Duration"/> from <paramref name="start"/>, in time order.</summary>
    private static TempFile Write(Ward ward, DateTime start, out long readings)
    {
        var csv = new StringBuilder().AppendLine(
            "patient_id,timestamp,device_id,heart_rate,spo2,systolic_bp,diastolic_bp,respiratory_rate,temperature,glucose,consciousness,on_oxygen");
        readings = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < Duration; elapsed += Cadence)
        {
            foreach (var patient in ward.Patients)
            {
                if (ward.Reading(patient, start + elapsed, elapsed) is not { } r) continue;
                csv.AppendLine(CultureInfo.InvariantCulture,
                    $"{r.patient_id},{r.timestamp:yyyy-MM-ddTHH:mm:ssZ},{r.device_id},{r.heart_rate},{r.spo2},{r.systolic_bp},{r.diastolic_bp},{r.respiratory_rate},{r.temperature},{r.glucose},{r.consciousness},{(r.on_oxygen == true ? "true" : "false")}");
                readings++;
            }
        }
        var file = new TempFile("pulse-demo-ward-scenario-", ".csv");
        File.WriteAllText(file.Path, csv.ToString());
        return file;
    }

    private void Report(Ward ward, List<Event> events, long readings)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ward.Patients.Count} patients, {readings} readings over {Duration.TotalMinutes:0} min replayed, {ward.Artefacts} artefacts in stable patients."));
        foreach (var patient in ward.Patients.Where(p => p.Course is Course.Sepsis or Course.Hypoxia))
        {
            var clinical = events.Where(e => e.Patient == patient.Id && e.Kind == "CLINICAL").ToList();
            output.WriteLine($"{patient.Id,-10} {Notifications(clinical)} notifications: {string.Join(", ", clinical.Select(e => $"{e.State} {e.Severity}"))}");
        }
        var stable = ward.Patients.Where(p => p.Course == Course.Stable).Select(p => p.Id).ToHashSet();
        output.WriteLine($"Alerts on stable patients: {events.Count(e => stable.Contains(e.Patient))}.");
    }

    [GeneratedRegex(@"^\s+http://127\.0\.0\.1:\d+/\s+\(the ward dashboard")]
    private static partial Regex DashboardLine();
}
