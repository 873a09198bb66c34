namespace Pulse.Streams;

/// <summary>A key and a value, as mappers return them.</summary>
public readonly record struct KeyValue<TKey, TValue>(TKey Key, TValue Value)
{
    /// <summary>Shorthand for the constructor.</summary>
    public static KeyValue<TKey, TValue> Pair(TKey key, TValue value) => new(key, value);
}
