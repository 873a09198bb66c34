using System.Buffers.Binary;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;
using RocksDbSharp;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// A segmented window store on RocksDB in <c>{state dir}/rocksdb/{name}</c>, as Kafka's: time segments of one
/// database (<see cref="RocksDbSegments"/>, so the shared <see cref="RocksDbMemory"/> covers them all), keyed
/// <c>[key][window start]</c> (plus a 4-byte sequence when keeping duplicates). Retention drops whole
/// segments; windows older than stream time minus retention inside a live segment are filtered out.
/// Invariant: a segment holds only starts of one sign, so big-endian starts sort as numbers within it.
/// Stream time and the duplicate sequence are kept in the default column family (written on flush) and survive a reopen.
/// </summary>
internal sealed class RocksDbWindowStore(string name, long retentionMs, long windowSizeMs, bool retainDuplicates) : IWindowStore<Bytes, byte[]>, IBatchWritable
{
    private static readonly byte[] SequenceKey = "duplicate-sequence"u8.ToArray();
    private static readonly byte[] AfterAnySequence = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    private readonly int _suffixLength = WindowKeySchema.TimestampSize + (retainDuplicates ? WindowKeySchema.SequenceSize : 0);
    private readonly RocksDbSegments _segments = new(retentionMs);
    private RocksDbDatabase? _db;
    private int _sequence;
    private bool _sequenceDirty;

    public string Name { get; } = name;
    public bool Persistent => true;
    public bool IsOpen => _db is not null;

    private RocksDbDatabase Db => _db ?? throw new ProcessorStateException($"Store {Name} is not open.");

    public void BeginBatch() => Db.BeginBatch();

    public void CommitBatch() => _db?.CommitBatch();

