using Confluent.Kafka;

namespace Pulse.Streams.Tests.TestSupport;

/// <summary>
/// A restore consumer that plays back what a broker enforcing read_committed shows (the embedded cluster cannot):
/// watermarks with a high watermark beyond the last stable offset, the committed records, then end-of-partition at
/// the last stable offset. Only what a restore uses is implemented.
/// </summary>
internal sealed class ScriptedRestoreConsumer(TopicPartition partition, long highWatermark, long lastStableOffset, IReadOnlyList<(byte[] Key, byte[] Value)> committed)
    : IConsumer<byte[], byte[]>
{
    private readonly Queue<ConsumeResult<byte[], byte[]>> _pending = new();

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) => new(0, highWatermark);

    public void Assign(TopicPartitionOffset partition1)
    {
        _pending.Clear();
        for (var i = (int)partition1.Offset.Value; i < committed.Count; i++)
            _pending.Enqueue(new ConsumeResult<byte[], byte[]>
            {
                TopicPartitionOffset = new TopicPartitionOffset(partition, i),
                Message = new Message<byte[], byte[]> { Key = committed[i].Key, Value = committed[i].Value },
            });
        _pending.Enqueue(new ConsumeResult<byte[], byte[]> { TopicPartitionOffset = new TopicPartitionOffset(partition, lastStableOffset), IsPartitionEOF = true });
    }

    public ConsumeResult<byte[], byte[]>? Consume(TimeSpan timeout) => _pending.Count > 0 ? _pending.Dequeue() : null;

    public void Unassign() => _pending.Clear();

    public void Dispose() { }

    public Handle Handle => throw new NotSupportedException();
    public string Name => "scripted-restore-consumer";
    public int AddBrokers(string brokers) => throw new NotSupportedException();
    public void SetSaslCredentials(string username, string password) => throw new NotSupportedException();
    public ConsumeResult<byte[], byte[]> Consume(int millisecondsTimeout) => throw new NotSupportedException();
    public ConsumeResult<byte[], byte[]> Consume(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public string MemberId => throw new NotSupportedException();
    public List<TopicPartition> Assignment => throw new NotSupportedException();
    public List<string> Subscription => throw new NotSupportedException();
    public void Subscribe(IEnumerable<string> topics) => throw new NotSupportedException();
    public void Subscribe(string topic) => throw new NotSupportedException();
    public void Unsubscribe() => throw new NotSupportedException();
    public void Assign(TopicPartition partition1) => throw new NotSupportedException();
    public void Assign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotSupportedException();
    public void Assign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotSupportedException();
    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void StoreOffset(ConsumeResult<byte[], byte[]> result) => throw new NotSupportedException();
    public void StoreOffset(TopicPartitionOffset offset) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Commit() => throw new NotSupportedException();
    public void Commit(IEnumerable<TopicPartitionOffset> offsets) => throw new NotSupportedException();
    public void Commit(ConsumeResult<byte[], byte[]> result) => throw new NotSupportedException();
    public void Seek(TopicPartitionOffset tpo) => throw new NotSupportedException();
    public void Pause(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void Resume(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => throw new NotSupportedException();
    public Offset Position(TopicPartition partition1) => throw new NotSupportedException();
    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout) => throw new NotSupportedException();
    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => throw new NotSupportedException();
    public void Close() { }
    public IConsumerGroupMetadata ConsumerGroupMetadata => throw new NotSupportedException();
}
