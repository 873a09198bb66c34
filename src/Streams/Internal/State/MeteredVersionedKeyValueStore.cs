using Confluent.Kafka;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The typed face of a versioned store: serializes keys and values into the byte layers below (changelog, versions).
/// Serdes default to the application's at <see cref="Init"/>.
/// </summary>
internal sealed class MeteredVersionedKeyValueStore<TKey, TValue>(IVersionedBytesStore inner, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
    : IVersionedKeyValueStore<TKey, TValue>
{
    private Serde<TValue> _valueSerde = null!;
    private SerializationContext _valueContext;
    private KeyEncoder<TKey> _keys = null!;

    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsOpen => inner.IsOpen;
    public long HistoryRetentionMs => inner.HistoryRetentionMs;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        var keys = context.Config.KeySerde(keySerde, $"state store '{Name}'");
        _valueSerde = context.Config.ValueSerde(valueSerde, $"state store '{Name}'");
        var topic = TopicNames.Changelog(context.ApplicationId, Name);
        _keys = new KeyEncoder<TKey>(keys, new SerializationContext(MessageComponentType.Key, topic), Name);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
        inner.Init(context, root);
    }

    public long Put(TKey key, TValue? value, long timestamp) => inner.Put(_keys.Encode(key), _valueSerde.Serialize(value, _valueContext), timestamp);

    public VersionedRecord<TValue>? Delete(TKey key, long timestamp)
    {
        var old = Get(key, timestamp);
        Put(key, default, timestamp);
        return old;
    }

    public VersionedRecord<TValue>? Get(TKey key) => Typed(inner.Get(_keys.Encode(key)));

    public VersionedRecord<TValue>? Get(TKey key, long asOfTimestamp) => Typed(inner.Get(_keys.Encode(key), asOfTimestamp));

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    private VersionedRecord<TValue>? Typed(VersionedBytes? found) => found is { } f
        ? new VersionedRecord<TValue>(_valueSerde.Deserialize(f.Value, _valueContext)!, f.Timestamp, f.ValidTo)
        : null;
}
