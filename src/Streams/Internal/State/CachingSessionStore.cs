using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>Receives a cached session store's flushed writes.</summary>
internal delegate void SessionCacheFlushListener(Windowed<Bytes> session, byte[]? newValue, byte[]? oldValue, ProcessorRecordContext context);

/// <summary>
/// A write-back cache over a session store (cache key [key][end][start]); flushed on commit and
/// eviction like <see cref="CachingWindowStore"/>, a removal cached as a tombstone. Invariants: a read
/// sees the latest write, removals included; <c>_dirty</c> indexes by key exactly the sessions whose
/// latest write is still only in the cache (flushed entries equal what the store below holds), so a
/// range read looks up a few cache entries instead of scanning the cache.
/// </summary>
internal sealed class CachingSessionStore(ISessionStore<Bytes, byte[]> inner) : WrappedSessionStore(inner), ICachedStateStore
{
    private TaskContext? _task;
    private string _ns = "";
    private SessionCacheFlushListener? _listener;
    private bool _sendOldValues;
    private readonly Dictionary<Bytes, SortedSet<(long End, long Start)>> _dirty = [];

    public override void Init(IStateStoreContext context, IStateStore root)
    {
        _task = TaskContexts.Of(context, Name);
        _ns = $"{_task.TaskId}-{Name}";
        _task.Cache.AddDirtyEntryFlushListener(_ns, FlushEntries);
        base.Init(context, root);
    }

    public void SetFlushListener(SessionCacheFlushListener listener, bool sendOldValues)
    {
        _listener = listener;
        _sendOldValues = sendOldValues;
    }

    public override void Put(Windowed<Bytes> sessionKey, byte[]? aggregate)
    {
        if (!_dirty.TryGetValue(sessionKey.Key, out var sessions)) _dirty[sessionKey.Key] = sessions = [];
        sessions.Add((sessionKey.Window.EndMs, sessionKey.Window.StartMs));
        _task!.Cache.Put(_ns, new Bytes(SessionKeySchema.ToBinary(sessionKey)), new CacheEntry(aggregate, true, WriterContext()));
    }

    public override byte[]? FetchSession(Bytes key, long sessionStartTime, long sessionEndTime)
    {
        var cacheKey = new Bytes(SessionKeySchema.ToBinary(key.Span, sessionStartTime, sessionEndTime));
        if (_task!.Cache.Get(_ns, cacheKey) is { } entry) return entry.Value;
        return Inner.FetchSession(key, sessionStartTime, sessionEndTime);
    }

    /// <summary>The store's sessions overlaid with the cached ones of the key (tombstones hiding sessions), by end, then start.</summary>
    public override IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FindSessions(Bytes key, long earliestSessionEndTime, long latestSessionStartTime)
    {
        var merged = new SortedDictionary<(long End, long Start), byte[]?>();
        foreach (var (session, value) in Inner.FindSessions(key, earliestSessionEndTime, latestSessionStartTime))
            merged[(session.Window.EndMs, session.Window.StartMs)] = value;
        if (_dirty.TryGetValue(key, out var dirty))
        {
            foreach (var (end, start) in dirty.GetViewBetween((earliestSessionEndTime, long.MinValue), (long.MaxValue, long.MaxValue)))
            {
                if (start <= latestSessionStartTime && _task!.Cache.Get(_ns, new Bytes(SessionKeySchema.ToBinary(key.Span, start, end))) is { } entry)
                    merged[(end, start)] = entry.Value;
            }
        }
        var result = new List<KeyValuePair<Windowed<Bytes>, byte[]>>();
        foreach (var ((end, start), value) in merged)
            if (value is not null) result.Add(new(new Windowed<Bytes>(key, new Window(start, end)), value));
        return result;
    }

    public void FlushCache() => _task!.Cache.Flush(_ns);

    public override void Flush()
    {
        _task!.Cache.Flush(_ns);
        Inner.Flush();
    }

    public override void Close()
    {
        if (!_task!.ClosingDirty) _task.Cache.Flush(_ns);
        _task.Cache.Close(_ns);
        _dirty.Clear();
        Inner.Close();
    }

    private ProcessorRecordContext WriterContext() => _task!.RecordContext ?? ProcessorRecordContext.ForPunctuation(_task.CurrentTimestamp);

    /// <summary>As <see cref="CachingWindowStore"/>: old values first, then one batch of writes, then the forwards; a tombstone of a session the store never had is neither written nor forwarded.</summary>
    private void FlushEntries(IReadOnlyList<DirtyEntry> entries)
    {
        var task = _task!;
        var batching = Inner as IBatchWritable;
        var sessions = new Windowed<Bytes>[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var session = sessions[i] = SessionKeySchema.FromBinary(entries[i].Key.Span);
            if (_dirty.TryGetValue(session.Key, out var dirty) && dirty.Remove((session.Window.EndMs, session.Window.StartMs)) && dirty.Count == 0)
                _dirty.Remove(session.Key);
        }
        var olds = new byte[]?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
            if (entries[i].Entry.IsTombstone || (_listener is not null && _sendOldValues))
                olds[i] = Inner.FetchSession(sessions[i].Key, sessions[i].Window.StartMs, sessions[i].Window.EndMs);
        var previous = task.RecordContext;
        try
        {
            batching?.BeginBatch();
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i].Entry;
                if (entry.IsTombstone && olds[i] is null) continue;
                task.RecordContext = entry.Context;
                if (entry.IsTombstone) Inner.Remove(sessions[i]);
                else Inner.Put(sessions[i], entry.Value);
            }
            batching?.CommitBatch();
            if (_listener is null) return;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i].Entry;
                if (entry.IsTombstone && olds[i] is null) continue;
                task.RecordContext = entry.Context;
                _listener(sessions[i], entry.Value, olds[i], entry.Context!);
            }
        }
        finally
        {
            batching?.CommitBatch();
            task.RecordContext = previous;
        }
    }
}
