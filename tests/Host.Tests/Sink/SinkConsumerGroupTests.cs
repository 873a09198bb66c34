using Pulse.Host.Tests.TestSupport;

namespace Pulse.Host.Tests.Sink;

/// <summary>Sink instances in one consumer group share the partitions: every row written once, by one of them.</summary>
public sealed class SinkConsumerGroupTests(SinkFixture fixture) : IClassFixture<SinkFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void TwoInstances_ShareThePartitions_AndTheTotalsAreExact()
    {
        var bed = fixture.NewBed(partitions: 6);
        using var producer = new VitalsProducer(fixture.Kafka);
        using var first = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Sink:BatchSize"] = "100" }));
        Produce(producer, bed, 0, 3000);
        Wait.Until(() => first.Metrics.RowsWritten >= 500, Timeout, first.Describe);

        using var second = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Sink:BatchSize"] = "100" }));
        Wait.Until(() => second.Logged("Assigned "), Timeout, second.Describe);
        Produce(producer, bed, 3000, 3000);
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 6000), Timeout, () => first.Describe() + "\n" + second.Describe());

        Assert.Equal(6000, Sql.Count(bed.ConnectionString, "readings"));
        Assert.True(second.Metrics.RowsWritten > 0, "the second instance wrote rows of its own partitions");
        Assert.Equal(6000, first.Metrics.RowsWritten + second.Metrics.RowsWritten);
        Assert.Equal(0, first.Metrics.RowsAlreadyPresent + second.Metrics.RowsAlreadyPresent);

        // The first leaves; the second takes every partition over from the offsets in Postgres.
        first.Stop();
        Produce(producer, bed, 6000, 2000);
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 8000), Timeout, second.Describe);

        Assert.Equal(8000, Sql.Count(bed.ConnectionString, "readings"));
        Assert.Equal(8000, first.Metrics.RowsWritten + second.Metrics.RowsWritten);
        Assert.Equal(0, first.Metrics.RowsAlreadyPresent + second.Metrics.RowsAlreadyPresent);
        Assert.Null(first.Sink.Fault);
        Assert.Null(second.Sink.Fault);
    }

    [Fact]
    public void SessionTimeoutTheBrokerRefuses_StopsTheSink_NamingTheSettingAndHowToSetIt()
    {
        // librdkafka's mock accepts any session timeout; a real broker refuses one outside group.min/max.session.timeout.ms,
        // at every JoinGroup, so waiting would leave the sink outside its group for good.
        var bed = fixture.NewBed(partitions: 1);
        fixture.Kafka.PushRequestErrors(Pulse.Streams.Testing.KafkaApiKeys.JoinGroup,
            Enumerable.Repeat(Confluent.Kafka.ErrorCode.InvalidSessionTimeout, 10).ToArray());
        try
        {
            using var sink = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Kafka:Properties:session.timeout.ms"] = "3000" }));
            Wait.Until(() => sink.Sink.Fault is not null, Timeout, sink.Describe);

            Assert.Contains("The broker refused the consumer's session.timeout.ms (3000)", sink.Sink.Fault!.Message, StringComparison.Ordinal);
            Assert.Contains("Kafka:Properties:session.timeout.ms", sink.Sink.Fault.Message, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Kafka.ClearRequestErrors(Pulse.Streams.Testing.KafkaApiKeys.JoinGroup);
        }
    }

    private static void Produce(VitalsProducer producer, SinkTestBed bed, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            var patient = $"p{i % 31}";
            producer.Send(bed.Topics.Enriched, patient, VitalRecords.Enriched(patient, VitalRecords.Start.AddMilliseconds(i)));
        }
        producer.Flush();
    }
}
