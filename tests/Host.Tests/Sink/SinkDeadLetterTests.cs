using System.Globalization;
using Pulse.Host.Observability;
using Pulse.Host.Sink;
using Pulse.Host.Tests.TestSupport;
using Pulse.Streams.Errors;
using pulse.vitals;

namespace Pulse.Host.Tests.Sink;

/// <summary>Rows the database refuses for good, and values that do not read, go to the dead-letter topic; the rest are written.</summary>
public sealed class SinkDeadLetterTests(SinkFixture fixture) : IClassFixture<SinkFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public void RowsRejectedForGood_GoToTheDeadLetterTopicWithTheReason_AndTheRestAreWritten()
    {
        var bed = fixture.NewBed(partitions: 2);
        using var producer = new VitalsProducer(fixture.Kafka);
        var outOfRange = VitalRecords.Enriched("p-bad", VitalRecords.Start.AddHours(1));
        outOfRange.reading.spo2 = 150;                          // breaks readings_spo2_check (SQLSTATE 23514)
        var nul = VitalRecords.Enriched("p-nul", VitalRecords.Start.AddHours(2));
        nul.reading.device_id = "monitor\0";                    // PostgreSQL text cannot hold NUL (SQLSTATE 22021)
        var undeserializable = new byte[] { 0, 0, 0, 0, 99, 1, 2, 3 };
        for (var i = 0; i < 200; i++)
        {
            var patient = $"p{i % 7}";
            producer.Send(bed.Topics.Enriched, patient, VitalRecords.Enriched(patient, VitalRecords.Start.AddSeconds(i)));
            if (i == 50) producer.Send(bed.Topics.Enriched, "p-bad", outOfRange);
            if (i == 120) producer.Send(bed.Topics.Enriched, "p-nul", nul);
            if (i == 160) producer.SendBytes(bed.Topics.Enriched, "p-garbage", undeserializable);
        }
        producer.Flush();

        using var batches = new ActivityRecorder(HostTracing.SourceName, a => a.OperationName == "sink.batch" && (string?)a.GetTagItem("messaging.consumer.group.name") == bed.GroupId);
        using var sink = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Sink:BatchSize"] = "1000", ["Sink:LingerMs"] = "200" }));
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 203) && sink.Metrics.DeadLetters == 3, Timeout, sink.Describe);

        // Traced: a span per batch, its rows and dead letters on it.
        Wait.Until(() => batches.Stopped.Sum(a => (int)a.GetTagItem("sink.rows_written")!) == 200, Timeout, () => $"{batches.Stopped.Count} sink.batch spans");
        Assert.Equal(203, batches.Stopped.Sum(a => (int)a.GetTagItem("sink.records")!));
        var letters3 = batches.Stopped.SelectMany(a => a.Events).Where(e => e.Name == "sink.dead_letter").Select(e => (string)e.Tags.First(t => t.Key == "sink.reason").Value!).Order().ToList();
        Assert.Equal([SinkDeadLetterHeaders.Rejected, SinkDeadLetterHeaders.Rejected, SinkDeadLetterHeaders.Undeserializable], letters3);

        Assert.Equal(200, Sql.Count(bed.ConnectionString, "readings"));
        Assert.Equal(0, Sql.Scalar<long>(bed.ConnectionString, "SELECT count(*) FROM readings WHERE patient_id IN ('p-bad', 'p-nul', 'p-garbage')"));
        var letters = TopicReader.Read(fixture.Kafka, bed.DeadLetterTopic, bed.Partitions, 3, Timeout)
            .ToDictionary(r => System.Text.Encoding.UTF8.GetString(r.Message.Key));
        Assert.Equal(3, letters.Count);

        var bad = letters["p-bad"];
        Assert.Equal(producer.Serialize(bed.Topics.Enriched, outOfRange), bad.Message.Value);
        Assert.Equal(SinkDeadLetterHeaders.Rejected, bad.Header(SinkDeadLetterHeaders.Reason));
        Assert.Equal("23514", bad.Header(SinkDeadLetterHeaders.SqlState));
        Assert.Equal("readings", bad.Header(SinkDeadLetterHeaders.Table));
        Assert.Contains("readings_spo2_check", bad.Header(DeadLetterHeaders.Message), StringComparison.Ordinal);
        Assert.Equal(bed.Topics.Enriched, bad.Header(DeadLetterHeaders.Topic));
        Assert.NotNull(bad.Header(DeadLetterHeaders.Partition));
        Assert.NotNull(bad.Header(DeadLetterHeaders.Offset));
        Assert.True(SourceRecordIs(bed, bad, "p-bad"), "the offset header points at the rejected record");

        Assert.Equal("22021", letters["p-nul"].Header(SinkDeadLetterHeaders.SqlState));
        var garbage = letters["p-garbage"];
        Assert.Equal(SinkDeadLetterHeaders.Undeserializable, garbage.Header(SinkDeadLetterHeaders.Reason));
        Assert.Equal(undeserializable, garbage.Message.Value);
        Assert.Null(garbage.Header(SinkDeadLetterHeaders.SqlState));
    }

    [Fact]
    public void ARejectedRow_IsIsolatedByHalving_NotRowByRow()
    {
        var bed = fixture.NewBed(partitions: 1);
        using var producer = new VitalsProducer(fixture.Kafka);
        for (var i = 0; i < 1000; i++)
        {
            var reading = VitalRecords.Enriched("p1", VitalRecords.Start.AddSeconds(i));
            if (i == 777) reading.reading.heart_rate = -1;
            producer.Send(bed.Topics.Enriched, "p1", reading);
        }
        producer.Flush();

        using var sink = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Sink:BatchSize"] = "1000", ["Sink:LingerMs"] = "1000" }));
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 1000), Timeout, sink.Describe);

        Assert.Equal(999, Sql.Count(bed.ConnectionString, "readings"));
        Assert.Equal(1, sink.Metrics.DeadLetters);
        // Halving: about log2(1000) = 10 failed transactions on the way to the culprit, not 1000.
        Assert.InRange(sink.LogCount("halving"), 1, 20);
    }

    private static bool SourceRecordIs(SinkTestBed bed, Confluent.Kafka.ConsumeResult<byte[], byte[]> letter, string key)
    {
        var partition = int.Parse(letter.Header(DeadLetterHeaders.Partition)!, CultureInfo.InvariantCulture);
        var offset = long.Parse(letter.Header(DeadLetterHeaders.Offset)!, CultureInfo.InvariantCulture);
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig
        {
            BootstrapServers = bed.Kafka.BootstrapServers,
            GroupId = "check-" + Guid.NewGuid(),
        }).Build();
        consumer.Assign(new Confluent.Kafka.TopicPartitionOffset(bed.Topics.Enriched, partition, offset));
        var record = consumer.Consume(TimeSpan.FromSeconds(10));
        return record is not null && System.Text.Encoding.UTF8.GetString(record.Message.Key) == key;
    }

    [Fact]
    public void HugeUnreadableValue_IsDeadLetteredCutToTheLimit_AndTheSinkGoesOn()
    {
        var bed = fixture.NewBed(partitions: 1);
        using var producer = new VitalsProducer(fixture.Kafka);
        var huge = new byte[1_040_000];
        new Random(3).NextBytes(huge);
        producer.SendBytes(bed.Topics.Enriched, "p-huge", huge);
        for (var i = 0; i < 20; i++) producer.Send(bed.Topics.Enriched, "p1", VitalRecords.Enriched("p1", VitalRecords.Start.AddSeconds(i)));
        producer.Flush();

        using var sink = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Sink:DeadLetterMaxPayloadBytes"] = "65536" }));
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 21), Timeout, sink.Describe);

        Assert.Equal(20, Sql.Count(bed.ConnectionString, "readings"));
        Assert.Null(sink.Sink.Fault);
        var letter = Assert.Single(TopicReader.Read(fixture.Kafka, bed.DeadLetterTopic, bed.Partitions, 1, Timeout));
        Assert.Equal(huge[..65536], letter.Message.Value);
        Assert.Equal("1040000", letter.Header(DeadLetterHeaders.PayloadSize));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(huge)), letter.Header(DeadLetterHeaders.PayloadSha256));
    }
}
