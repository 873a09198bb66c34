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
    private readonly Dictionary<string, Queue<InputRecord>> _outputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _producedTopics = new(StringComparer.Ordinal);
    private List<InputRecord> _produced = [];
    private List<InputRecord> _spare = [];
    private int _roundRobin;

    public IReadOnlySet<string> ProducedTopicNames => _producedTopics;

    public int? PartitionsFor(string topic) => partitions;

    /// <summary>A record a task produced: kept as it is (no consumer record made) until something reads it.</summary>
    public void Send(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp)
    {
        var (p, offset) = Place(topic, partition, key);
        var record = new InputRecord(topic, p, offset, key, value, headers, timestamp);
        if (!_outputs.TryGetValue(topic, out var queue)) _outputs[topic] = queue = new();
        queue.Enqueue(record);
        _produced.Add(record);
        _producedTopics.Add(topic);
    }

    public void Flush() { }

    /// <summary>A record piped in: placed and numbered like any other, handed to the tasks as a consumer hands them records.</summary>
    public InputRecord AppendInput(string topic, int? partition, byte[]? key, byte[]? value, Headers? headers, long timestamp)
    {
        var (p, offset) = Place(topic, partition, key);
        return new InputRecord(topic, p, offset, key, value, headers, timestamp);
    }

    private (int Partition, long Offset) Place(string topic, int? partition, byte[]? key)
    {
        var p = partition ?? (key is not null ? Murmur2.Partition(key, partitions) : _roundRobin++ % partitions);
        ref var next = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_nextOffsets, (topic, p), out _);
        return (p, next++);
    }

    /// <summary>The records produced since the last call, in order; the list is reused by the call after next.</summary>
    public List<InputRecord> TakeProduced()
    {
        var taken = _produced;
        (_produced, _spare) = (_spare, taken);
        _produced.Clear();
        return taken;
    }

    public bool HasProduced => _produced.Count > 0;

    public int QueueSize(string topic) => _outputs.TryGetValue(topic, out var q) ? q.Count : 0;

    public InputRecord Read(string topic) =>
        _outputs.TryGetValue(topic, out var q) && q.TryDequeue(out var r) ? r : throw new InvalidOperationException($"Topic '{topic}' has no record to read.");
}
