using System.Buffers.Binary;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;
using RocksDbSharp;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// A segmented session store on RocksDB in <c>{state dir}/rocksdb/{name}</c>, as Kafka's: time segments by session end
/// (<see cref="RocksDbSegments"/>, shared with the window store), keyed <c>[key][end][start]</c> (<see cref="SessionKeySchema"/>).
/// Retention drops whole segments; sessions ending at or before stream time minus retention inside a
/// live segment are filtered out. Invariant: a segment holds only ends of one sign, so big-endian ends sort as numbers
/// within it. Stream time is kept in the default column family (written on flush) and survives a reopen.
/// </summary>
internal sealed class RocksDbSessionStore(string name, long retentionMs) : ISessionStore<Bytes, byte[]>, IBatchWritable
{
    private static readonly byte[] AfterAnySuffix = [.. Enumerable.Repeat((byte)0xFF, SessionKeySchema.SuffixSize), 0];

    private readonly RocksDbSegments _segments = new(retentionMs);
    private RocksDbDatabase? _db;

    public string Name { get; } = name;
    public bool Persistent => true;
    public bool IsOpen => _db is not null;

    private RocksDbDatabase Db => _db ?? throw new ProcessorStateException($"Store {Name} is not open.");

    public void BeginBatch() => Db.BeginBatch();

    public void CommitBatch() => _db?.CommitBatch();

    /// <summary>The smallest live session end: larger than stream time minus retention.</summary>
    private long MinLiveEnd => _segments.MinLive;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        if (_db is not null) return;
        var db = RocksDbDatabase.Open(Name, Path.Combine(context.StateDir, "rocksdb", Name), RocksDbMemory.For(context.Config.RocksDb));
        _db = db;
        _segments.Open(db);
        context.Register(root, Restore);
    }

    public void Put(Windowed<Bytes> sessionKey, byte[]? aggregate)
    {
        var db = Db;
        var end = sessionKey.Window.EndMs;
        if (_segments.AdvanceStreamTime(end)) _segments.DropExpired();
        if (end < MinLiveEnd) return;
        if (aggregate is null) Remove(sessionKey);
        else db.Put(SessionKeySchema.ToBinary(sessionKey), aggregate, _segments.Segment(end, create: true)!);
    }

    public void Remove(Windowed<Bytes> sessionKey)
    {
        if (_segments.Segment(sessionKey.Window.EndMs, create: false) is { } segment) Db.Remove(SessionKeySchema.ToBinary(sessionKey), segment);
    }

    public byte[]? FetchSession(Bytes key, long sessionStartTime, long sessionEndTime)
    {
        var db = Db;
        // Nothing was ever put with an end later than stream time (restores included): skip the native read.
        if (sessionEndTime > _segments.StreamTime || sessionEndTime < MinLiveEnd || _segments.Segment(sessionEndTime, create: false) is not { } segment) return null;
        return db.Get(SessionKeySchema.ToBinary(key.Span, sessionStartTime, sessionEndTime), segment);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FindSessions(Bytes key, long earliestSessionEndTime, long latestSessionStartTime)
    {
        var db = Db;
        var from = Math.Max(earliestSessionEndTime, MinLiveEnd);
        var segments = _segments.Between(from, long.MaxValue);
        return Scan(db, segments, key, from, latestSessionStartTime);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> Fetch(Bytes key) => FindSessions(key, long.MinValue, long.MaxValue);

    public void Flush()
    {
        if (_db is not { } db) return;
        _segments.WriteStreamTime(db);
        db.Flush();
    }

    public void Close()
    {
        if (_db is not { } db) return;
        _segments.WriteStreamTime(db);
        db.Dispose();
        _db = null;
        _segments.Close();
    }

    private void Restore(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        var db = Db;
        using var batch = new WriteBatch();
        foreach (var (changelogKey, value) in records)
        {
            var end = SessionKeySchema.EndOf(changelogKey);
            _segments.AdvanceStreamTime(end);
            if (end < MinLiveEnd) continue;
            if (value is null)
            {
                if (_segments.Segment(end, create: false) is { } segment) batch.Delete(changelogKey, segment);
            }
            else batch.Put(changelogKey, value, _segments.Segment(end, create: true)!);
        }
        db.Write(batch);
        // Segments that expired during the batch are dropped only after it is written, never under it.
        _segments.DropExpired();
    }

    /// <summary>The sessions of <paramref name="key"/> ending from <paramref name="from"/> and starting by <paramref name="latestStart"/>, segment by segment; longer keys sharing the prefix are skipped.</summary>
    private IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> Scan(RocksDbDatabase db, List<(long Id, ColumnFamilyHandle Handle)> segments,
        Bytes key, long from, long latestStart)
    {
        var length = key.Length + SessionKeySchema.SuffixSize;
        byte[] upper = [.. key.Span, .. AfterAnySuffix];
        foreach (var (id, handle) in segments)
        {
            var lower = SessionKeySchema.ToBinary(key.Span, long.MinValue, Math.Max(from, _segments.Bounds(id).First))[..(key.Length + 8)];
            foreach (var (storeKey, value) in db.Scan(handle, lower, upper))
            {
                if (storeKey.Length != length) continue;
                var session = SessionKeySchema.FromBinary(storeKey);
                if (session.Window.EndMs >= from && session.Window.StartMs <= latestStart) yield return new(session, value);
            }
        }
    }
}
