using Confluent.Kafka;
using Pulse.Streams.Processor;

namespace Pulse.Streams.Internal.Processor;

/// <summary>
/// The buffered records of one input partition, deserialized and stamped as they arrive.
/// Invariants: records leave in offset order; partition time is the largest timestamp of any
/// record that has reached the head; records that fail to deserialize or carry a negative
/// timestamp never enter (they are handled and counted as they arrive).
/// </summary>
internal abstract class RecordQueue(TopicPartition partition)
{
    public TopicPartition Partition { get; } = partition;

    /// <summary>The largest timestamp of a record that reached the head, or -1.</summary>
    public long PartitionTime { get; protected set; } = -1;

    /// <summary>The offset after the last record added (dropped ones included), or -1.</summary>
    public long NextOffsetAfterAdded { get; protected set; } = -1;

    public abstract int Count { get; }

    /// <summary>The timestamp of the head record, or long.MaxValue when empty.</summary>
    public abstract long HeadTimestamp { get; }

    /// <summary>The offset of the head record, or -1 when empty.</summary>
    public abstract long HeadOffset { get; }

    /// <summary>The offset to commit: that of the first unprocessed record.</summary>
    public long CommittableOffset => Count > 0 ? HeadOffset : NextOffsetAfterAdded;

    /// <summary>
    /// Whether the consumer reported the partition's end after the last record it delivered: nothing more is there to
    /// fetch for now (set by the Kafka runtime from partition-EOF events; cleared by every record added).
    /// </summary>
    public bool FetchedToEnd { get; set; }

    /// <summary>When the partition was first seen empty and not known to be fetched to its end, or -1 (see <see cref="InputReadiness"/>).</summary>
    public long EmptyUnknownSinceMs { get; set; } = -1;

    /// <summary>When an idle partition stops holding the task back (<see cref="StreamsConfig.MaxTaskIdle"/>), or -1.</summary>
    public long IdleDeadlineMs { get; set; } = -1;

    /// <summary>Adds one record as it arrives from the consumer.</summary>
    public void Add(ConsumeResult<byte[], byte[]> raw) => Add(InputRecord.From(raw));

    /// <summary>Adds one record as it arrives.</summary>
    public void Add(in InputRecord raw)
    {
        FetchedToEnd = false;
        EmptyUnknownSinceMs = IdleDeadlineMs = -1;
        Enqueue(raw);
    }

    protected abstract void Enqueue(in InputRecord raw);

    /// <summary>Removes the head record and sends it through the source node; returns its timestamp.</summary>
    public abstract long ProcessHead();

    public abstract void Clear();
}

internal sealed class RecordQueue<TKey, TValue>(TopicPartition partition, SourceNode<TKey, TValue> source, TaskContext context)
    : RecordQueue(partition)
{
    private readonly Queue<(Record<TKey, TValue> Record, long Offset, byte[]? RawKey, byte[]? RawValue)> _queue = new();
    private readonly ProcessorRecordContext _context = ProcessorRecordContext.Reusable(partition.Topic, partition.Partition.Value);

    public override int Count => _queue.Count;

    public override long HeadTimestamp => _queue.TryPeek(out var head) ? head.Record.Timestamp : long.MaxValue;

    public override long HeadOffset => _queue.TryPeek(out var head) ? head.Offset : -1;

    protected override void Enqueue(in InputRecord raw)
    {
        NextOffsetAfterAdded = raw.Offset + 1;
        var headers = raw.Headers is { Count: > 0 } h ? h : null;
        TKey key;
        TValue value;
        try
        {
            key = source.KeySerde.Deserialize(raw.Key, new SerializationContext(MessageComponentType.Key, raw.Topic, headers))!;
            value = source.ValueSerde.Deserialize(raw.Value, new SerializationContext(MessageComponentType.Value, raw.Topic, headers))!;
        }
        catch (Exception ex)
        {
            context.Errors.HandleDeserializationError(source.Name, raw.ToConsumeResult(), ex);
            return;
        }

        var timestamp = source.TimestampExtractor is { } extract ? extract(key, value, raw.Timestamp, PartitionTime) : raw.Timestamp;
        if (timestamp < 0)
        {
            context.Errors.RecordDroppedForTimestamp(raw.ToConsumeResult(), timestamp);
            return;
        }
        _queue.Enqueue((new Record<TKey, TValue>(key, value, timestamp, headers), raw.Offset, raw.Key, raw.Value));
    }

    public override long ProcessHead()
    {
        var (record, offset, rawKey, rawValue) = _queue.Dequeue();
        if (record.Timestamp > PartitionTime) PartitionTime = record.Timestamp;
        _context.Set(record.Timestamp, offset, record.Headers, rawKey, rawValue);
        context.RecordContext = _context;
        if (!typeof(TKey).IsValueType) context.SetSourceKey(record.Key, source.KeySerde);
        context.CurrentNode = source;
        source.Process(record);
        return record.Timestamp;
    }

    public override void Clear() => _queue.Clear();
}
