using Npgsql;
using Pulse.Host.Postgres;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Postgres;

/// <summary>Migration 003 turns per-rule alert rows into numbered episode events without losing any.</summary>
public sealed class AlertEpisodesMigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task RowsFromBeforeEpisodes_AreKept_NumberedByState_WithTheirFindingRebuilt()
    {
        var db = postgres.NewDatabase();
        await using var source = NpgsqlDataSource.Create(db);
        ApplyUpTo(db, 2);
        Sql.Execute(db, """
            INSERT INTO alerts (alert_id, state, patient_id, ts, rule, severity, news2_score, message, details) VALUES
            ('P-1:SUSTAINED:heart_rate:1000', 'RAISED', 'P-1', '2026-11-23T08:00:00Z', 'SUSTAINED', 'CRITICAL', 3, 'Heart rate critically low',
             '{"episode_start": "2026-11-23T07:59:00Z", "vital": "heart_rate", "trigger_values": {"heart_rate": 35}}'),
            ('P-1:SUSTAINED:heart_rate:1000', 'RESOLVED', 'P-1', '2026-11-23T08:05:00Z', 'SUSTAINED', 'CRITICAL', 0, 'Heart rate no longer critical',
             '{"episode_start": "2026-11-23T07:59:00Z", "vital": "heart_rate", "trigger_values": {}}'),
            ('P-2:NEWS2:1000', 'ESCALATED', 'P-2', '2026-11-23T08:01:00Z', 'NEWS2', 'CRITICAL', 8, 'NEWS2 up to 8', '{"episode_start": "2026-11-23T08:00:00Z"}')
            """);

        Assert.Equal(Migrator.Migrations.Count - 2, await new Migrator(source).MigrateAsync());

        var rows = Sql.Rows(db, "SELECT alert_id, episode_id, sequence, state, kind, findings::text AS findings, vitals::text AS vitals FROM alerts ORDER BY alert_id, sequence");
        Assert.Equal(
            [("P-1:SUSTAINED:heart_rate:1000", 0, "RAISED"), ("P-1:SUSTAINED:heart_rate:1000", 2, "RESOLVED"), ("P-2:NEWS2:1000", 1, "ESCALATED")],
            rows.Select(r => ((string)r["alert_id"]!, (int)r["sequence"]!, (string)r["state"]!)));
        Assert.All(rows, r => Assert.Equal((r["alert_id"], "CLINICAL", "{}"), (r["episode_id"], (string)r["kind"]!, (string)r["vitals"]!)));
        Assert.Equal(
            """[{"rule": "SUSTAINED", "since": "2026-11-23T07:59:00Z", "vital": "heart_rate", "values": {"heart_rate": 35}, "message": "Heart rate critically low", "severity": "CRITICAL"}]""",
            rows[0]["findings"]);
        Assert.Equal("""[{"rule": "NEWS2", "since": "2026-11-23T08:00:00Z", "values": {}, "message": "NEWS2 up to 8", "severity": "CRITICAL"}]""", rows[2]["findings"]);
    }

    [Fact]
    public async Task AfterTheMigration_AnEpisodeMayHaveManyEventsOfOneState()
    {
        var db = postgres.NewDatabase();
        await using var source = NpgsqlDataSource.Create(db);
        await new Migrator(source).MigrateAsync();

        Sql.Execute(db, """
            INSERT INTO alerts (alert_id, sequence, state, patient_id, ts, rule, severity, message) VALUES
            ('P-1:CLINICAL:1', 0, 'RAISED', 'P-1', now(), 'NEWS2', 'WARNING', 'raised'),
            ('P-1:CLINICAL:1', 1, 'UPDATED', 'P-1', now(), 'NEWS2', 'WARNING', 'updated'),
            ('P-1:CLINICAL:1', 2, 'UPDATED', 'P-1', now(), 'NEWS2', 'WARNING', 'updated again')
            """);

        Assert.Equal(3L, Sql.Scalar<long>(db, "SELECT count(*) FROM alerts WHERE episode_id = 'P-1:CLINICAL:1'"));
    }

    /// <summary>Applies the first <paramref name="version"/> migrations as the migrator would, recording them.</summary>
    private static void ApplyUpTo(string db, int version)
    {
        Sql.Execute(db, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in Migrator.Migrations.Where(m => m.Version <= version))
        {
            Sql.Execute(db, migration.Sql);
            Sql.Execute(db, $"INSERT INTO schema_migrations (version, name, sha256) VALUES ({migration.Version}, '{migration.Name}', '{migration.Sha256}')");
        }
    }
}
