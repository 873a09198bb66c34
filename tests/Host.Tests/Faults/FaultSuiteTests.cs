using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;
using Pulse.Host.Postgres;
using Pulse.Host.Tests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.Host.Tests.Faults;

/// <summary>
/// The pipeline run as an operator runs it, then hurt: two <c>pulse run</c> replicas under exactly_once_v2 and
/// <c>pulse sink</c>, on the embedded cluster and a real PostgreSQL; valid readings at a steady pace from 120 patients
/// (one with an SQL-looking id), one record of every malformed kind, PostgreSQL stopped and started, the sink and a
/// replica killed with SIGKILL and started again. Nothing may stop the monitoring: every valid reading reaches
/// <c>readings</c> once, every malformed record reaches <c>invalid_readings</c> with its reasons, no process ends but
/// those killed, the killed replica's partitions output again within 15 s, and memory does not keep growing.
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output) : IDisposable
{
    private const int PerSecond = 200;
    private const string SqlLookingId = "p'); DROP TABLE readings; --";
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ResumeTarget = TimeSpan.FromSeconds(15);

    private readonly PipelineCluster _cluster = new();
    private readonly LocalPostgres _postgres = LocalPostgres.StartNew(new LocalPostgresOptions { Settings = LocalPostgresOptions.Throwaway });
    private readonly string _stateRoot = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pulse-faults-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<IDisposable> _processes = [];

    [Fact]
    public void PoisonRecords_PostgresOutage_SinkAndReplicaKilled_NothingStopsTheMonitoring()
    {
        _postgres.CreateDatabase("pulse");
        var database = _postgres.ConnectionStringFor("pulse");
        var a = Replica("replica-a");
        var b = Replica("replica-b");
        var sink = Sink(database);
        a.WaitUntilRunning(Start);
        b.WaitUntilRunning(Start);
        Wait.Until(() => a.Tasks > 0 && b.Tasks > 0 && Http.ListenerAddress(sink.Stderr) is { } s && Http.StatusOrNull(s, "/readyz") == HttpStatusCode.OK,
            Start, () => $"both replicas with tasks and the sink ready\n{a.Describe()}\n{b.Describe()}\n{sink.Output()}");
        Phase("replicas and sink running");

        var patients = Enumerable.Range(0, 119).Select(i => $"patient-{i:D3}").Append(SqlLookingId).ToList();
        using var arrivals = new EnrichedArrivals(_cluster);
        using var rss = new RssSampler(new() { ["replica-b"] = () => b.Process.Pid, ["replica-a"] = () => a.Process.Pid, ["sink"] = () => sink.Pid });
        using var readings = new SteadyReadings(_cluster, patients, PerSecond);
        var malformed = MalformedRecords.SendEveryKind(_cluster.Kafka, _cluster.Topics.Raw, DateTime.UtcNow);
        Phase($"{malformed.Count} malformed records sent");

        WaitForReadings(readings, 1_200);
        _postgres.Stop();
        Phase("PostgreSQL stopped");
        WaitForReadings(readings, 2_800);
        _postgres.Start();
        Phase("PostgreSQL started again");

        WaitForReadings(readings, 4_000);
        sink.Kill();
        Phase("sink killed (SIGKILL)");
        WaitForReadings(readings, 4_600);
        var sink2 = Sink(database);
        rss.Replace("sink", () => sink2.Pid);
        Phase("sink started again");

        WaitForReadings(readings, 6_000);
        Wait.Until(() => arrivals.Partitions == PipelineCluster.Partitions, Start, "output on every partition before the kill");
        var killedAt = Stopwatch.GetTimestamp();
        var stampedAfter = DateTime.UtcNow.AddMilliseconds(500);
        a.Process.Kill();
        Phase("replica A killed (SIGKILL)");
        Wait.Until(() => arrivals.FirstArrivals(stampedAfter, killedAt).Count == PipelineCluster.Partitions, Deadline,
            () => $"every partition's output to resume\n{b.Describe()}");
        var resumed = arrivals.FirstArrivals(stampedAfter, killedAt);
        Phase("output resumed on every partition: " + string.Join(", ", resumed.OrderBy(r => r.Key).Select(r => $"{r.Key}: {r.Value.TotalSeconds:0.0} s")));
        var a2 = Replica("replica-a", restart: true);
        rss.Replace("replica-a", () => a2.Process.Pid);
        a2.WaitUntilRunning(Start);
        Phase("replica A started again");

        WaitForReadings(readings, 10_000);
        var sent = readings.Stop();
        Phase($"{sent.Count} valid readings sent; waiting for PostgreSQL to hold them");

        Wait.Until(() => Count(database, "readings") >= sent.Count && InvalidRowsFor(database, malformed) == malformed.Count, Deadline,
            () => $"every reading in PostgreSQL: readings {Count(database, "readings")} of {sent.Count}, invalid rows {InvalidRowsFor(database, malformed)} of {malformed.Count}\n" +
                  $"{sink2.Output()}\n{b.Describe()}");
        Phase("PostgreSQL holds every reading");
        output.WriteLine($"memory: {rss.Describe()}");

        // Every valid reading exactly once, the SQL-looking id verbatim.
        Assert.Equal(sent.Count, Count(database, "readings"));
        Assert.Equal(sent.Count, Sql.Scalar<long>(database, "SELECT count(DISTINCT (patient_id, ts)) FROM readings"));
        Assert.Equal(sent.Count(s => s.Patient == SqlLookingId), ReadingsOf(database, SqlLookingId));
        // Every malformed record with its reasons.
        foreach (var m in malformed)
            Assert.True(ReasonsOf(database, m) is { Length: > 0 }, $"{m.Kind} (partition {m.Partition}, offset {m.Offset}) is not in invalid_readings with a reason");
        // No process ended but those killed.
        Assert.False(b.Process.HasExited, b.Describe());
        Assert.False(a2.Process.HasExited, a2.Describe());
        Assert.False(sink2.HasExited, sink2.Output());
        // The killed replica's partitions output again within the target.
        Assert.All(resumed.Values, r => Assert.True(r <= ResumeTarget, $"output resumed after {r.TotalSeconds:0.0} s, over {ResumeTarget.TotalSeconds} s"));
        // Memory: bounded, and not still climbing at the end of the run.
        var bSamples = rss.Of("replica-b");
        Assert.True(bSamples.Max() < 1024 * 1024, $"replica B peaked at {bSamples.Max() / 1024} MiB");
        var (middle, last) = (Mean(bSamples, 1, 3), Mean(bSamples, 2, 3));
        Assert.True(last <= middle * 1.5, $"replica B's memory kept growing: {middle / 1024} MiB in the middle third, {last / 1024} MiB in the last");
    }

    private ReplicaProcess Replica(string name, bool restart = false)
    {
        var replica = ReplicaProcess.Start(name, _cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, Path.Combine(_stateRoot, name), "exactly_once_v2");
        _processes.Add(replica);
        if (restart) Phase($"{name} starting again on its state directory");
        return replica;
    }

    private PulseProcess Sink(string database)
    {
        var sink = PulseProcess.Start(["sink", "--bootstrap-servers", _cluster.Kafka.BootstrapServers, "--http", "http://127.0.0.1:0"], new Dictionary<string, string>
        {
            ["PULSE__Postgres__ConnectionString"] = database,
            ["PULSE__Kafka__Properties__session.timeout.ms"] = "6000",
            ["PULSE__Kafka__Properties__heartbeat.interval.ms"] = "1000",
            ["PULSE__Sink__RetryMaxDelayMs"] = "1000",
        });
        _processes.Add(sink);
        return sink;
    }

    private void WaitForReadings(SteadyReadings readings, int count) =>
        Wait.Until(() => readings.Sent >= count, Deadline, () => $"{count} readings sent ({readings.Sent} so far)");

    private void Phase(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    private static long Count(string database, string table) => Sql.CountOrMinusOne(database, table);

    private static long ReadingsOf(string database, string patient)
    {
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM readings WHERE patient_id = $1", connection) { Parameters = { new() { Value = patient } } };
        return (long)command.ExecuteScalar()!;
    }

    private static string[]? ReasonsOf(string database, MalformedRecords.Sent record)
    {
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT reasons FROM invalid_readings WHERE source_topic = 'vitals.raw' AND source_partition = $1 AND source_offset = $2", connection)
        {
            Parameters = { new() { Value = record.Partition }, new() { Value = record.Offset } },
        };
        return command.ExecuteScalar() as string[];
    }

    private static int InvalidRowsFor(string database, List<MalformedRecords.Sent> records)
    {
        try
        {
            return records.Count(r => ReasonsOf(database, r) is not null);
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }

    private static double Mean(IReadOnlyList<long> samples, int third, int of)
    {
        var size = samples.Count / of;
        return size == 0 ? samples.Average() : samples.Skip(third * size).Take(size).Average();
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        _postgres.Dispose();
        _cluster.Dispose();
        try
        {
            Directory.Delete(_stateRoot, recursive: true);
        }
        catch (IOException)
        {
            // A killed process's files may still be closing.
        }
    }
}
