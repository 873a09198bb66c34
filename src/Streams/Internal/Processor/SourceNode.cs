using Confluent.Kafka;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Internal.Processor;

/// <summary>Reads one or more topics: deserializes records and stamps their event time.</summary>
internal sealed class SourceNode<TKey, TValue>(string name, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
    TimestampExtractor<TKey, TValue>? timestampExtractor) : ProcessorNode<TKey, TValue>(name), ISourceNode
{
    private Forwarder<TKey, TValue>? _forwarder;

    public Serde<TKey> KeySerde { get; private set; } = null!;
    public Serde<TValue> ValueSerde { get; private set; } = null!;
    public TimestampExtractor<TKey, TValue>? TimestampExtractor => timestampExtractor;

    public override void Init(TaskContext context)
    {
        KeySerde = context.Config.KeySerde(keySerde, $"source '{Name}'");
        ValueSerde = context.Config.ValueSerde(valueSerde, $"source '{Name}'");
        _forwarder = ForwarderOf<TKey, TValue>(context);
    }

    public override void Process(Record<TKey, TValue> record) => _forwarder!.Forward(record);

    public RecordQueue CreateQueue(TopicPartition partition, TaskContext context) => new RecordQueue<TKey, TValue>(partition, this, context);
}

/// <summary>A source node, untyped: what a task needs to make a queue for a partition.</summary>
internal interface ISourceNode
{
    string Name { get; }

    RecordQueue CreateQueue(TopicPartition partition, TaskContext context);
}
