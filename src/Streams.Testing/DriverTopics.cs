using Confluent.Kafka;
using Pulse.Streams.Internal.Processor;

namespace Pulse.Streams.Testing;

/// <summary>
/// The driver's topics: offsets per partition, the records produced (kept per topic until read),
/// and the producer side of the tasks' collectors. Invariant: offsets in a partition are dense
/// from 0, inputs and outputs alike.
/// </summary>
internal sealed class DriverTopics(int partitions) : IRecordSink
{
    private readonly Dictionary<(string, int), long> _nextOffsets = [];
    private readonly Dictionary<string, Queue<ConsumeResult<byte[], byte[]>>> _outputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _producedTopics = new(StringComparer.Ordinal);
    private List<ConsumeResult<byte[], byte[]>> _produced = [];
    private List<ConsumeResult<byte[], byte[]>> _spare = [];
    private int _roundRobin;

    public IReadOnlySet<string> ProducedTopicNames => _producedTopics;

    public int? PartitionsFor(string topic) => partitions;

    public void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp) =>
        Append(topic, partition, key, value, headers, timestamp, output: true);

    public void Flush() { }

    public ConsumeResult<byte[], byte[]> Append(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp, bool output)
    {
        var p = partition ?? (key is not null ? Murmur2.Partition(key, partitions) : _roundRobin++ % partitions);
        var offset = _nextOffsets.GetValueOrDefault((topic, p));
        _nextOffsets[(topic, p)] = offset + 1;
        var record = new ConsumeResult<byte[], byte[]>
        {
            Topic = topic,
            Partition = p,
            Offset = offset,
            Message = new Message<byte[], byte[]>
            {
                Key = key!,
                Value = value!,
                Headers = headers,
                Timestamp = new Timestamp(timestamp, TimestampType.CreateTime),
            },
        };
        if (output)
        {
            if (!_outputs.TryGetValue(topic, out var queue)) _outputs[topic] = queue = new();
            queue.Enqueue(record);
            _produced.Add(record);
            _producedTopics.Add(topic);
        }
        return record;
    }

    /// <summary>The records produced since the last call, in order; the list is reused by the call after next.</summary>
    public List<ConsumeResult<byte[], byte[]>> TakeProduced()
    {
        var taken = _produced;
        (_produced, _spare) = (_spare, taken);
        _produced.Clear();
        return taken;
    }

    public bool HasProduced => _produced.Count > 0;

    public int QueueSize(string topic) => _outputs.TryGetValue(topic, out var q) ? q.Count : 0;

    public ConsumeResult<byte[], byte[]> Read(string topic) =>
        _outputs.TryGetValue(topic, out var q) && q.TryDequeue(out var r) ? r : throw new InvalidOperationException($"Topic '{topic}' has no record to read.");
}
