using System.Buffers.Binary;
using System.Globalization;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;
using RocksDbSharp;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// A segmented session store on RocksDB in <c>{state dir}/rocksdb/{name}</c>, as Kafka's: time is cut
/// into segments of <c>max(retention / 2, 60 s)</c> by session end, each a column family
/// <c>segment-{id}</c> of one database, keyed <c>[key][end][start]</c> (<see cref="SessionKeySchema"/>).
/// Retention drops whole segments; sessions ending at or before stream time minus retention inside a
/// live segment are filtered out. Invariants: every column family named <c>segment-*</c> is in
/// <c>_segments</c>; no segment older than the one holding <see cref="MinLiveEnd"/> exists; a segment
/// holds only ends of one sign, so big-endian ends sort as numbers within it. Stream time is kept in
/// the default column family (written on flush) and survives a reopen.
/// </summary>
internal sealed class RocksDbSessionStore(string name, long retentionMs) : ISessionStore<Bytes, byte[]>, IBatchWritable
{
    private const string SegmentPrefix = "segment-";
    private static readonly byte[] StreamTimeKey = "observed-stream-time"u8.ToArray();
    private static readonly byte[] AfterAnySuffix = [.. Enumerable.Repeat((byte)0xFF, SessionKeySchema.SuffixSize), 0];

    private readonly long _segmentInterval = Math.Max(retentionMs / 2, 60_000);
    private readonly SortedDictionary<long, ColumnFamilyHandle> _segments = [];
    private RocksDbDatabase? _db;
    private long _observedStreamTime = long.MinValue;
    private bool _metadataDirty;
    private long _minLiveSegment = long.MinValue;

    public string Name { get; } = name;
    public bool Persistent => true;
    public bool IsOpen => _db is not null;

    private RocksDbDatabase Db => _db ?? throw new ProcessorStateException($"Store {Name} is not open.");

    public void BeginBatch() => Db.BeginBatch();

    public void CommitBatch() => _db?.CommitBatch();

