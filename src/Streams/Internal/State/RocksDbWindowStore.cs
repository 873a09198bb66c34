using System.Buffers.Binary;
using System.Globalization;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;
using RocksDbSharp;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// A segmented window store on RocksDB in <c>{state dir}/rocksdb/{name}</c>, as Kafka's: time is cut
/// into segments of <c>max(retention / 2, 60 s)</c>, each a column family <c>segment-{id}</c> of one
/// database (so the shared <see cref="RocksDbMemory"/> covers them all), keyed
/// <c>[key][window start]</c> (plus a 4-byte sequence when keeping duplicates). Retention drops whole
/// segments; windows older than stream time minus retention inside a live segment are filtered out.
/// Invariants: every column family named <c>segment-*</c> is in <c>_segments</c>; no segment older
/// than the one holding <see cref="MinLiveStart"/> exists; a segment holds only starts of one sign,
/// so big-endian starts sort as numbers within it. Stream time and the duplicate sequence are kept
/// in the default column family (written on flush) and survive a reopen.
/// </summary>
internal sealed class RocksDbWindowStore(string name, long retentionMs, long windowSizeMs, bool retainDuplicates) : IWindowStore<Bytes, byte[]>, IBatchWritable
{
    private const string SegmentPrefix = "segment-";
    private static readonly byte[] StreamTimeKey = "observed-stream-time"u8.ToArray();
    private static readonly byte[] SequenceKey = "duplicate-sequence"u8.ToArray();
    private static readonly byte[] AfterAnySequence = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    private readonly long _segmentInterval = Math.Max(retentionMs / 2, 60_000);
    private readonly int _suffixLength = WindowKeySchema.TimestampSize + (retainDuplicates ? WindowKeySchema.SequenceSize : 0);
    private readonly SortedDictionary<long, ColumnFamilyHandle> _segments = [];
    private RocksDbDatabase? _db;
    private long _observedStreamTime = long.MinValue;
    private int _sequence;
    private bool _metadataDirty;
    private long _minLiveSegment = long.MinValue;
    private long _lastSegmentId = long.MinValue;
    private ColumnFamilyHandle? _lastSegment;

    public string Name { get; } = name;
    public bool Persistent => true;
    public bool IsOpen => _db is not null;

    private RocksDbDatabase Db => _db ?? throw new ProcessorStateException($"Store {Name} is not open.");

    public void BeginBatch() => Db.BeginBatch();

    public void CommitBatch() => _db?.CommitBatch();

