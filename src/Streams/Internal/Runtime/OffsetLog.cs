using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using Pulse.Streams.Internal.Kafka;

namespace Pulse.Streams.Internal.Runtime;

/// <summary>
/// Input offsets written inside each exactly-once transaction to the internal topic
/// <c>&lt;application.id&gt;-offsets</c>, next to <c>SendOffsetsToTransaction</c>. Brokers that do not
/// keep transactional offset commits (librdkafka's mock) still let a restarted task resume from
/// the right place: the runtime resumes from the later of the group's committed offset and this
/// log's. Invariant: the log is read read_committed, so only committed transactions count.
/// </summary>
internal sealed class OffsetLog(string topic, IConsumer<byte[], byte[]> reader, TimeSpan timeout)
{
    private readonly Dictionary<TopicPartition, long> _latest = [];
    private long _position;

    public void Append(KafkaRecordSink sink, IReadOnlyDictionary<TopicPartition, long> offsets, long timestamp)
    {
        foreach (var (tp, offset) in offsets)
        {
            var value = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(value, offset);
            sink.Send(topic, 0, Encoding.UTF8.GetBytes($"{tp.Topic}\n{tp.Partition.Value}"), value, null, timestamp);
        }
    }

    /// <summary>Reads what was appended since the last call; returns the latest offset per input partition.</summary>
    public IReadOnlyDictionary<TopicPartition, long> ReadLatest()
    {
        var tp = new TopicPartition(topic, 0);
        var end = reader.QueryWatermarkOffsets(tp, timeout).High.Value;
        if (_position >= end) return _latest;
        reader.Assign(new TopicPartitionOffset(tp, _position));
        try
        {
            var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (_position < end && Environment.TickCount64 < deadline)
            {
                var record = reader.Consume(TimeSpan.FromMilliseconds(200));
                if (record is null) continue;
                if (record.IsPartitionEOF) break;
                _position = record.Offset.Value + 1;
                var parts = Encoding.UTF8.GetString(record.Message.Key).Split('\n');
                _latest[new TopicPartition(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))] =
                    BinaryPrimitives.ReadInt64BigEndian(record.Message.Value);
            }
        }
        finally
        {
            reader.Unassign();
        }
        return _latest;
    }
}
