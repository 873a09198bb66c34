namespace Pulse.Streams.State;

/// <summary>Reads of a key-value store, in key order (by serialized key bytes).</summary>
public interface IReadOnlyKeyValueStore<TKey, TValue>
{
    /// <summary>The value for <paramref name="key"/>, or default when absent.</summary>
    TValue? Get(TKey key);

    /// <summary>True and the value when <paramref name="key"/> is present.</summary>
    bool TryGet(TKey key, out TValue value);

    /// <summary>Entries with keys from <paramref name="from"/> to <paramref name="to"/>, both inclusive, in key order.</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to);

    /// <summary>Every entry, in key order.</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> All();

    /// <summary>An estimate of the number of entries (exact for in-memory stores).</summary>
    long ApproximateNumEntries { get; }
}

/// <summary>A key-value store. A null value is a delete.</summary>
public interface IKeyValueStore<TKey, TValue> : IStateStore, IReadOnlyKeyValueStore<TKey, TValue>
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>; null deletes.</summary>
    void Put(TKey key, TValue? value);

    /// <summary>Sets the value only when the key is absent; returns the value that was there, or default.</summary>
    TValue? PutIfAbsent(TKey key, TValue value);

    /// <summary>Puts every entry, in order.</summary>
    void PutAll(IEnumerable<KeyValuePair<TKey, TValue?>> entries);

    /// <summary>Removes <paramref name="key"/>; returns the value that was there, or default.</summary>
    TValue? Delete(TKey key);
}
