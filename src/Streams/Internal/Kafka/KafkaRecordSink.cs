using System.Collections.Concurrent;
using Confluent.Kafka;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Processor;

namespace Pulse.Streams.Internal.Kafka;

/// <summary>
/// The collector's way out to Kafka: one producer per stream thread (transactional under
/// exactly-once). Sends are asynchronous; the first delivery failure is kept and thrown by
/// <see cref="Flush"/> (and by the next send), so a commit never covers a lost record, unless
/// <see cref="Tolerate"/> accepts it (a dead letter that did not arrive, a record the production
/// handler continues past): then it is counted in <see cref="Tolerated"/> and the task goes on.
/// Partition counts come first from the runtime's plan (source and internal topics), else from
/// broker metadata for all topics (a metadata request naming an unknown topic would make some
/// brokers, librdkafka's mock among them, create it), and are cached per topic, unknown ones too.
/// </summary>
internal sealed class KafkaRecordSink(IProducer<byte[], byte[]> producer, IAdminClient admin, TimeSpan metadataTimeout,
    IReadOnlyDictionary<string, int>? knownPartitions = null) : IRecordSink
{
    private readonly ConcurrentDictionary<string, int> _partitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TopicPartition, long> _delivered = new();
    private Action<DeliveryReport<byte[], byte[]>>? _onDelivery;
    private Exception? _failure;
    private long _sent;
    private long _tolerated;

    /// <summary>
    /// Decides about a record the broker did not take, on the producer's delivery thread: true tolerates it (the policy
    /// logs it), false makes it a failure of the thread. Null: every failure is one.
    /// </summary>
    public Func<DeliveryReport<byte[], byte[]>, bool>? Tolerate { get; set; }

    /// <summary>Records not delivered that <see cref="Tolerate"/> accepted.</summary>
    public long Tolerated => Interlocked.Read(ref _tolerated);

    public IProducer<byte[], byte[]> Producer => producer;

    public long Sent => Interlocked.Read(ref _sent);

    public int? PartitionsFor(string topic)
    {
        if (knownPartitions is not null && knownPartitions.TryGetValue(topic, out var known)) return known;
        if (!_partitions.TryGetValue(topic, out var n))
        {
            var t = admin.GetMetadata(metadataTimeout).Topics.Find(x => x.Topic == topic);
            n = t is null || t.Error.IsError ? 0 : t.Partitions.Count;
            _partitions[topic] = n; // 0: unknown; the producer partitions (and the broker may create the topic)
        }
        return n > 0 ? n : null;
    }

    public void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp)
    {
        ThrowIfFailed();
        var message = new Message<byte[], byte[]> { Key = key!, Value = value!, Headers = headers, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) };
        var handler = _onDelivery ??= OnDelivery;
        while (true)
        {
            try
            {
                if (partition is int p) producer.Produce(PartitionOf(topic, p), message, handler);
                else producer.Produce(topic, message, handler);
                Interlocked.Increment(ref _sent);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10)); // back-pressure: serve delivery reports until there is room
            }
        }
    }

    // The TopicPartition of each partition sent to, made once (Send runs on the stream thread only).
    private readonly Dictionary<string, TopicPartition[]> _topicPartitions = new(StringComparer.Ordinal);

    private TopicPartition PartitionOf(string topic, int partition)
    {
        if (!_topicPartitions.TryGetValue(topic, out var partitions) || partition >= partitions.Length)
        {
            var grown = new TopicPartition[Math.Max(partition + 1, partitions?.Length ?? 0)];
            partitions?.CopyTo(grown, 0);
            _topicPartitions[topic] = partitions = grown;
        }
        return partitions[partition] ??= new TopicPartition(topic, partition);
    }

    public void Flush()
    {
        while (producer.Flush(TimeSpan.FromSeconds(1)) > 0) ThrowIfFailed();
        ThrowIfFailed();
    }

    /// <summary>The offset after the last record delivered to <paramref name="partition"/>, or null.</summary>
    public long? NextOffsetAfterDelivered(TopicPartition partition) => _delivered.TryGetValue(partition, out var o) ? o + 1 : null;

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (!report.Error.IsError)
        {
            // No closure per report: the offset goes in as the factory argument.
            _delivered.AddOrUpdate(report.TopicPartition, static (_, offset) => offset, static (_, old, offset) => Math.Max(old, offset), report.Offset.Value);
            return;
        }
        if (Tolerate?.Invoke(report) == true)
        {
            Interlocked.Increment(ref _tolerated);
            return;
        }
        Interlocked.CompareExchange(ref _failure, new StreamsException(
                $"Could not deliver a record to {report.TopicPartition}: {report.Error.Reason} ({report.Error.Code})", new KafkaException(report.Error)), null);
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure) throw failure;
    }
}
