using System.Buffers.Binary;
using System.Globalization;
using RocksDbSharp;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The time segments of a segmented RocksDB store (window and session stores), as Kafka's: time is cut into segments of
/// <c>max(retention / 2, 60 s)</c>, each a column family <c>segment-{id}</c> of the store's one database; retention drops whole
/// segments. Keeps the store's observed stream time, saved in the default column family (written by <see cref="WriteStreamTime"/>)
/// so it survives a reopen. Invariants: every column family named <c>segment-*</c> is in the map; no segment older than the one
/// holding <see cref="MinLive"/> exists.
/// </summary>
internal sealed class RocksDbSegments(long retentionMs)
{
    private const string Prefix = "segment-";
    private static readonly byte[] StreamTimeKey = "observed-stream-time"u8.ToArray();

    private readonly SortedDictionary<long, ColumnFamilyHandle> _segments = [];
    private RocksDbDatabase? _db;
    private long _minLiveSegment = long.MinValue;
    private long _lastId = long.MinValue;
    private ColumnFamilyHandle? _last;
    private bool _streamTimeDirty;

    /// <summary>The length of a segment, in ms.</summary>
    public long Interval { get; } = Math.Max(retentionMs / 2, 60_000);

    /// <summary>The largest time put or restored (a window start, a session end); <c>long.MinValue</c> before any.</summary>
    public long StreamTime { get; private set; } = long.MinValue;

    /// <summary>The smallest live time: larger than stream time minus retention.</summary>
    public long MinLive => StreamTime <= long.MinValue + retentionMs ? long.MinValue : StreamTime - retentionMs + 1;

    /// <summary>Finds the segments and the stream time of a database just opened, and drops what has expired.</summary>
    public void Open(RocksDbDatabase db)
    {
        _db = db;
        foreach (var family in db.ColumnFamilyNames)
        {
            if (family.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(family.AsSpan(Prefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
                _segments[id] = db.GetOrCreateColumnFamily(family);
        }
        if (db.Get(StreamTimeKey, db.Default) is { Length: 8 } time) StreamTime = BinaryPrimitives.ReadInt64BigEndian(time);
        DropExpired();
    }

    /// <summary>Forgets the database (closed by its store).</summary>
    public void Close()
    {
        _db = null;
        _segments.Clear();
        _last = null;
        _lastId = long.MinValue;
        _minLiveSegment = long.MinValue;
    }

    /// <summary>Raises stream time to <paramref name="time"/>; true when it moved.</summary>
    public bool AdvanceStreamTime(long time)
    {
        if (time <= StreamTime) return false;
        StreamTime = time;
        _streamTimeDirty = true;
        return true;
    }

    public long Id(long time)
    {
        var id = time / Interval;
        return time % Interval < 0 ? id - 1 : id;
    }

    /// <summary>The first and last time of segment <paramref name="id"/>.</summary>
    public (long First, long Last) Bounds(long id)
    {
        var first = id * Interval;
        return (first, first > long.MaxValue - Interval ? long.MaxValue : first + Interval - 1);
    }

    /// <summary>The segment holding <paramref name="time"/>, made when <paramref name="create"/>; the last one found is remembered.</summary>
    public ColumnFamilyHandle? Segment(long time, bool create)
    {
        var id = Id(time);
        if (id == _lastId && _last is not null) return _last;
        if (!_segments.TryGetValue(id, out var segment))
        {
            if (!create) return null;
            segment = Db.GetOrCreateColumnFamily(Prefix + id.ToString(CultureInfo.InvariantCulture));
            _segments[id] = segment;
        }
        _lastId = id;
        _last = segment;
        return segment;
    }

    /// <summary>Drops the segments older than the one holding <see cref="MinLive"/>.</summary>
    public void DropExpired()
    {
        var minLiveSegment = Id(MinLive);
        if (minLiveSegment == _minLiveSegment) return;
        _minLiveSegment = minLiveSegment;
        while (_segments.Count > 0 && _segments.Keys.First() is var oldest && oldest < minLiveSegment)
        {
            _segments.Remove(oldest);
            Db.DropColumnFamily(Prefix + oldest.ToString(CultureInfo.InvariantCulture));
            if (oldest == _lastId)
            {
                _last = null;
                _lastId = long.MinValue;
            }
        }
    }

    /// <summary>A snapshot of the segments that may hold times from <paramref name="from"/> to <paramref name="to"/>, oldest first.</summary>
    public List<(long Id, ColumnFamilyHandle Handle)> Between(long from, long to)
    {
        var (first, last) = (Id(from), Id(to));
        var result = new List<(long, ColumnFamilyHandle)>();
        foreach (var (id, handle) in _segments)
        {
            if (id > last) break;
            if (id >= first) result.Add((id, handle));
        }
        return result;
    }

    /// <summary>Saves stream time in the default column family when it moved since it was last saved.</summary>
    public void WriteStreamTime(RocksDbDatabase db)
    {
        if (!_streamTimeDirty) return;
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, StreamTime);
        db.Put(StreamTimeKey, buffer, db.Default);
        _streamTimeDirty = false;
    }

    private RocksDbDatabase Db => _db ?? throw new Errors.ProcessorStateException("A segmented store is not open.");
}
