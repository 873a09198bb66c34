using Confluent.Kafka;

namespace Pulse.Streams.Processor;

/// <summary>
/// A record flowing through a topology: key, value, event timestamp (ms since the epoch) and
/// headers. Immutable; the <c>With…</c> methods return a changed copy.
/// </summary>
public readonly record struct Record<TKey, TValue>(TKey Key, TValue Value, long Timestamp, Headers? Headers = null)
{
    /// <summary>A copy with another key.</summary>
    public Record<TNewKey, TValue> WithKey<TNewKey>(TNewKey key) => new(key, Value, Timestamp, Headers);

    /// <summary>A copy with another value.</summary>
    public Record<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, Headers);

    /// <summary>A copy with another timestamp.</summary>
    public Record<TKey, TValue> WithTimestamp(long timestamp) => this with { Timestamp = timestamp };

    /// <summary>A copy with other headers.</summary>
    public Record<TKey, TValue> WithHeaders(Headers? headers) => this with { Headers = headers };
}

/// <summary>
/// A record whose key a processor may not change, so no repartitioning is needed downstream
/// (the record type of <see cref="IFixedKeyProcessor{TKey, TValueIn, TValueOut}"/>).
/// </summary>
public readonly record struct FixedKeyRecord<TKey, TValue>(TKey Key, TValue Value, long Timestamp, Headers? Headers = null)
{
    /// <summary>A copy with another value.</summary>
    public FixedKeyRecord<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, Headers);

    /// <summary>A copy with another timestamp.</summary>
    public FixedKeyRecord<TKey, TValue> WithTimestamp(long timestamp) => this with { Timestamp = timestamp };

    /// <summary>A copy with other headers.</summary>
    public FixedKeyRecord<TKey, TValue> WithHeaders(Headers? headers) => this with { Headers = headers };
}
