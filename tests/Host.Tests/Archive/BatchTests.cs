using System.Globalization;
using DuckDB.NET.Data;
using Pulse.Host.Batch;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Archive;

/// <summary>The sample readings through <c>pulse demo --csv … --archive</c>: the streaming path's rows in PostgreSQL, the archive beside them.</summary>
public sealed class ArchivedDemoFixture : PostgresFixture, IDisposable
{
    public ArchivedDemoFixture()
    {
        Database = NewDatabase();
        Archive = Directory.CreateTempSubdirectory("pulse-archive-").FullName;
        using var demo = PulseProcess.Run(["demo", "--csv", Samples.VitalsCsvPath(), "--postgres", Database, "--archive", Archive], timeout: TimeSpan.FromMinutes(4));
        DemoOutput = demo.Output();
        if (demo.ExitCode != 0) throw new InvalidOperationException($"pulse demo --csv --archive failed:\n{DemoOutput}");
    }

    public string Database { get; }

    public string Archive { get; }

    public string DemoOutput { get; }

    void IDisposable.Dispose()
    {
        if (Directory.Exists(Archive)) Directory.Delete(Archive, recursive: true);
        Dispose();
    }
}

/// <summary>
/// <c>pulse batch daily</c> over the archive equals the same figures computed here from the archived rows, a second run
/// replaces the day, and <c>pulse batch reconcile</c> finds the batch and the streaming path agreeing, until a reading is
/// changed behind the batch's back.
/// </summary>
public sealed class BatchTests(ArchivedDemoFixture fixture) : IClassFixture<ArchivedDemoFixture>
{
    private const string Day = "2026-11-23";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Daily_EqualsFiguresComputedIndependently_RunsTwiceAlike_AndReconcilesToZeroUntilTampered()
    {
        Assert.Contains("batch daily --archive", fixture.DemoOutput, StringComparison.Ordinal);
        var env = new Dictionary<string, string> { ["PULSE__Postgres__ConnectionString"] = fixture.Database };

        using var first = PulseProcess.Run(["batch", "daily", "--date", Day, "--archive", fixture.Archive], env, timeout: Timeout);
        using var second = PulseProcess.Run(["batch", "daily", "--date", Day, "--archive", fixture.Archive], env, timeout: Timeout);

        Assert.True(first.ExitCode == 0, first.Output());
        Assert.True(second.ExitCode == 0, second.Output());
        var rows = Sql.Rows(fixture.Database, $"SELECT * FROM {DailyBatchTable.Name} ORDER BY patient_id");
        var expected = Independently();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), rows.Select(r => (string)r["patient_id"]!));
        foreach (var row in rows)
        {
            var e = expected[(string)row["patient_id"]!];
            Assert.Equal(e.Count, (long)row["reading_count"]!);
            Assert.Equal(e.HeartRateMin, row["heart_rate_min"]);
            Assert.Equal(e.HeartRateMax, row["heart_rate_max"]);
            Assert.Equal(e.HeartRateMean ?? double.NaN, row["heart_rate_avg"] is double m ? m : double.NaN, 9);
            Assert.Equal(e.News2Max, row["news2_max"]);
            foreach (var (risk, column) in DailyRow.RiskBands)
                Assert.Equal(e.Seconds.GetValueOrDefault(risk), (double)row[column]!, 6);
        }
        Assert.Contains(first.Stdout, l => l.StartsWith("patient", StringComparison.Ordinal) && l.Contains("NEWS2 max", StringComparison.Ordinal));
        Assert.Contains(rows, r => (double)r["seconds_high"]! > 0); // the sample's deteriorating patient spends time at high risk

        using var clean = PulseProcess.Run(["batch", "reconcile", "--date", Day], env, timeout: Timeout);
        Assert.True(clean.ExitCode == 0, clean.Output());
        Assert.True(clean.Logged("0 differences"), clean.Output());

        Sql.Execute(fixture.Database, "UPDATE readings SET heart_rate = 250 WHERE (patient_id, ts) = (SELECT patient_id, ts FROM readings WHERE heart_rate IS NOT NULL ORDER BY patient_id, ts LIMIT 1)");
        var tampered = Sql.Scalar<string>(fixture.Database, "SELECT patient_id FROM readings WHERE heart_rate = 250");
        using var differs = PulseProcess.Run(["batch", "reconcile", "--date", Day], env, timeout: Timeout);
        Assert.True(differs.ExitCode == 1, differs.Output());
        Assert.True(differs.Logged($"{tampered}: heart_rate_max batch"), differs.Output());
        Assert.False(differs.Output().Contains("   at ", StringComparison.Ordinal), differs.Output());
    }

    [Fact]
    public void Daily_ABadDateOrNoArchive_FailsAtStartNamingTheSetting()
    {
        var env = new Dictionary<string, string> { ["PULSE__Postgres__ConnectionString"] = fixture.Database };

        using var badDate = PulseProcess.Run(["batch", "daily", "--date", "2026-13-01", "--archive", fixture.Archive], env, timeout: Timeout);
        using var noArchive = PulseProcess.Run(["batch", "daily", "--date", Day, "--archive", Path.Combine(fixture.Archive, "missing")], env, timeout: Timeout);

        Assert.True(badDate.ExitCode == 2, badDate.Output());
        Assert.True(badDate.Logged("--date"), badDate.Output());
        Assert.True(noArchive.ExitCode == 2, noArchive.Output());
        Assert.True(noArchive.Logged("--archive"), noArchive.Output());
    }

    private sealed record Expected(long Count, int? HeartRateMin, int? HeartRateMax, double? HeartRateMean, int News2Max, Dictionary<string, double> Seconds);

    /// <summary>The day's figures from the archived rows, computed here: each (partition, offset) once, each (patient, time) once, a band held until the next reading for at most 5 minutes.</summary>
    private Dictionary<string, Expected> Independently()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"partition\", \"offset\", patient_id, ts, heart_rate, news2_score, news2_risk FROM read_parquet('{fixture.Archive}/vitals.enriched/*/*/*.parquet')";
        using var reader = command.ExecuteReader();
        var rows = new List<(int Partition, long Offset, string Patient, DateTime Ts, int? HeartRate, int News2, string Risk)>();
        while (reader.Read())
            rows.Add((reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2), reader.GetDateTime(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetInt32(5), reader.GetString(6)));
        var day = DateTime.Parse(Day, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var readings = rows.DistinctBy(r => (r.Partition, r.Offset)).OrderBy(r => r.Partition).ThenBy(r => r.Offset)
            .DistinctBy(r => (r.Patient, r.Ts)).Where(r => r.Ts >= day && r.Ts < day.AddDays(1));
        return readings.GroupBy(r => r.Patient).ToDictionary(g => g.Key, g =>
        {
            var ordered = g.OrderBy(r => r.Ts).ToList();
            var seconds = new Dictionary<string, double>();
            for (var i = 0; i < ordered.Count; i++)
            {
                var held = i + 1 < ordered.Count ? Math.Min((ordered[i + 1].Ts - ordered[i].Ts).TotalSeconds, DailyBatch.MaxHeldSeconds) : 0;
                seconds[ordered[i].Risk] = seconds.GetValueOrDefault(ordered[i].Risk) + held;
            }
            var rates = ordered.Where(r => r.HeartRate is not null).Select(r => r.HeartRate!.Value).ToList();
            return new Expected(ordered.Count, rates.Count > 0 ? rates.Min() : null, rates.Count > 0 ? rates.Max() : null, rates.Count > 0 ? rates.Average() : null,
                ordered.Max(r => r.News2), seconds);
        });
    }
}