    /// <summary>The smallest live window start: larger than stream time minus retention.</summary>
    private long MinLiveStart => _observedStreamTime <= long.MinValue + retentionMs ? long.MinValue : _observedStreamTime - retentionMs + 1;

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
        if (db.Get(SequenceKey, db.Default) is { Length: 4 } seq) _sequence = BinaryPrimitives.ReadInt32BigEndian(seq);
        DropExpiredSegments();
        context.Register(root, Restore);
    }

    public void Put(Bytes key, byte[]? value, long windowStart)
    {
        var db = Db;
        if (AdvanceStreamTime(windowStart)) DropExpiredSegments();
        if (windowStart < MinLiveStart) return;
        if (retainDuplicates)
        {
            if (value is null) return;
            _metadataDirty = true;
            db.Put(WindowKeySchema.ToChangelogKey(key.Span, windowStart, ++_sequence), value, Segment(windowStart, create: true)!);
        }
        else if (value is null)
        {
            if (Segment(windowStart, create: false) is { } segment) db.Remove(WindowKeySchema.ToKey(key.Span, windowStart), segment);
        }
        else db.Put(WindowKeySchema.ToKey(key.Span, windowStart), value, Segment(windowStart, create: true)!);
    }

    /// <summary>The value of the window; with duplicates, the latest put.</summary>
    public byte[]? Fetch(Bytes key, long windowStart)
    {
        var db = Db;
        // Nothing was ever put at a start later than stream time (restores included): skip the native read.
        if (windowStart > _observedStreamTime || windowStart < MinLiveStart || Segment(windowStart, create: false) is not { } segment) return null;
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
        return FetchKey(db, SegmentsBetween(timeFrom, timeTo), key, timeFrom, timeTo);
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long timeFrom, long timeTo)
    {
        var db = Db;
        timeFrom = Math.Max(timeFrom, MinLiveStart);
        if (timeFrom > timeTo) return [];
        return FetchAllSegments(db, SegmentsBetween(timeFrom, timeTo), timeFrom, timeTo);
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
        _segments.Clear();
        _lastSegment = null;
        _lastSegmentId = long.MinValue;
        _minLiveSegment = long.MinValue;
    }

    private void Restore(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        var db = Db;
        using var batch = new WriteBatch();
        foreach (var (changelogKey, value) in records)
        {
            var keyLength = changelogKey.Length - WindowKeySchema.TimestampSize - WindowKeySchema.SequenceSize;
            var start = BinaryPrimitives.ReadInt64BigEndian(changelogKey.AsSpan(keyLength, WindowKeySchema.TimestampSize));
            AdvanceStreamTime(start);
            if (start < MinLiveStart) continue;
            if (retainDuplicates)
            {
                if (value is null) continue;
                _sequence = Math.Max(_sequence, BinaryPrimitives.ReadInt32BigEndian(changelogKey.AsSpan(keyLength + WindowKeySchema.TimestampSize)));
                _metadataDirty = true;
                batch.Put(changelogKey, value, Segment(start, create: true)!);
                continue;
            }
            var storeKey = changelogKey.AsSpan(0, keyLength + WindowKeySchema.TimestampSize);
            if (value is null)
            {
                if (Segment(start, create: false) is { } segment) batch.Delete(storeKey, segment);
            }
            else batch.Put(storeKey, value, Segment(start, create: true)!);
        }
        db.Write(batch);
        // Segments that expired during the batch are dropped only after it is written, never under it.
        DropExpiredSegments();
    }

    /// <summary>Raises stream time to <paramref name="windowStart"/>; true when it moved.</summary>
    private bool AdvanceStreamTime(long windowStart)
    {
        if (windowStart <= _observedStreamTime) return false;
        _observedStreamTime = windowStart;
        _metadataDirty = true;
        return true;
    }

    private long SegmentId(long time)
    {
        var id = time / _segmentInterval;
        return time % _segmentInterval < 0 ? id - 1 : id;
    }

    private (long First, long Last) SegmentBounds(long id)
    {
        var first = id * _segmentInterval;
        return (first, first > long.MaxValue - _segmentInterval ? long.MaxValue : first + _segmentInterval - 1);
    }

    private ColumnFamilyHandle? Segment(long windowStart, bool create)
    {
        var id = SegmentId(windowStart);
        if (id == _lastSegmentId && _lastSegment is not null) return _lastSegment;
        if (!_segments.TryGetValue(id, out var segment))
        {
            if (!create) return null;
            segment = Db.GetOrCreateColumnFamily(SegmentPrefix + id.ToString(CultureInfo.InvariantCulture));
            _segments[id] = segment;
        }
        _lastSegmentId = id;
        _lastSegment = segment;
        return segment;
    }

    private void DropExpiredSegments()
    {
        var minLiveSegment = SegmentId(MinLiveStart);
        if (minLiveSegment == _minLiveSegment) return;
        _minLiveSegment = minLiveSegment;
        while (_segments.Count > 0 && _segments.Keys.First() is var oldest && oldest < minLiveSegment)
        {
            _segments.Remove(oldest);
            Db.DropColumnFamily(SegmentPrefix + oldest.ToString(CultureInfo.InvariantCulture));
            if (oldest == _lastSegmentId)
            {
                _lastSegment = null;
                _lastSegmentId = long.MinValue;
            }
        }
    }

    /// <summary>A snapshot of the segments that may hold starts from <paramref name="from"/> to <paramref name="to"/>, oldest first.</summary>
    private List<(long Id, ColumnFamilyHandle Handle)> SegmentsBetween(long from, long to)
    {
        var first = SegmentId(from);
        var last = SegmentId(to);
        var result = new List<(long, ColumnFamilyHandle)>();
        foreach (var (id, handle) in _segments)
        {
            if (id > last) break;
            if (id >= first) result.Add((id, handle));
        }
        return result;
    }

    private IEnumerable<KeyValuePair<long, byte[]>> FetchKey(RocksDbDatabase db, List<(long Id, ColumnFamilyHandle Handle)> segments, Bytes key, long from, long to)
    {
        foreach (var (id, handle) in segments)
        {
            var (first, last) = SegmentBounds(id);
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
        if (!_metadataDirty) return;
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, _observedStreamTime);
        db.Put(StreamTimeKey, buffer, db.Default);
        if (retainDuplicates)
        {
            var seq = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(seq, _sequence);
            db.Put(SequenceKey, seq, db.Default);
        }
        _metadataDirty = false;
    }
}
