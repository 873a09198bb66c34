using System.Buffers.Binary;
using Pulse.Streams.Errors;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// A versioned store kept in a plain byte key-value store (RocksDB or memory): each key's versions in one entry
/// (<see cref="VersionHistory"/>) under the key prefixed with 0x01, and the store's stream time under the one-byte key 0x00
/// (written at a flush when it moved, so a restart without restore keeps refusing what was too old).
/// Invariants: stream time is the largest timestamp ever put (long.MinValue before the first); a put older than stream time
/// minus the history retention changes nothing; every entry keeps what reads as of times not older than that boundary need
/// (writes trim the key they touch, and a flush sweeps every key once the boundary has moved by half the retention).
/// Restore replays the changelog through <see cref="Put"/>, with each record's timestamp.
/// </summary>
internal sealed class VersionedKeyValueBytesStore(IKeyValueStore<Bytes, byte[]> inner, long historyRetentionMs) : IVersionedBytesStore
{
    private static readonly Bytes StreamTimeKey = new([0x00]);
    private long _streamTime = long.MinValue;
    private long _sweptAt = long.MinValue;
    private long _persistedStreamTime = long.MinValue;

    public string Name => inner.Name;
    public bool Persistent => inner.Persistent;
    public bool IsOpen => inner.IsOpen;
    public long HistoryRetentionMs => historyRetentionMs;

    /// <summary>The largest timestamp put so far.</summary>
    public long ObservedStreamTime => _streamTime;

    private long Boundary => _streamTime == long.MinValue ? long.MinValue : _streamTime - historyRetentionMs;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        inner.Init(new InnerContext(context), inner); // the inner store's own restore would write changelog records as they are
        context.Register(root, Restore);
        if (inner.Get(StreamTimeKey) is { Length: 8 } time) _streamTime = _persistedStreamTime = BinaryPrimitives.ReadInt64BigEndian(time);
    }

    public long Put(Bytes key, byte[]? value, long timestamp)
    {
        if (timestamp < Boundary) return VersionedPutResult.NotPut;
        _streamTime = Math.Max(_streamTime, timestamp);
        var stored = StoredKey(key);
        var versions = VersionHistory.Decode(inner.Get(stored));
        var i = VersionHistory.IndexAt(versions, timestamp);
        if (i < versions.Count && versions[i].Timestamp == timestamp) versions[i] = new StoredVersion(timestamp, value);
        else versions.Insert(i, new StoredVersion(timestamp, value));
        var result = i == 0 ? VersionedPutResult.ValidToUndefined : versions[i - 1].Timestamp;
        VersionHistory.Trim(versions, Boundary);
        inner.Put(stored, versions.Count == 0 ? null : VersionHistory.Encode(versions));
        return result;
    }

    public VersionedBytes? Get(Bytes key)
    {
        var versions = VersionHistory.Decode(inner.Get(StoredKey(key)));
        return versions.Count > 0 && versions[0].Value is { } value ? new VersionedBytes(value, versions[0].Timestamp, null) : null;
    }

    public VersionedBytes? Get(Bytes key, long asOfTimestamp)
    {
        if (asOfTimestamp < Boundary) return null;
        var versions = VersionHistory.Decode(inner.Get(StoredKey(key)));
        var i = VersionHistory.IndexAt(versions, asOfTimestamp);
        if (i == versions.Count || versions[i].Value is not { } value) return null;
        return new VersionedBytes(value, versions[i].Timestamp, i == 0 ? null : versions[i - 1].Timestamp);
    }

    public void Flush()
    {
        if (!inner.IsOpen) return;
        if (_streamTime != _persistedStreamTime)
        {
            var time = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(time, _streamTime);
            inner.Put(StreamTimeKey, time);
            _persistedStreamTime = _streamTime;
            Sweep();
        }
        inner.Flush();
    }

    public void Close() => inner.Close();

    /// <summary>Trims every key, once stream time has moved the retention boundary by half the retention since the last sweep.</summary>
    private void Sweep()
    {
        var boundary = Boundary;
        if (_sweptAt != long.MinValue && boundary - _sweptAt < Math.Max(1, historyRetentionMs / 2)) return;
        _sweptAt = boundary;
        foreach (var (k, v) in inner.All())
        {
            if (k == StreamTimeKey) continue;
            var versions = VersionHistory.Decode(v);
            if (VersionHistory.Trim(versions, boundary)) inner.Put(k, versions.Count == 0 ? null : VersionHistory.Encode(versions));
        }
    }

    private void Restore(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        var timestamps = (records as ChangelogBatch)?.Timestamps
            ?? throw new ProcessorStateException($"Versioned store {Name} restores from changelog records with their timestamps; got none.");
        for (var i = 0; i < records.Count; i++) Put(new Bytes(records[i].Key), records[i].Value, timestamps[i]);
    }

    private static Bytes StoredKey(Bytes key)
    {
        var stored = new byte[key.Length + 1];
        stored[0] = 0x01;
        key.Span.CopyTo(stored.AsSpan(1));
        return new Bytes(stored);
    }

    /// <summary>The task's context for the inner store, without its restore registration (the versioned layer restores it).</summary>
    private sealed class InnerContext(IStateStoreContext context) : IStateStoreContext
    {
        public string ApplicationId => context.ApplicationId;
        public TaskId TaskId => context.TaskId;
        public string StateDir => context.StateDir;
        public StreamsConfig Config => context.Config;
        public void Register(IStateStore store, Action<IReadOnlyList<KeyValuePair<byte[], byte[]?>>> restoreBatch) { }
    }
}
