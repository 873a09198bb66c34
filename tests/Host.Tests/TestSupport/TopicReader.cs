using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Reads a topic from the start (assigned, not in a group) until enough records arrived, or fails at the deadline.</summary>
internal static class TopicReader
{
    public static List<ConsumeResult<byte[], byte[]>> Read(EmbeddedKafkaCluster cluster, string topic, int partitions, int count, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        Wait.Until(() =>
        {
            while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } r)
                if (!r.IsPartitionEOF) records.Add(r);
            return records.Count >= count;
        }, timeout, () => $"{count} records on '{topic}' ({records.Count} so far)");
        consumer.Close();
        return records;
    }

    public static string? Header(this ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
