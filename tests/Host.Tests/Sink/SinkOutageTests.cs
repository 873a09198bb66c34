using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Sink;

/// <summary>PostgreSQL stopped and started under a running sink: it waits, retries the same batch, and loses nothing.</summary>
public sealed class SinkOutageTests(SinkFixture fixture) : IClassFixture<SinkFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(false)]  // pg_ctl stop -m fast: sessions end with an admin-shutdown error
    [InlineData(true)]   // -m immediate: the server crashes and recovers at the next start
    public void PostgresStoppedAndStartedDuringARun_NoRowIsLostOrDuplicated(bool crash)
    {
        var bed = fixture.NewBed(partitions: 3);
        const string secret = "hunter2-not-logged";
        using var producer = new VitalsProducer(fixture.Kafka);
        using var sink = new InProcessSink(bed.Settings(new Dictionary<string, string?>
        {
            // Trust authentication ignores it; it is here to show it never reaches a log line.
            ["Postgres:ConnectionString"] = bed.ConnectionString + ";Password=" + secret,
            ["Sink:BatchSize"] = "200",
        }));
        Produce(producer, bed, 0, 2000);
        Wait.Until(() => Sql.CountOrMinusOne(bed.ConnectionString, "readings") >= 400, Timeout, sink.Describe);

        fixture.Postgres.Server.Stop(immediate: crash);
        Produce(producer, bed, 2000, 3000);
        Wait.Until(() => sink.Metrics.Retries >= 3, Timeout, sink.Describe);
        var consumedDuringOutage = sink.Metrics.RowsWritten;
        fixture.Postgres.Server.Start();

        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 5000), Timeout, sink.Describe);
        Assert.Equal(5000, Sql.Count(bed.ConnectionString, "readings"));
        Assert.Equal(5000, Sql.Scalar<long>(bed.ConnectionString, "SELECT count(DISTINCT (patient_id, ts)) FROM readings"));
        Assert.True(consumedDuringOutage < 5000, "the outage fell inside the run");
        Assert.True(sink.Logged("Database unavailable while writing a batch of"), sink.Describe());
        Assert.DoesNotContain(sink.Log, line => line.Contains(secret, StringComparison.Ordinal));
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
}
