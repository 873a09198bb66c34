using Confluent.Kafka;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Testing;

/// <summary>Pipes records into a topic the topology reads; each record is processed before the call returns.</summary>
public sealed class TestInputTopic<TKey, TValue>
{
    private readonly TopologyTestDriver _driver;
    private readonly string _topic;
    private readonly Serde<TKey> _keySerde;
    private readonly Serde<TValue> _valueSerde;
    private readonly TimeSpan _autoAdvance;
    private DateTimeOffset _currentTime;

    internal TestInputTopic(TopologyTestDriver driver, string topic, Serde<TKey> keySerde, Serde<TValue> valueSerde,
        DateTimeOffset startTime, TimeSpan autoAdvance)
    {
        _driver = driver;
        _topic = topic;
        _keySerde = keySerde ?? throw new ArgumentNullException(nameof(keySerde));
        _valueSerde = valueSerde ?? throw new ArgumentNullException(nameof(valueSerde));
        _currentTime = startTime;
        _autoAdvance = autoAdvance;
    }

    /// <summary>The time the next record without a timestamp gets.</summary>
    public DateTimeOffset CurrentTime => _currentTime;

    /// <summary>Moves the topic's clock forward.</summary>
    public void AdvanceTime(TimeSpan advance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(advance, TimeSpan.Zero);
        _currentTime += advance;
    }

    /// <summary>Pipes a value with a null key.</summary>
    public void PipeInput(TValue value) => PipeInput(new TestRecord<TKey, TValue>(default!, value));

    /// <summary>Pipes a key and value at the topic's current time.</summary>
    public void PipeInput(TKey key, TValue value) => PipeInput(new TestRecord<TKey, TValue>(key, value));

    /// <summary>Pipes a key and value at <paramref name="timestamp"/>.</summary>
    public void PipeInput(TKey key, TValue value, DateTimeOffset timestamp) => PipeInput(new TestRecord<TKey, TValue>(key, value, timestamp));

    /// <summary>Pipes a key and value at <paramref name="timestampMs"/> (ms since the epoch).</summary>
    public void PipeInput(TKey key, TValue value, long timestampMs) =>
        PipeInput(new TestRecord<TKey, TValue>(key, value, DateTimeOffset.FromUnixTimeMilliseconds(timestampMs)));

    /// <summary>Pipes a record (timestamp, headers and partition optional).</summary>
    public void PipeInput(TestRecord<TKey, TValue> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var timestamp = record.Timestamp ?? _currentTime;
        if (record.Timestamp is null) _currentTime += _autoAdvance;
        var key = _keySerde.Serialize(record.Key, new SerializationContext(MessageComponentType.Key, _topic, record.Headers));
        var value = _valueSerde.Serialize(record.Value, new SerializationContext(MessageComponentType.Value, _topic, record.Headers));
        _driver.Pipe(_topic, key, value, record.Headers, timestamp.ToUnixTimeMilliseconds(), record.Partition);
    }

    /// <summary>Pipes raw bytes as they are (to test what bad input does).</summary>
    public void PipeRawInput(byte[]? key, byte[]? value, DateTimeOffset? timestamp = null, Headers? headers = null, int? partition = null) =>
        _driver.Pipe(_topic, key, value, headers, (timestamp ?? _currentTime).ToUnixTimeMilliseconds(), partition);

    /// <summary>Pipes values with null keys.</summary>
    public void PipeValueList(IEnumerable<TValue> values)
    {
        foreach (var v in values) PipeInput(v);
    }

    /// <summary>Pipes key-value pairs at the topic's clock.</summary>
    public void PipeKeyValueList(IEnumerable<KeyValue<TKey, TValue>> pairs)
    {
        foreach (var kv in pairs) PipeInput(kv.Key, kv.Value);
    }

    /// <summary>Pipes records.</summary>
    public void PipeRecordList(IEnumerable<TestRecord<TKey, TValue>> records)
    {
        foreach (var r in records) PipeInput(r);
    }
}
