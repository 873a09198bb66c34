using System.Buffers.Binary;
using Confluent.Kafka;
using Pulse.Streams.Processor;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.Dsl.Processors;

/// <summary>
/// The stream side's buffer of a stream–table join with a grace period (KIP-923), in a change-logged key-value store (Kafka's
/// <c>&lt;join&gt;-Buffer</c>). Entries are keyed by timestamp (8 bytes, big-endian, sign bit flipped so byte order is time
/// order), then a sequence number, then the record's key, so the store's order is the order to join in; the value is the
/// record's headers (a count, then each key and value with its length) followed by the record's value, so an evicted record
/// carries the headers it came with. Invariants: buffer time is the largest timestamp buffered (recovered from the store after a restart); no
/// record older than buffer time minus the grace period is buffered, and every buffered record at most that old is evicted by
/// the next <see cref="EvictExpired"/>.
/// </summary>
internal sealed class StreamTableJoinBuffer<TKey, TValue>(string storeName, long graceMs, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
{
    private IKeyValueStore<byte[], byte[]> _store = null!;
    private Serde<TKey> _keySerde = null!;
    private Serde<TValue> _valueSerde = null!;
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;
    private long _bufferTime = long.MinValue;
    private long _sequence;
    private bool _recovered;

    public void Init(IProcessingContext context)
    {
        _store = context.GetStateStore<IKeyValueStore<byte[], byte[]>>(storeName);
        _keySerde = context.Config.KeySerde(keySerde, $"join buffer '{storeName}'");
        _valueSerde = context.Config.ValueSerde(valueSerde, $"join buffer '{storeName}'");
        var topic = TopicNames.Changelog(context.ApplicationId, storeName);
        _keyContext = new SerializationContext(MessageComponentType.Key, topic);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
        _recovered = false;
    }

    /// <summary>Buffer time and the next sequence number from what the store holds (after its restore, hence on first use).</summary>
    private void Recover()
    {
        if (_recovered) return;
        _recovered = true;
        foreach (var (key, _) in _store.All())
        {
            _bufferTime = Math.Max(_bufferTime, TimestampOf(key));
            _sequence = Math.Max(_sequence, BinaryPrimitives.ReadInt64BigEndian(key.AsSpan(8)) + 1);
        }
    }

    /// <summary>Buffers <paramref name="record"/>; false (and nothing buffered) when it is older than buffer time minus the grace period.</summary>
    public bool Put(Record<TKey, TValue> record)
    {
        Recover();
        if (_bufferTime != long.MinValue && record.Timestamp < _bufferTime - graceMs) return false;
        _bufferTime = Math.Max(_bufferTime, record.Timestamp);
        var keyBytes = _keySerde.Serialize(record.Key, _keyContext) ?? [];
        var key = new byte[16 + keyBytes.Length];
        BinaryPrimitives.WriteUInt64BigEndian(key, (ulong)(record.Timestamp ^ long.MinValue));
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(8), _sequence++);
        keyBytes.CopyTo(key, 16);
        _store.Put(key, WithHeaders(record.Headers, _valueSerde.Serialize(record.Value, _valueContext) ?? []));
        return true;
    }

    /// <summary>Hands every buffered record at most buffer time minus the grace period old to <paramref name="emit"/>, oldest first, and removes it.</summary>
    public void EvictExpired(Action<Record<TKey, TValue>> emit)
    {
        Recover();
        if (_bufferTime == long.MinValue) return;
        var limit = _bufferTime - graceMs;
        foreach (var (key, value) in _store.All())
        {
            var timestamp = TimestampOf(key);
            if (timestamp > limit) break;
            _store.Delete(key);
            var recordKey = _keySerde.Deserialize(key[16..], _keyContext)!;
            var (headers, valueBytes) = SplitHeaders(value);
            emit(new Record<TKey, TValue>(recordKey, _valueSerde.Deserialize(valueBytes, _valueContext)!, timestamp, headers));
        }
    }

    private static byte[] WithHeaders(Headers? headers, byte[] value)
    {
        using var buffer = new MemoryStream();
        var length = new byte[4];
        void WriteBytes(byte[]? bytes)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, bytes?.Length ?? -1);
            buffer.Write(length);
            if (bytes is not null) buffer.Write(bytes);
        }
        BinaryPrimitives.WriteInt32BigEndian(length, headers?.Count ?? 0);
        buffer.Write(length);
        foreach (var header in headers ?? [])
        {
            WriteBytes(System.Text.Encoding.UTF8.GetBytes(header.Key));
            WriteBytes(header.GetValueBytes());
        }
        buffer.Write(value);
        return buffer.ToArray();
    }

    private static (Headers? Headers, byte[] Value) SplitHeaders(byte[] stored)
    {
        var span = stored.AsSpan();
        var count = BinaryPrimitives.ReadInt32BigEndian(span);
        var offset = 4;
        byte[]? ReadBytes()
        {
            var n = BinaryPrimitives.ReadInt32BigEndian(stored.AsSpan(offset));
            offset += 4;
            if (n < 0) return null;
            var bytes = stored.AsSpan(offset, n).ToArray();
            offset += n;
            return bytes;
        }
        Headers? headers = count == 0 ? null : [];
        for (var i = 0; i < count; i++) headers!.Add(System.Text.Encoding.UTF8.GetString(ReadBytes()!), ReadBytes());
        return (headers, stored[offset..]);
    }

    private static long TimestampOf(byte[] key) => (long)BinaryPrimitives.ReadUInt64BigEndian(key) ^ long.MinValue;
}
