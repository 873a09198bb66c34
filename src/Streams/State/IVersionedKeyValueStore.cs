namespace Pulse.Streams.State;

/// <summary>
/// A value of a versioned store with the time it became valid and, for a value that was replaced, the time it stopped being
/// valid (exclusive); <see cref="ValidTo"/> is null for the latest value.
/// </summary>
/// <param name="Value">The value.</param>
/// <param name="Timestamp">When the value became valid (the timestamp it was put with).</param>
/// <param name="ValidTo">When the next value replaced it (exclusive), or null while it is the latest.</param>
public sealed record VersionedRecord<TValue>(TValue Value, long Timestamp, long? ValidTo = null);

/// <summary>What <see cref="IVersionedKeyValueStore{TKey, TValue}.Put"/> returns besides the new value's valid-to time.</summary>
public static class VersionedPutResult
{
    /// <summary>The value put is the key's latest: it is valid until the next, later put.</summary>
    public const long ValidToUndefined = -1;

    /// <summary>The value was not put: its timestamp is older than the store's history retention allows.</summary>
    public const long NotPut = long.MinValue;
}

/// <summary>
/// A key-value store that keeps, besides each key's latest value, the values it held before, each with the timestamp it was
/// put with, for as long as the history retention (Kafka's KIP-889). Stream time is the largest timestamp put so far; a put
/// older than stream time minus the history retention is refused, and reads as of such a time find nothing. A null value
/// (a tombstone) deletes the key from its timestamp on. Versioned stores have no cache: every put goes to the store (and
/// its changelog, with the put's timestamp as the record's) at once.
/// </summary>
public interface IVersionedKeyValueStore<TKey, TValue> : IStateStore
{
    /// <summary>How far back, in stream time (ms), the store answers reads as of a timestamp.</summary>
    long HistoryRetentionMs { get; }

    /// <summary>
    /// Puts <paramref name="value"/> (null: a tombstone) for <paramref name="key"/>, valid from <paramref name="timestamp"/>;
    /// a value already put with the same timestamp is replaced.
    /// </summary>
    /// <returns>
    /// <see cref="VersionedPutResult.ValidToUndefined"/> when the value is now the key's latest; the timestamp of the next
    /// value (when this one stops being valid) when it was put out of order; <see cref="VersionedPutResult.NotPut"/> when
    /// <paramref name="timestamp"/> is older than stream time minus the history retention.
    /// </returns>
    long Put(TKey key, TValue? value, long timestamp);

    /// <summary>Puts a tombstone for <paramref name="key"/> at <paramref name="timestamp"/>; returns the record valid at that time, or null.</summary>
    VersionedRecord<TValue>? Delete(TKey key, long timestamp);

    /// <summary>The key's latest value, or null when it has none or the latest is a tombstone.</summary>
    VersionedRecord<TValue>? Get(TKey key);

    /// <summary>
    /// The record valid at <paramref name="asOfTimestamp"/> (the one with the largest timestamp not after it), or null when
    /// there is none, it is a tombstone, or <paramref name="asOfTimestamp"/> is older than stream time minus the history retention.
    /// </summary>
    VersionedRecord<TValue>? Get(TKey key, long asOfTimestamp);
}
