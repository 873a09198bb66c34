using System.Net;
using Xunit.Abstractions;
using pulse.vitals;
using Pulse.Host.Tests.Observability;
using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Replica;

/// <summary>
/// Two <c>pulse run</c> processes share the pipeline; one is killed (kill -9) midway and the other
/// takes its partitions over. Under exactly_once_v2 on the embedded cluster, records of the killed
/// replica's open transaction stay visible (librdkafka's mock does not enforce read_committed, see
/// README "Running on Kafka"), so readings it had in hand may appear twice; readings produced after
/// the kill are processed by the survivor alone and must appear exactly once; none may be lost.
/// </summary>
public sealed class ReplicaFailoverTests(PipelineCluster cluster, ITestOutputHelper output) : IClassFixture<PipelineCluster>, IDisposable
{
    // Child processes on a loaded 2-core machine: generous deadlines, never sleeps.
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private const int Patients = 40;
    private const int ReadingsPerPhase = 400;
    private const int InvalidPerPhase = 10;

    private readonly string _stateRoot = Directory.CreateTempSubdirectory("pulse-replicas-").FullName;

    [Fact]
    public void TwoReplicas_OneKilledMidway_EveryValidReadingIsEnriched_AndThoseAfterTheKillExactlyOnce()
    {
        using var a = ReplicaProcess.Start("replica A", cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, Path.Combine(_stateRoot, "a"), "exactly_once_v2");
        using var b = ReplicaProcess.Start("replica B", cluster.Kafka.BootstrapServers, PipelineCluster.ApplicationId, Path.Combine(_stateRoot, "b"), "exactly_once_v2");
        a.WaitUntilRunning(Start);
        b.WaitUntilRunning(Start);
        Wait.Until(() => a.IsReady && b.IsReady && a.Tasks > 0 && b.Tasks > 0, Start, () => $"both replicas ready with tasks\n{a.Describe()}\n{b.Describe()}");

        using var producer = new VitalsProducer(cluster.Kafka);
        using var enriched = new OutputReader<EnrichedReading>(cluster.Kafka, cluster.Topics.Enriched, PipelineCluster.Partitions);
        using var invalid = new OutputReader<VitalReading>(cluster.Kafka, cluster.Topics.Invalid, PipelineCluster.Partitions);
        var before = Produce(producer, phase: 0);
        Wait.Until(() => a.Processed > 0 && b.Processed > 0 && enriched.Poll().Count >= ReadingsPerPhase / 2, Deadline,
            () => $"both replicas processing (enriched so far {enriched.Records.Count})\n{a.Describe()}\n{b.Describe()}");

        a.Process.Kill();
        var after = Produce(producer, phase: 1);

        var wanted = before.Concat(after).ToHashSet();
        Wait.Until(() => wanted.IsSubsetOf(enriched.Poll().Select(Key)), Deadline,
            () => $"every valid reading on {cluster.Topics.Enriched}: {wanted.Except(enriched.Records.Select(Key)).Count()} missing\n{b.Describe()}");
        Wait.Until(() => invalid.Poll().Select(r => (r.patient_id, r.timestamp)).Distinct().Count() == 2 * InvalidPerPhase, Deadline,
            () => $"every invalid reading on {cluster.Topics.Invalid} ({invalid.Records.Count} so far)");

        var counts = enriched.Records.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{wanted.Count} valid readings; {counts.Values.Count(c => c > 1)} of those produced before the kill appear more than once " +
                         "(the killed replica's open transaction, visible on the mock)");
        Assert.All(after, key => Assert.Equal(1, counts[key]));
        Assert.Empty(counts.Keys.Except(wanted)); // nothing made up; invalid readings never enriched
        Assert.True(b.IsReady, b.Describe());
        Assert.Equal(HttpStatusCode.OK, Http.Get(b.Address!, "/healthz").Status);
        Assert.Contains("pulse_streams_processed_records_total", b.Scrape(), StringComparison.Ordinal);

        b.Process.Terminate(TimeSpan.FromMinutes(1));
        Assert.Equal(0, b.Process.ExitCode);
        Assert.True(b.Process.Logged("Replica closed (NotRunning)"), b.Describe());
    }

    /// <summary>Readings of one phase, in event-time order per patient, and some invalid ones (heart rate 500); returns the valid ones' keys.</summary>
    private static List<(string, DateTime)> Produce(VitalsProducer producer, int phase)
    {
        var keys = new List<(string, DateTime)>();
        var first = Vitals.Start.AddMinutes(10 * phase);
        for (var i = 0; i < ReadingsPerPhase; i++)
        {
            var patient = $"patient-{i % Patients}";
            var reading = Vitals.Reading(patient, first.AddSeconds(i));
            producer.Send("vitals.raw", patient, reading);
            keys.Add((patient, reading.timestamp));
            if (i % (ReadingsPerPhase / InvalidPerPhase) == 0)
            {
                var bad = Vitals.Reading(patient, first.AddSeconds(i).AddMilliseconds(500));
                bad.heart_rate = 500;
                producer.Send("vitals.raw", patient, bad);
            }
        }
        producer.Flush();
        return keys;
    }

    private static (string, DateTime) Key(EnrichedReading r) => (r.reading.patient_id, r.reading.timestamp);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_stateRoot, recursive: true);
        }
        catch (IOException)
        {
            // A killed replica's files may still be closing; the temp folder is the system's to clean.
        }
    }
}