    /// <summary>The smallest live window start: larger than stream time minus retention.</summary>
    private long MinLiveStart => _segments.MinLive;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        if (_db is not null) return;
        var db = RocksDbDatabase.Open(Name, Path.Combine(context.StateDir, "rocksdb", Name), RocksDbMemory.For(context.Config.RocksDb));
        _db = db;
        if (db.Get(SequenceKey, db.Default) is { Length: 4 } seq) _sequence = BinaryPrimitives.ReadInt32BigEndian(seq);
        _segments.Open(db);
        context.Register(root, Restore);
    }

    public void Put(Bytes key, byte[]? value, long windowStart)
    {
        var db = Db;
        if (_segments.AdvanceStreamTime(windowStart)) _segments.DropExpired();
        if (windowStart < MinLiveStart) return;
        if (retainDuplicates)
        {
            if (value is null) return;
            _sequenceDirty = true;
            db.Put(WindowKeySchema.ToChangelogKey(key.Span, windowStart, ++_sequence), value, _segments.Segment(windowStart, create: true)!);
        }
        else if (value is null)
        {
            if (_segments.Segment(windowStart, create: false) is { } segment) db.Remove(WindowKeySchema.ToKey(key.Span, windowStart), segment);
        }
        else db.Put(WindowKeySchema.ToKey(key.Span, windowStart), value, _segments.Segment(windowStart, create: true)!);
    }

    /// <summary>The value of the window; with duplicates, the latest put.</summary>
    public byte[]? Fetch(Bytes key, long windowStart)
    {
        var db = Db;
        // Nothing was ever put at a start later than stream time (restores included): skip the native read.
        if (windowStart > _segments.StreamTime || windowStart < MinLiveStart || _segments.Segment(windowStart, create: false) is not { } segment) return null;
        if (!retainDuplicates) return db.Get(WindowKeySchema.ToKey(key.Span, windowStart), segment);
        byte[]? last = null;
        foreach (var (_, value) in ScanKey(db, segment, key, windowStart, windowStart)) last = value;
        return last;
    }

    public IEnumerable<KeyValuePair<long, byte[]>> Fetch(Bytes key, long timeFrom, long timeTo)
    {
        var db = Db;
        timeFrom = Math.Max(timeFrom, MinLiveStart);
        if (timeFrom > timeTo) return [];
        return FetchKey(db, _segments.Between(timeFrom, timeTo), key, timeFrom, timeTo);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long timeFrom, long timeTo)
    {
        var db = Db;
        timeFrom = Math.Max(timeFrom, MinLiveStart);
        if (timeFrom > timeTo) return [];
        return FetchAllSegments(db, _segments.Between(timeFrom, timeTo), timeFrom, timeTo);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> All() => FetchAll(long.MinValue, long.MaxValue);

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
        _segments.Close();
    }

    private void Restore(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        var db = Db;
        using var batch = new WriteBatch();
        foreach (var (changelogKey, value) in records)
        {
            var keyLength = changelogKey.Length - WindowKeySchema.TimestampSize - WindowKeySchema.SequenceSize;
            var start = BinaryPrimitives.ReadInt64BigEndian(changelogKey.AsSpan(keyLength, WindowKeySchema.TimestampSize));
            _segments.AdvanceStreamTime(start);
            if (start < MinLiveStart) continue;
            if (retainDuplicates)
            {
                if (value is null) continue;
                _sequence = Math.Max(_sequence, BinaryPrimitives.ReadInt32BigEndian(changelogKey.AsSpan(keyLength + WindowKeySchema.TimestampSize)));
                _sequenceDirty = true;
                batch.Put(changelogKey, value, _segments.Segment(start, create: true)!);
                continue;
            }
            var storeKey = changelogKey.AsSpan(0, keyLength + WindowKeySchema.TimestampSize);
            if (value is null)
            {
                if (_segments.Segment(start, create: false) is { } segment) batch.Delete(storeKey, segment);
            }
            else batch.Put(storeKey, value, _segments.Segment(start, create: true)!);
        }
        db.Write(batch);
        // Segments that expired during the batch are dropped only after it is written, never under it.
        _segments.DropExpired();
    }

    private IEnumerable<KeyValuePair<long, byte[]>> FetchKey(RocksDbDatabase db, List<(long Id, ColumnFamilyHandle Handle)> segments, Bytes key, long from, long to)
    {
        foreach (var (id, handle) in segments)
        {
            var (first, last) = _segments.Bounds(id);
            foreach (var entry in ScanKey(db, handle, key, Math.Max(from, first), Math.Min(to, last))) yield return entry;
        }
    }

    /// <summary>The windows of <paramref name="key"/> in one segment, bounds inside the segment; longer keys sharing the prefix are skipped.</summary>
    private IEnumerable<KeyValuePair<long, byte[]>> ScanKey(RocksDbDatabase db, ColumnFamilyHandle segment, Bytes key, long from, long to)
    {
        var lower = WindowKeySchema.ToKey(key.Span, from);
        byte[] upper = retainDuplicates ? [.. WindowKeySchema.ToKey(key.Span, to), .. AfterAnySequence] : [.. WindowKeySchema.ToKey(key.Span, to), 0];
        var length = key.Length + _suffixLength;
        foreach (var (storeKey, value) in db.Scan(segment, lower, upper))
        {
            if (storeKey.Length != length) continue;
            yield return new(BinaryPrimitives.ReadInt64BigEndian(storeKey.AsSpan(key.Length, WindowKeySchema.TimestampSize)), value);
        }
    }

    /// <summary>
    /// Every window from <paramref name="from"/> to <paramref name="to"/>, ordered by start, then key, then put order.
    /// Segments are keyed key-first, so each segment is scanned whole and its matches sorted before they are returned.
    /// </summary>
    private IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAllSegments(RocksDbDatabase db, List<(long Id, ColumnFamilyHandle Handle)> segments, long from, long to)
    {
        var matches = new List<(long Start, Bytes Key, int Order, byte[] Value)>();
        foreach (var (_, handle) in segments)
        {
            matches.Clear();
            foreach (var (storeKey, value) in db.Scan(handle, null, null))
            {
                var keyLength = storeKey.Length - _suffixLength;
                var start = BinaryPrimitives.ReadInt64BigEndian(storeKey.AsSpan(keyLength, WindowKeySchema.TimestampSize));
                if (start >= from && start <= to) matches.Add((start, new Bytes(storeKey[..keyLength]), matches.Count, value));
            }
            matches.Sort(static (a, b) =>
            {
                var c = a.Start.CompareTo(b.Start);
                if (c == 0) c = a.Key.CompareTo(b.Key);
                return c != 0 ? c : a.Order.CompareTo(b.Order);
            });
            foreach (var (start, key, _, value) in matches)
                yield return new(new Windowed<Bytes>(key, new Window(start, start + windowSizeMs)), value);
        }
    }

    private void WriteMetadata(RocksDbDatabase db)
    {
        _segments.WriteStreamTime(db);
        if (!_sequenceDirty) return;
        var seq = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(seq, _sequence);
        db.Put(SequenceKey, seq, db.Default);
        _sequenceDirty = false;
    }
}
