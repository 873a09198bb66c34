using Npgsql;
using Pulse.Host.Postgres;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Postgres;

public sealed class MigratorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_CreatesEveryTableAndTheView()
    {
        var db = postgres.NewDatabase();
        await using var source = NpgsqlDataSource.Create(db);

        var applied = await new Migrator(source).MigrateAsync();

        Assert.Equal(Migrator.Migrations.Count, applied);
        var relations = Sql.Rows(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            .Select(r => (string)r["table_name"]!).ToHashSet();
        foreach (var name in new[] { "readings", "vital_stats_1m", "alerts", "invalid_readings", "sink_offsets", "schema_migrations", "daily_patient_stats" })
            Assert.Contains(name, relations);
        Assert.Equal(Migrator.Migrations.Count, Sql.Count(db, "schema_migrations"));
    }

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothing()
    {
        var db = postgres.NewDatabase();
        await using var source = NpgsqlDataSource.Create(db);
        await new Migrator(source).MigrateAsync();
        Sql.Execute(db, "INSERT INTO sink_offsets (consumer_group, topic, partition, next_offset) VALUES ('g', 't', 0, 42)");

        var applied = await new Migrator(source).MigrateAsync();

        Assert.Equal(0, applied);
        Assert.Equal(42L, Sql.Scalar<long>(db, "SELECT next_offset FROM sink_offsets"));
    }

    [Fact]
    public async Task Migrate_FromConcurrentStarters_AppliesEachMigrationOnce()
    {
        var db = postgres.NewDatabase();
        await using var source = NpgsqlDataSource.Create(db);

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new Migrator(source).MigrateAsync())));

        Assert.Equal(Migrator.Migrations.Count, counts.Sum());
        Assert.Equal(Migrator.Migrations.Count, Sql.Count(db, "schema_migrations"));
    }

    [Fact]
    public async Task Migrate_WhenAnAppliedScriptChanged_FailsNamingIt()
    {
        var db = postgres.NewDatabase();
        await using var source = NpgsqlDataSource.Create(db);
        await new Migrator(source).MigrateAsync();
        Sql.Execute(db, "UPDATE schema_migrations SET sha256 = 'changed' WHERE version = 1");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new Migrator(source).MigrateAsync());

        Assert.Contains(Migrator.Migrations[0].Name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_AreNumberedFromOneWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, Migrator.Migrations.Count), Migrator.Migrations.Select(m => m.Version));
        Assert.Equal("001_initial", Migrator.Migrations[0].Name);
    }
}
