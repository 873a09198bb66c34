using Pulse.Host.Tests.TestSupport;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.Sink;

/// <summary>
/// Stored offsets belong to one Kafka cluster: a database that an earlier cluster's sink wrote is
/// read against a new cluster from the beginning, and says so, instead of resuming at offsets that
/// mean nothing there (the demo reusing a --postgres database, a cluster rebuilt).
/// </summary>
public sealed class SinkClusterIdTests(SinkFixture fixture) : IClassFixture<SinkFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void SecondCluster_SameDatabaseAndGroup_IgnoresTheFirstClustersOffsetsAndWritesEverything()
    {
        var bed = fixture.NewBed(partitions: 2);
        Produce(fixture.Kafka, bed, "first", 300);
        using (var first = new InProcessSink(bed.Settings()))
            Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 300), Timeout, first.Describe);

        using var second = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { bed.Topics.Enriched, bed.Topics.Stats, bed.Topics.Notify, bed.Topics.Dispatch, bed.Topics.Invalid, bed.DeadLetterTopic })
            second.CreateTopic(topic, 2);
        Produce(second, bed, "second", 100);
        using var sink = new InProcessSink(bed.Settings(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = second.BootstrapServers }));

        Wait.Until(() => Sql.Count(bed.ConnectionString, "readings") == 400, Timeout, sink.Describe);
        Wait.Until(() => bed.OffsetsCover(bed.Topics.Enriched, 100), Timeout, sink.Describe);
        Assert.True(sink.Logged("from another Kafka cluster"), sink.Describe());
        Assert.Equal(1L, Sql.Scalar<long>(bed.ConnectionString, $"SELECT count(DISTINCT cluster_id) FROM sink_offsets WHERE consumer_group = '{bed.GroupId}'"));
    }

    private static void Produce(EmbeddedKafkaCluster kafka, SinkTestBed bed, string prefix, int readings)
    {
        using var producer = new VitalsProducer(kafka);
        for (var i = 0; i < readings; i++)
        {
            var patient = $"{prefix}-{i % 10}";
            producer.Send(bed.Topics.Enriched, patient, VitalRecords.Enriched(patient, VitalRecords.Start.AddSeconds(i)));
        }
        producer.Flush();
    }
}
