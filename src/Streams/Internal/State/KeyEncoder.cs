using Confluent.Kafka;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// Serializes store keys, remembering the last one: a read-modify-write (an aggregation's fetch
/// then put) encodes and hashes its key once. Keys must not change after they are used. A key the source record in hand
/// was read with takes its bytes (<see cref="Processor.TaskContext.SourceKeyBytes"/>).
/// </summary>
internal sealed class KeyEncoder<TKey>(Serde<TKey> serde, SerializationContext context, string storeName, Processor.TaskContext? task = null)
{
    private TKey? _lastKey;
    private bool _hasLast;
    private Bytes _lastBytes;

    public Bytes Encode(TKey key)
    {
        if (_hasLast && EqualityComparer<TKey>.Default.Equals(key, _lastKey)) return _lastBytes;
        _lastBytes = new Bytes(task?.SourceKeyBytes(key, serde) ?? serde.Serialize(key, context)
            ?? throw new ArgumentNullException(nameof(key), $"State store '{storeName}' cannot take a null key."));
        (_lastKey, _hasLast) = (key, true);
        return _lastBytes;
    }

    public TKey Decode(Bytes key) => serde.Deserialize(key.Get(), context)!;
}
