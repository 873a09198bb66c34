using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Processor;

/// <summary>Writes records to a topic, fixed or chosen per record, through the task's collector.</summary>
internal sealed class SinkNode<TKey, TValue>(string name, string? topic, TopicNameExtractor<TKey, TValue>? topicExtractor,
    Serde<TKey>? keySerde, Serde<TValue>? valueSerde, StreamPartitioner<TKey, TValue>? partitioner) : ProcessorNode<TKey, TValue>(name)
{
    private TaskContext? _context;
    private Serde<TKey>? _keySerde;
    private Serde<TValue>? _valueSerde;
    private EndToEndLatencySampler? _latency;

    /// <summary>The fixed topic, or null when chosen per record.</summary>
    public string? Topic => topic;

    public override void Init(TaskContext context)
    {
        _context = context;
        _keySerde = context.Config.KeySerde(keySerde, $"sink '{Name}'");
        _valueSerde = context.Config.ValueSerde(valueSerde, $"sink '{Name}'");
        _latency = new EndToEndLatencySampler(context);
    }

    public override void Process(Record<TKey, TValue> record)
    {
        var context = _context!;
        var target = topic ?? topicExtractor!(record.Key, record.Value, context.RecordContext is { HasSource: true } rc ? rc.Snapshot() : null);
        var resolved = context.ResolveTopic(target);
        context.Collector.Send(resolved, record.Key, record.Value, record.Headers, record.Timestamp,
            _keySerde!, _valueSerde!, partitioner, Name);
        if (resolved == target) _latency!.OnSend(resolved, record.Timestamp); // an output topic: internal ones resolve to a prefixed name
    }
}
