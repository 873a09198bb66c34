using Npgsql;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Sink;

/// <summary>
/// Exactly once into Postgres across a crash: a <c>pulse sink</c> process killed with SIGKILL in the
/// middle of a batch, then started again, leaves every reading exactly once.
/// </summary>
public sealed class SinkExactlyOnceTests(SinkFixture fixture) : IClassFixture<SinkFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private const int Readings = 20_000;
    private const string ApplicationName = "pulse-sink-under-test";

    [Fact]
    public void SinkKilledMidBatch_AndRestarted_WritesEveryReadingExactlyOnce()
    {
        var bed = fixture.NewBed(partitions: 3);
        using (var producer = new VitalsProducer(fixture.Kafka))
        {
            for (var i = 0; i < Readings; i++)
            {
                var patient = $"p{i % 40}";
                producer.Send(bed.Topics.Enriched, patient, VitalRecords.Enriched(patient, VitalRecords.Start.AddMilliseconds(i)));
            }
            producer.Flush();
        }
        var environment = bed.Environment(new Dictionary<string, string?>
        {
            ["Postgres:ConnectionString"] = bed.ConnectionString + ";Application Name=" + ApplicationName,
        });

        long committedBeforeKill;
        using (var first = PulseProcess.Start(["sink"], environment))
        {
            Wait.Until(() => Sql.CountOrMinusOne(bed.ConnectionString, "readings") >= 3000, Timeout, first.Output);

            // Hold the sink inside its next transaction: its rows are copied and inserted, its offsets
            // upsert waits on this lock. Kill it there.
            using var blocker = new NpgsqlConnection(bed.ConnectionString);
            blocker.Open();
            using var transaction = blocker.BeginTransaction();
            using (var lockTable = new NpgsqlCommand("LOCK TABLE sink_offsets IN SHARE ROW EXCLUSIVE MODE", blocker, transaction))
                lockTable.ExecuteNonQuery();
            Wait.Until(() => SinkWaitsOnLock(bed), Timeout, () => "the sink's transaction to wait on the lock\n" + first.Output());
            committedBeforeKill = Sql.Count(bed.ConnectionString, "readings");
            first.Kill();
            transaction.Rollback();
        }
        Wait.Until(() => !SinkConnected(bed), Timeout, "the killed sink's session to end");

        // The killed batch left nothing: rows and offsets agree, at the last commit before the kill.
        Assert.InRange(committedBeforeKill, 3000, Readings - 1);
        Assert.Equal(committedBeforeKill, Sql.Count(bed.ConnectionString, "readings"));
        Assert.Equal(committedBeforeKill, StoredOffsetSum(bed));

        using var second = PulseProcess.Start(["sink"], environment);
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, Readings), Timeout, second.Output);
        second.Terminate(Timeout);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(Readings, Sql.Count(bed.ConnectionString, "readings"));
        var missing = Sql.Rows(bed.ConnectionString, $"""
            SELECT i FROM generate_series(0, {Readings - 1}) AS i
            WHERE NOT EXISTS (SELECT 1 FROM readings r
                              WHERE r.patient_id = 'p' || (i % 40) AND r.ts = '2026-11-23 08:00:00+00'::timestamptz + i * interval '1 millisecond')
            """);
        Assert.Empty(missing);
        Assert.True(second.Logged($"Sink stopped: {Readings - committedBeforeKill} rows written, 0 already present"), second.Output());
        Assert.True(second.Logged("resuming from the offsets stored in Postgres"), second.Output());
    }

    private static bool SinkWaitsOnLock(SinkTestBed bed) =>
        Sql.Scalar<long>(bed.ConnectionString,
            $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ApplicationName}' AND wait_event_type = 'Lock'") > 0;

    private static bool SinkConnected(SinkTestBed bed) =>
        Sql.Scalar<long>(bed.ConnectionString, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ApplicationName}'") > 0;

    private static long StoredOffsetSum(SinkTestBed bed) =>
        Sql.Scalar<long>(bed.ConnectionString, $"SELECT coalesce(sum(next_offset), 0)::bigint FROM sink_offsets WHERE consumer_group = '{bed.GroupId}'");
}
