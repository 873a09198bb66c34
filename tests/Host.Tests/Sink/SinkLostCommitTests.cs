using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Sink;

/// <summary>
/// A database that loses commits it acknowledged (asynchronous commit, then a crash; or a failover
/// to a replica that lagged): the sink notices that the offsets it holds went back, reads those
/// partitions again, and still ends with every reading exactly once.
/// </summary>
public sealed class SinkLostCommitTests(SinkLostCommitTests.LossyFixture fixture) : IClassFixture<SinkLostCommitTests.LossyFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void CommitsLostByTheDatabase_AreWrittenAgain_EveryReadingOnce()
    {
        var bed = fixture.NewBed(partitions: 3);
        Sql.Execute(bed.ConnectionString, $"ALTER DATABASE {new Npgsql.NpgsqlConnectionStringBuilder(bed.ConnectionString).Database} SET synchronous_commit = off");
        using var producer = new VitalsProducer(fixture.Kafka);
        using var sink = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Sink:BatchSize"] = "200" }));
        Produce(producer, bed, 0, 3000);
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 3000), Timeout, sink.Describe);

        // The WAL writer has not written the last seconds of commits yet: a crash loses them.
        fixture.Postgres.Server.Stop(immediate: true);
        Produce(producer, bed, 3000, 1000);
        Wait.Until(() => sink.Metrics.Retries >= 2, Timeout, sink.Describe);
        fixture.Postgres.Server.Start();

        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 4000) && Sql.Count(bed.ConnectionString, "readings") == 4000, Timeout,
            () => $"{Sql.Count(bed.ConnectionString, "readings")} readings\n{sink.Describe()}");
        Assert.Equal(4000, Sql.Scalar<long>(bed.ConnectionString, "SELECT count(DISTINCT (patient_id, ts)) FROM readings"));
        Assert.True(sink.Logged("it lost committed batches"), "the crash lost acknowledged commits, and the sink saw it\n" + sink.Describe());
        Assert.Null(sink.Sink.Fault);
    }

    private static void Produce(VitalsProducer producer, SinkTestBed bed, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            var patient = $"p{i % 23}";
            producer.Send(bed.Topics.Enriched, patient, VitalRecords.Enriched(patient, VitalRecords.Start.AddMilliseconds(i)));
        }
        producer.Flush();
    }

    /// <summary>A server whose WAL writer waits 10 s between writes: with asynchronous commit, a crash loses up to that much.</summary>
    public sealed class LossyFixture() : SinkFixture(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fsync"] = "off",
        ["wal_writer_delay"] = "10000",
    });
}