    /// <summary>The smallest live session end: larger than stream time minus retention.</summary>
    private long MinLiveEnd => _observedStreamTime <= long.MinValue + retentionMs ? long.MinValue : _observedStreamTime - retentionMs + 1;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        if (_db is not null) return;
        var db = RocksDbDatabase.Open(Name, Path.Combine(context.StateDir, "rocksdb", Name), RocksDbMemory.For(context.Config.RocksDb));
        _db = db;
        foreach (var family in db.ColumnFamilyNames)
        {
            if (family.StartsWith(SegmentPrefix, StringComparison.Ordinal)
                && long.TryParse(family.AsSpan(SegmentPrefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
                _segments[id] = db.GetOrCreateColumnFamily(family);
        }
        if (db.Get(StreamTimeKey, db.Default) is { Length: 8 } time) _observedStreamTime = BinaryPrimitives.ReadInt64BigEndian(time);
        DropExpiredSegments();
        context.Register(root, Restore);
    }

    public void Put(Windowed<Bytes> sessionKey, byte[]? aggregate)
    {
        var db = Db;
        var end = sessionKey.Window.EndMs;
        if (AdvanceStreamTime(end)) DropExpiredSegments();
        if (end < MinLiveEnd) return;
        if (aggregate is null) Remove(sessionKey);
        else db.Put(SessionKeySchema.ToBinary(sessionKey), aggregate, Segment(end, create: true)!);
    }

    public void Remove(Windowed<Bytes> sessionKey)
    {
        if (Segment(sessionKey.Window.EndMs, create: false) is { } segment) Db.Remove(SessionKeySchema.ToBinary(sessionKey), segment);
    }

    public byte[]? FetchSession(Bytes key, long sessionStartTime, long sessionEndTime)
    {
        var db = Db;
        // Nothing was ever put with an end later than stream time (restores included): skip the native read.
        if (sessionEndTime > _observedStreamTime || sessionEndTime < MinLiveEnd || Segment(sessionEndTime, create: false) is not { } segment) return null;
        return db.Get(SessionKeySchema.ToBinary(key.Span, sessionStartTime, sessionEndTime), segment);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FindSessions(Bytes key, long earliestSessionEndTime, long latestSessionStartTime)
    {
        var db = Db;
        var from = Math.Max(earliestSessionEndTime, MinLiveEnd);
        var firstSegment = SegmentId(from);
        var segments = _segments.Where(s => s.Key >= firstSegment).Select(s => (s.Key, s.Value)).ToList();
        return Scan(db, segments, key, from, latestSessionStartTime);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> Fetch(Bytes key) => FindSessions(key, long.MinValue, long.MaxValue);

    public void Flush()
    {
        if (_db is not { } db) return;
        WriteMetadata(db);
        db.Flush();
    }

    public void Close()
    {
        if (_db is not { } db) return;
        WriteMetadata(db);
        db.Dispose();
        _db = null;
        _segments.Clear();
        _minLiveSegment = long.MinValue;
    }

    private void Restore(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        var db = Db;
        using var batch = new WriteBatch();
        foreach (var (changelogKey, value) in records)
        {
            var end = SessionKeySchema.EndOf(changelogKey);
            AdvanceStreamTime(end);
            if (end < MinLiveEnd) continue;
            if (value is null)
            {
                if (Segment(end, create: false) is { } segment) batch.Delete(changelogKey, segment);
            }
            else batch.Put(changelogKey, value, Segment(end, create: true)!);
        }
        db.Write(batch);
        // Segments that expired during the batch are dropped only after it is written, never under it.
        DropExpiredSegments();
    }

    /// <summary>The sessions of <paramref name="key"/> ending from <paramref name="from"/> and starting by <paramref name="latestStart"/>, segment by segment; longer keys sharing the prefix are skipped.</summary>
    private IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> Scan(RocksDbDatabase db, List<(long Id, ColumnFamilyHandle Handle)> segments,
        Bytes key, long from, long latestStart)
    {
        var length = key.Length + SessionKeySchema.SuffixSize;
        byte[] upper = [.. key.Span, .. AfterAnySuffix];
        foreach (var (id, handle) in segments)
        {
            var lower = SessionKeySchema.ToBinary(key.Span, long.MinValue, Math.Max(from, id * _segmentInterval))[..(key.Length + 8)];
            foreach (var (storeKey, value) in db.Scan(handle, lower, upper))
            {
                if (storeKey.Length != length) continue;
                var session = SessionKeySchema.FromBinary(storeKey);
                if (session.Window.EndMs >= from && session.Window.StartMs <= latestStart) yield return new(session, value);
            }
        }
    }

    /// <summary>Raises stream time to <paramref name="end"/>; true when it moved.</summary>
    private bool AdvanceStreamTime(long end)
    {
        if (end <= _observedStreamTime) return false;
        _observedStreamTime = end;
        _metadataDirty = true;
        return true;
    }

    private long SegmentId(long time)
    {
        var id = time / _segmentInterval;
        return time % _segmentInterval < 0 ? id - 1 : id;
    }

    private ColumnFamilyHandle? Segment(long end, bool create)
    {
        var id = SegmentId(end);
        if (!_segments.TryGetValue(id, out var segment))
        {
            if (!create) return null;
            segment = Db.GetOrCreateColumnFamily(SegmentPrefix + id.ToString(CultureInfo.InvariantCulture));
            _segments[id] = segment;
        }
        return segment;
    }

    private void DropExpiredSegments()
    {
        var minLiveSegment = SegmentId(MinLiveEnd);
        if (minLiveSegment == _minLiveSegment) return;
        _minLiveSegment = minLiveSegment;
        while (_segments.Count > 0 && _segments.Keys.First() is var oldest && oldest < minLiveSegment)
        {
            _segments.Remove(oldest);
            Db.DropColumnFamily(SegmentPrefix + oldest.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void WriteMetadata(RocksDbDatabase db)
    {
        if (!_metadataDirty) return;
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, _observedStreamTime);
        db.Put(StreamTimeKey, buffer, db.Default);
        _metadataDirty = false;
    }
}
