using Confluent.Kafka;

namespace Pulse.Host.Sink.Internal;

/// <summary>The next offset to read per partition after a run of records: the highest offset seen plus one.</summary>
internal static class PartitionOffsets
{
    public static Dictionary<TopicPartition, long> After(IEnumerable<SinkRecord> records)
    {
        var next = new Dictionary<TopicPartition, long>();
        foreach (var record in records)
        {
            var offset = record.Source.Offset.Value + 1;
            if (!next.TryGetValue(record.TopicPartition, out var seen) || offset > seen)
                next[record.TopicPartition] = offset;
        }
        return next;
    }
}
