using System.Buffers.Binary;
using Confluent.Kafka;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// The outer-join store of a left or outer stream–stream join (Kafka's <c>KSTREAM-OUTERSHARED-…-store</c>): the records
/// that have met nothing yet, held until their window closes. A byte key-value store keyed, as Kafka's
/// <c>TimestampedKeyAndJoinSide</c>, [timestamp, 8 bytes big-endian][side: 1 left, 0 right][key], so a scan meets the
/// oldest records first; each value is the list of every such record's value ([length, 4 bytes][value] each), as
/// Kafka's list-value store keeps duplicates. The values of the left side use the left serde, the right's the right's.
/// </summary>
internal sealed class OuterJoinStore<TKey, TLeft, TRight>(string storeName, Serde<TKey>? keySerde, Serde<TLeft>? leftSerde, Serde<TRight>? rightSerde)
{
    private IKeyValueStore<byte[], byte[]> _store = null!;
    private Serde<TKey> _keys = null!;
    private Serde<TLeft> _left = null!;
    private Serde<TRight> _right = null!;
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;

    public void Init(IProcessingContext context)
    {
        _store = context.GetStateStore<IKeyValueStore<byte[], byte[]>>(storeName);
        var where = $"state store '{storeName}'";
        _keys = context.Config.KeySerde(keySerde, where);
        _left = context.Config.ValueSerde(leftSerde, where);
        _right = context.Config.ValueSerde(rightSerde, where);
        var topic = TopicNames.Changelog(context.ApplicationId, storeName);
        _keyContext = new SerializationContext(MessageComponentType.Key, topic);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
    }

    /// <summary>Adds a record that met nothing to the list of its key, timestamp and side.</summary>
    public void Add(TKey key, long timestamp, bool leftSide, TLeft? left, TRight? right)
    {
        var storeKey = StoreKey(key, timestamp, leftSide);
        var value = leftSide ? _left.Serialize(left, _valueContext) : _right.Serialize(right, _valueContext);
        var existing = _store.Get(storeKey);
        var list = new byte[(existing?.Length ?? 0) + 4 + value!.Length];
        existing?.CopyTo(list, 0);
        var at = existing?.Length ?? 0;
        BinaryPrimitives.WriteInt32BigEndian(list.AsSpan(at), value.Length);
        value.CopyTo(list, at + 4);
        _store.Put(storeKey, list);
    }

    /// <summary>Forgets the records of a key, timestamp and side, if any (they met a record of the other side).</summary>
    public void Remove(TKey key, long timestamp, bool leftSide)
    {
        var storeKey = StoreKey(key, timestamp, leftSide);
        if (_store.Get(storeKey) is not null) _store.Delete(storeKey);
    }

    /// <summary>Every held entry, oldest first (then right before left, then by key bytes), as a snapshot.</summary>
    public IEnumerable<Entry> All()
    {
        foreach (var (storeKey, list) in _store.All())
        {
            var timestamp = BinaryPrimitives.ReadInt64BigEndian(storeKey);
            var leftSide = storeKey[8] == 1;
            yield return new Entry(storeKey, timestamp, leftSide, _keys.Deserialize(storeKey[9..], _keyContext)!, list);
        }
    }

    /// <summary>The values of an entry, in the order they were added.</summary>
    public IEnumerable<(TLeft? Left, TRight? Right)> Values(Entry entry)
    {
        for (var at = 0; at < entry.List.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(entry.List.AsSpan(at));
            var bytes = entry.List.AsSpan(at + 4, length).ToArray();
            at += 4 + length;
            yield return entry.LeftSide ? (_left.Deserialize(bytes, _valueContext), default) : (default, _right.Deserialize(bytes, _valueContext));
        }
    }

    public void Delete(Entry entry) => _store.Delete(entry.StoreKey);

    private byte[] StoreKey(TKey key, long timestamp, bool leftSide)
    {
        var keyBytes = _keys.Serialize(key, _keyContext)!;
        var storeKey = new byte[9 + keyBytes.Length];
        BinaryPrimitives.WriteInt64BigEndian(storeKey, timestamp);
        storeKey[8] = leftSide ? (byte)1 : (byte)0;
        keyBytes.CopyTo(storeKey, 9);
        return storeKey;
    }

    /// <summary>One key's held records of one timestamp and side.</summary>
    public sealed record Entry(byte[] StoreKey, long Timestamp, bool LeftSide, TKey Key, byte[] List);
}
