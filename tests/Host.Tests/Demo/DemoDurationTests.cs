using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Demo;

/// <summary><c>pulse demo --duration 30s</c> on its defaults: generated patients fill every table, and it stops by itself.</summary>
public sealed class DemoDurationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public void ThirtySecondsOnTheDefaults_LeaveRowsInEveryTable_AndExit0()
    {
        var database = postgres.NewDatabase();
        using var demo = PulseProcess.Run(["demo", "--duration", "30s", "--postgres", database], timeout: TimeSpan.FromMinutes(4));

        Assert.True(demo.ExitCode == 0, demo.Output());
        Assert.True(demo.Logged("Running for 30s"), demo.Output());
        Assert.True(demo.Logged("Bootstrap servers: 127.0.0.1:"), demo.Output());
        var printed = DemoOutput.FinalRows(demo.Stdout);
        foreach (var table in new[] { "readings", "invalid_readings", "vital_stats_1m", "alerts", "daily_patient_stats" })
        {
            var rows = Sql.Count(database, table);
            Assert.True(rows > 0, $"{table} is empty\n{demo.Output()}");
            Assert.Equal(rows, printed[table]);
        }
        // 50 patients, each with a reading per second of patient time, patient time at 5x: every patient is in the daily view.
        Assert.Equal(50, Sql.Count(database, "daily_patient_stats"));
    }

    [Fact]
    public void Sigterm_StopsThePartsInOrder_PrintsTheFinalCounts_AndExits0()
    {
        var database = postgres.NewDatabase();
        var stateDir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pulse-demo-sigterm-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        using var demo = PulseProcess.Start(["demo", "--postgres", database, "--report-every", "1s", "--state-dir", stateDir]);
        Wait.Until(() => demo.Logged("Running until Ctrl+C") && Sql.CountOrMinusOne(database, "readings") > 0 || demo.HasExited,
            TimeSpan.FromMinutes(3), () => $"readings in PostgreSQL\n{demo.Output()}");

        demo.Terminate(TimeSpan.FromMinutes(2));

        Assert.True(demo.ExitCode == 0, demo.Output());
        Assert.True(demo.Logged("Ctrl+C (or SIGTERM): stopping."), demo.Output());
        Assert.Contains("Streams closed", File.ReadAllText(Path.Combine(stateDir, "pulse-demo.log")), StringComparison.Ordinal);
        Directory.Delete(stateDir, recursive: true);
        Assert.Equal(Sql.Count(database, "readings"), DemoOutput.FinalRows(demo.Stdout)["readings"]);
        Assert.True(demo.Logged("pulse demo stopped."), demo.Output());
    }
}
