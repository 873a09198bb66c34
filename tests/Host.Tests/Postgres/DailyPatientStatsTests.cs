using Npgsql;
using Pulse.Host.Postgres;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Postgres;

public sealed class DailyPatientStatsTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task DailyPatientStats_GroupsReadingsByPatientAndUtcDay()
    {
        var db = postgres.NewDatabase();
        await using (var source = NpgsqlDataSource.Create(db))
            await new Migrator(source).MigrateAsync();
        Sql.Execute(db, """
            INSERT INTO readings (patient_id, ts, heart_rate, spo2, news2_score, news2_risk, status) VALUES
              ('p1', '2026-11-23 00:00:00+00', 60,   95,   1, 'LOW',    'WARNING'),
              ('p1', '2026-11-23 12:00:00+00', 80,   NULL, 0, 'NONE',   'NORMAL'),
              ('p1', '2026-11-23 23:59:59+00', 100,  99,   5, 'MEDIUM', 'WARNING'),
              ('p1', '2026-11-24 00:00:00+00', 70,   97,   0, 'NONE',   'NORMAL'),
              ('p2', '2026-11-23 06:00:00+02', NULL, 90,   3, 'LOW',    'WARNING')
            """);

        var rows = Sql.Rows(db, "SELECT * FROM daily_patient_stats ORDER BY patient_id, day");

        Assert.Equal(3, rows.Count);
        var p1 = rows[0];
        Assert.Equal(("p1", new DateOnly(2026, 11, 23)), ((string)p1["patient_id"]!, (DateOnly)p1["day"]!));
        Assert.Equal(3L, p1["reading_count"]);
        Assert.Equal(60, p1["heart_rate_min"]);
        Assert.Equal(100, p1["heart_rate_max"]);
        Assert.Equal(80.0, (double)p1["heart_rate_avg"]!, 9);
        Assert.Equal(95, p1["spo2_min"]);
        Assert.Equal(99, p1["spo2_max"]);
        Assert.Equal(97.0, (double)p1["spo2_avg"]!, 9);   // the NULL SpO2 does not count
        Assert.Equal(5, p1["news2_max"]);
        Assert.Equal((new DateOnly(2026, 11, 24), 1L), ((DateOnly)rows[1]["day"]!, (long)rows[1]["reading_count"]!));
        var p2 = rows[2];
        Assert.Equal(new DateOnly(2026, 11, 23), p2["day"]);  // 06:00+02 is 04:00 UTC
        Assert.Null(p2["heart_rate_min"]);
        Assert.Null(p2["heart_rate_avg"]);
        Assert.Equal(90, p2["spo2_min"]);
    }
}
