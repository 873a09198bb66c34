using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Demo;

/// <summary>
/// <c>pulse demo --csv</c> as a child process: the whole pipeline (embedded cluster, two replicas, the
/// sink) on a file, exiting by itself once everything the file produced is in PostgreSQL.
/// </summary>
public sealed class DemoCsvTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void DemoCsv_WardFile_EndsUpInEveryTableAndExits0()
    {
        var database = postgres.NewDatabase();
        using var csv = WardCsv.Write();
        using var demo = PulseProcess.Run(["demo", "--csv", csv.Path, "--postgres", database], timeout: Timeout);

        Assert.True(demo.ExitCode == 0, demo.Output());
        Assert.True(demo.Logged("Everything the file produced is in PostgreSQL"), demo.Output());

        Assert.Equal(WardCsv.ValidReadings, Sql.Count(database, "readings"));
        var collapsed = Sql.Rows(database, $"SELECT news2_score, news2_risk FROM readings WHERE patient_id = 'P-2' AND ts = '{WardCsv.Collapse:O}'").Single();
        Assert.Equal(17, collapsed["news2_score"]);
        Assert.Equal("HIGH", collapsed["news2_risk"]);
        Assert.Equal(0L, Sql.Scalar<long>(database, "SELECT count(*) FROM readings WHERE patient_id = 'P-1' AND news2_score <> 0"));

        var invalid = Sql.Rows(database, "SELECT patient_id, reasons FROM invalid_readings ORDER BY reasons[1]");
        Assert.Equal(2, invalid.Count);
        Assert.All(invalid, row => Assert.Equal("P-3", row["patient_id"]));
        Assert.Contains("diastolic_bp.not_below_systolic", (string[])invalid[0]["reasons"]!);
        Assert.Contains("heart_rate.out_of_range", (string[])invalid[1]["reasons"]!);

        // Three closed windows per patient; the fourth ([06:03, 06:04)) is still open at the end of the file.
        var windows = Sql.Rows(database, "SELECT patient_id, window_start, reading_count, news2_max FROM vital_stats_1m ORDER BY patient_id, window_start");
        Assert.Equal(
            [
                ("P-1", 0, 4, 0), ("P-1", 1, 4, 0), ("P-1", 2, 4, 0),
                ("P-2", 0, 4, 0), ("P-2", 1, 4, 17), ("P-2", 2, 4, 17),
                ("P-3", 0, 3, 0), ("P-3", 1, 3, 0), ("P-3", 2, 4, 0),
            ],
            windows.Select(w => ((string)w["patient_id"]!, (int)((DateTime)w["window_start"]! - WardCsv.Start).TotalMinutes, (int)w["reading_count"]!, (int)w["news2_max"]!)));

        // P-2's collapse is one clinical episode: raised CRITICAL at once (NEWS2 17 is urgent), then updated as more findings join.
        var alerts = Sql.Rows(database, "SELECT alert_id, sequence, patient_id, kind, rule, severity, state, findings::text AS findings FROM alerts ORDER BY sequence");
        var clinical = alerts.Where(a => (string)a["kind"]! == "CLINICAL").ToList();
        Assert.All(clinical, a => Assert.Equal("P-2", a["patient_id"]));
        var collapse = WardCsv.Ms(WardCsv.Collapse);
        Assert.All(clinical, a => Assert.Equal($"P-2:CLINICAL:{collapse}", a["alert_id"]));
        Assert.Equal(("CRITICAL", "RAISED", "NEWS2", 0), ((string)clinical[0]["severity"]!, (string)clinical[0]["state"]!, (string)clinical[0]["rule"]!, (int)clinical[0]["sequence"]!));
        Assert.Contains(clinical, a => ((string)a["findings"]!).Contains("\"SUSTAINED\"", StringComparison.Ordinal));
        Assert.InRange(clinical.Count(a => (string)a["state"]! is "RAISED" or "ESCALATED" or "REMINDED"), 1, 3); // notifications of the one deterioration

        var daily = Sql.Rows(database, "SELECT patient_id, reading_count, news2_max FROM daily_patient_stats ORDER BY patient_id");
        Assert.Equal([("P-1", 16L, 0), ("P-2", 16L, 17), ("P-3", 14L, 0)],
            daily.Select(d => ((string)d["patient_id"]!, (long)d["reading_count"]!, (int)d["news2_max"]!)));
    }

    [Fact]
    public void DemoCsv_FileWithAnUnreadableRow_IsStillWrittenWholeAndExits1()
    {
        var database = postgres.NewDatabase();
        using var csv = WardCsv.Write("P-1,2026-11-23T06:04:00Z,seventy,97,120,80,16,36.8,ALERT,false");
        using var demo = PulseProcess.Run(["demo", "--csv", csv.Path, "--postgres", database], timeout: Timeout);

        Assert.True(demo.ExitCode == 1, demo.Output());
        Assert.True(demo.Logged("Everything the file produced is in PostgreSQL"), demo.Output());
        Assert.True(demo.Logged("line 50"), demo.Output());
        Assert.Equal(WardCsv.ValidReadings, Sql.Count(database, "readings"));
    }

    [Fact]
    public void DemoCsv_SampleFileOnAPrivatePostgres_LeavesRowsInEveryTable()
    {
        using var demo = PulseProcess.Run(["demo", "--csv", Samples.VitalsCsvPath()], timeout: Timeout);

        Assert.True(demo.ExitCode == 0, demo.Output());
        var rows = DemoOutput.FinalRows(demo.Stdout);
        Assert.Equal(83, rows["readings"]);
        Assert.Equal(1, rows["invalid_readings"]);
        Assert.All(["vital_stats_1m", "alerts", "daily_patient_stats"], table => Assert.True(rows[table] > 0, $"{table}: {rows[table]}\n{demo.Output()}"));
        Assert.False(demo.Logged("Password"), demo.Output());
    }

    [Fact]
    public void DemoCsv_SampleWithVehicles_SendsTheNearestAvailableVehicleOnceAndEndsWithTheOrderInPostgres()
    {
        var database = postgres.NewDatabase();
        using var demo = PulseProcess.Run(["demo", "--csv", Samples.VitalsCsvPath(), "--vehicles-csv", Samples.VehiclesCsvPath(), "--postgres", database],
            timeout: Timeout);

        Assert.True(demo.ExitCode == 0, demo.Output());
        // P-0004 deteriorates at 51.5033,-0.1196: V-03 is nearer but out of service, V-02 18 km away; V-01 (0.7 km) goes, once.
        var orders = Sql.Rows(database, "SELECT order_id, episode_id, sequence, status, patient_id, vehicle_id, distance_km, eta_seconds FROM dispatch_orders");
        var order = Assert.Single(orders);
        Assert.Equal(("P-0004", "V-01", "ASSIGNED", 0), ((string)order["patient_id"]!, (string)order["vehicle_id"]!, (string)order["status"]!, (int)order["sequence"]!));
        Assert.Equal($"{order["episode_id"]}:DISPATCH", order["order_id"]);
        Assert.Equal(0.719, (double)order["distance_km"]!, 3);
        Assert.Equal(65, order["eta_seconds"]);
        Assert.True(Sql.Scalar<long>(database, $"SELECT count(*) FROM alerts WHERE alert_id = '{order["episode_id"]}' AND severity = 'CRITICAL'") >= 1,
            "the order's episode is a critical one");
        Assert.Equal(1, DemoOutput.FinalRows(demo.Stdout)["dispatch_orders"]);
    }
}
