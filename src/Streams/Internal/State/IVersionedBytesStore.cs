using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>The byte layers of a versioned store (versions, changelog), under its typed face.</summary>
internal interface IVersionedBytesStore : IStateStore
{
    /// <summary>How far back, in stream time (ms), reads as of a timestamp are answered.</summary>
    long HistoryRetentionMs { get; }

    /// <summary>Puts a value (null: a tombstone) valid from <paramref name="timestamp"/>; returns as <see cref="IVersionedKeyValueStore{TKey, TValue}.Put"/>.</summary>
    long Put(Bytes key, byte[]? value, long timestamp);

    /// <summary>The latest value, or null when absent or deleted.</summary>
    VersionedBytes? Get(Bytes key);

    /// <summary>The value valid at <paramref name="asOfTimestamp"/>, or null.</summary>
    VersionedBytes? Get(Bytes key, long asOfTimestamp);
}
