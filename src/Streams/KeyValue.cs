namespace Pulse.Streams;

/// <summary>A key and a value, as mappers return them.</summary>
public readonly record struct KeyValue<TKey, TValue>(TKey Key, TValue Value)
{
    /// <summary>Shorthand for the constructor.</summary>
    public static KeyValue<TKey, TValue> Pair(TKey key, TValue value) => new(key, value);
}

/// <summary>Factories of <see cref="KeyValue{TKey, TValue}"/>, with the types inferred.</summary>
public static class KeyValue
{
    /// <summary>A key and a value (Kafka's <c>KeyValue.pair</c>).</summary>
    public static KeyValue<TKey, TValue> Pair<TKey, TValue>(TKey key, TValue value) => new(key, value);
}
