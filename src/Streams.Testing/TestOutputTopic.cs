using Confluent.Kafka;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Testing;

/// <summary>Reads what the topology wrote to a topic, oldest first; reading removes.</summary>
public sealed class TestOutputTopic<TKey, TValue> where TKey : notnull
{
    private readonly DriverTopics _topics;
    private readonly string _topic;
    private readonly Serde<TKey> _keySerde;
    private readonly Serde<TValue> _valueSerde;

    internal TestOutputTopic(DriverTopics topics, string topic, Serde<TKey> keySerde, Serde<TValue> valueSerde)
    {
        _topics = topics;
        _topic = topic;
        _keySerde = keySerde ?? throw new ArgumentNullException(nameof(keySerde));
        _valueSerde = valueSerde ?? throw new ArgumentNullException(nameof(valueSerde));
    }

    /// <summary>True when no record is left to read.</summary>
    public bool IsEmpty => _topics.QueueSize(_topic) == 0;

    /// <summary>How many records are left to read.</summary>
    public int QueueSize => _topics.QueueSize(_topic);

    /// <summary>The next value.</summary>
    /// <exception cref="InvalidOperationException">The topic has nothing to read.</exception>
    public TValue ReadValue() => Read().Value;

    /// <summary>The next key and value.</summary>
    public KeyValue<TKey, TValue> ReadKeyValue()
    {
        var (key, value, _) = Read();
        return new KeyValue<TKey, TValue>(key, value);
    }

    /// <summary>The next record's key and value, deserialized (both, as <see cref="ReadRecord"/> does), without a record object.</summary>
    private (TKey Key, TValue Value, InputRecord Raw) Read()
    {
        var raw = _topics.Read(_topic);
        var key = _keySerde.Deserialize(raw.Key, new SerializationContext(MessageComponentType.Key, _topic, raw.Headers));
        var value = _valueSerde.Deserialize(raw.Value, new SerializationContext(MessageComponentType.Value, _topic, raw.Headers));
        return (key!, value!, raw);
    }

    /// <summary>The next record, with timestamp, headers, partition and offset.</summary>
    public TestRecord<TKey, TValue> ReadRecord()
    {
        var (key, value, raw) = Read();
        return new TestRecord<TKey, TValue>(key, value, DateTimeOffset.FromUnixTimeMilliseconds(raw.Timestamp), raw.Headers, raw.Partition) { Offset = raw.Offset };
    }

    /// <summary>Every value left.</summary>
    public List<TValue> ReadValuesToList() => Drain(ReadValue);

    /// <summary>Every key and value left.</summary>
    public List<KeyValue<TKey, TValue>> ReadKeyValuesToList() => Drain(ReadKeyValue);

    /// <summary>Every record left.</summary>
    public List<TestRecord<TKey, TValue>> ReadRecordsToList() => Drain(ReadRecord);

    /// <summary>The latest value per key (a null value removes the key).</summary>
    public Dictionary<TKey, TValue> ReadKeyValuesToMap()
    {
        var map = new Dictionary<TKey, TValue>();
        foreach (var kv in ReadKeyValuesToList())
        {
            if (kv.Key is null) throw new InvalidOperationException($"Topic '{_topic}' has a record with a null key; it cannot be read into a map.");
            if (kv.Value is null) map.Remove(kv.Key); else map[kv.Key] = kv.Value;
        }
        return map;
    }

    private List<T> Drain<T>(Func<T> read)
    {
        var list = new List<T>();
        while (!IsEmpty) list.Add(read());
        return list;
    }
}
