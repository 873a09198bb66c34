using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.State;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// Suppress: buffers each key's latest update in an <see cref="InMemoryTimeOrderedKeyValueBuffer"/>
/// and emits it once observed stream time is <see cref="SuppressionRules.WaitMs"/> past its buffer
/// time: the window end for final results, else the timestamp of the key's first buffered update.
/// An emitted update carries the record (timestamp, headers, new value) of the key's latest update, and
/// as its old value what downstream last saw of the key (the buffer's prior value). Past a limit of
/// the buffer, the oldest entries are emitted early or the task stops.
/// Invariant: after every <see cref="Process"/>, no entry's buffer time is at or before stream time
/// minus the wait, and the buffer is within its limits. For final results, an update of a window that
/// had closed before it came is dropped, so a window is emitted once even across a restart.
/// </summary>
internal sealed class KTableSuppress<TKey, TValue>(string nodeName, string storeName, SuppressionRules rules, Func<TKey, long>? bufferTimeOf,
    Func<StreamsConfig, Serde<TKey>> keySerdeOf, Func<StreamsConfig, Serde<TValue>> valueSerdeOf) : IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private InMemoryTimeOrderedKeyValueBuffer _buffer = null!;
    private Serde<TKey> _keySerde = null!;
    private Serde<TValue> _valueSerde = null!;
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        _buffer = context.GetStateStore<InMemoryTimeOrderedKeyValueBuffer>(storeName);
        _keySerde = keySerdeOf(context.Config);
        _valueSerde = valueSerdeOf(context.Config);
        var topic = TopicNames.Changelog(context.ApplicationId, storeName);
        _keyContext = new SerializationContext(MessageComponentType.Key, topic);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var key = new Bytes(_keySerde.Serializer.Serialize(record.Key, _keyContext) ?? []);
        var bufferTime = bufferTimeOf?.Invoke(record.Key) ?? record.Timestamp;
        if (rules.DropDeletes && bufferTime <= _buffer.ObservedStreamTime - rules.WaitMs && !_buffer.Contains(key))
        {
            // A final result already emitted: the window closed before this update came. Only an aggregation that lost its
            // stream time in a restart (the buffer keeps its own) lets one through; emitting it would repeat the window.
            InternalContexts.RecordDropped(_context);
            return;
        }
        _buffer.ObserveStreamTime(record.Timestamp);
        var newValue = record.Value.IsDelete ? null : Serialize(record.Value.NewValue); // a value-type delete says so in the change
        _buffer.Put(key, new BufferValue(bufferTime, 0, record.Timestamp, newValue, Serialize(record.Value.OldValue), record.Headers));
        EnforceConstraints();
    }

    private void EnforceConstraints()
    {
        var expiry = _buffer.ObservedStreamTime - rules.WaitMs;
        _buffer.EvictWhile(() => _buffer.MinTime <= expiry, Emit);
        if (!OverCapacity()) return;
        if (rules.BufferConfig.WhenFull == BufferFullStrategy.EmitEarly)
        {
            _buffer.EvictWhile(OverCapacity, Emit);
            return;
        }
        throw new StreamsException($"Suppress node '{nodeName}' (store '{storeName}', task {_context.TaskId}): the buffer exceeded its capacity " +
            $"with {_buffer.Count} of at most {Limit(rules.BufferConfig.RecordLimit)} records and {_buffer.SizeBytes} of at most " +
            $"{Limit(rules.BufferConfig.ByteLimit)} bytes, and is configured to shut down when full. Raise the limit, or let the buffer emit early.");
    }

    private bool OverCapacity() => _buffer.Count > rules.BufferConfig.RecordLimit || _buffer.SizeBytes > rules.BufferConfig.ByteLimit;

    private void Emit(Bytes key, BufferValue value)
    {
        if (value.NewValue is null && rules.DropDeletes) return;
        // The old value is what downstream last saw of the key (the value before its first held-back update), so a regrouping
        // downstream subtracts what it had added. Kafka sends the old value of the key's latest update, which downstream never saw
        // when the key changed more than once while held back.
        var change = new Change<TValue>(Deserialize(value.NewValue), Deserialize(value.PriorValue));
        var typedKey = _keySerde.Deserializer.Deserialize(key.Span, false, _keyContext)!;
        _context.Forward(new Record<TKey, Change<TValue>>(typedKey, change, value.Timestamp, value.Headers));
    }

    private byte[]? Serialize(TValue? value) => value is null ? null : _valueSerde.Serializer.Serialize(value, _valueContext);

    private TValue? Deserialize(byte[]? bytes) => bytes is null ? default : _valueSerde.Deserializer.Deserialize(bytes, false, _valueContext);

    private static string Limit(long limit) => limit == long.MaxValue ? "unbounded" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// What a suppress node does, resolved from <see cref="Suppressed"/>: how long past an entry's buffer
/// time it waits (grace for final results), the buffer's limits, and whether deletes are dropped
/// (final results only, where a delete never is one).
/// </summary>
internal sealed record SuppressionRules(long WaitMs, BufferConfig BufferConfig, bool DropDeletes);
