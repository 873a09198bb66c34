using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>Receives a cached window store's flushed writes.</summary>
internal delegate void WindowCacheFlushListener(Windowed<Bytes> key, byte[]? newValue, object? newObject, long newObjectTimestamp, byte[]? oldValue,
    ProcessorRecordContext context);

/// <summary>
/// A write-back cache over a window store (cache key [key][window start]); flushed on commit and
/// eviction like <see cref="CachingKeyValueStore"/>. Invariant: a read sees the latest write.
/// </summary>
internal sealed class CachingWindowStore(IWindowStore<Bytes, byte[]> inner, long windowSizeMs) : WrappedWindowStore(inner), ICachedStateStore
{
    private TaskContext? _task;
    private string _ns = "";
    private WindowCacheFlushListener? _listener;
    private bool _sendOldValues;
    private Bytes _lastKey;
    private long _lastStart;
    private Bytes _lastCacheKey;

    public override void Init(IStateStoreContext context, IStateStore root)
    {
        _task = TaskContexts.Of(context, Name);
        _ns = $"{_task.TaskId}-{Name}";
        _task.Cache.AddDirtyEntryFlushListener(_ns, FlushEntries);
        base.Init(context, root);
    }

    public void SetFlushListener(WindowCacheFlushListener listener, bool sendOldValues)
    {
        _listener = listener;
        _sendOldValues = sendOldValues;
    }

    public override void Put(Bytes key, byte[]? value, long windowStart) =>
        _task!.Cache.Put(_ns, CacheKey(key, windowStart), new CacheEntry(value, true, WriterContext()), scratchKey: true);

    /// <summary>A typed write: caches the object; it is serialized with <paramref name="serialize"/> only when flushed or evicted.</summary>
    public void PutObject(Bytes key, object? value, long timestamp, Func<object, long, byte[]> serialize, long windowStart) =>
        _task!.Cache.PutObject(_ns, CacheKey(key, windowStart), value, timestamp, serialize, WriterContext(), scratchKey: true);

    public override byte[]? Fetch(Bytes key, long windowStart)
    {
        if (_task!.Cache.Get(_ns, CacheKey(key, windowStart)) is { } entry) return entry.Value;
        return Inner.Fetch(key, windowStart);
    }

    /// <summary>A typed read of one window: the cached object when there is one, else the bytes deserialized and cached with the object.</summary>
    public bool TryFetchObject<T>(Bytes key, long windowStart, Func<byte[], T> deserialize, out T value)
    {
        var cacheKey = CacheKey(key, windowStart);
        var cache = _task!.Cache;
        if (cache.Get(_ns, cacheKey) is { } entry)
        {
            value = entry.IsTombstone ? default! : entry.Typed is T typed ? typed : deserialize(entry.Value!);
            return !entry.IsTombstone;
        }
        var bytes = Inner.Fetch(key, windowStart);
        if (bytes is null)
        {
            value = default!;
            return false;
        }
        value = deserialize(bytes);
        cache.Put(_ns, cacheKey, new CacheEntry(bytes, false, null, value), scratchKey: true);
        return true;
    }

    /// <summary>
    /// A typed read of one window of a timestamped store: the cached object and its timestamp when there is one, else the bytes
    /// deserialized and cached with the object.
    /// </summary>
    public bool TryFetchStamped<T>(Bytes key, long windowStart, Func<byte[], ValueAndTimestamp<T>> deserialize, out ValueAndTimestamp<T> value)
    {
        var cacheKey = CacheKey(key, windowStart);
        var cache = _task!.Cache;
        if (cache.Get(_ns, cacheKey) is { } entry)
        {
            value = entry.IsTombstone ? default : entry.Typed is T typed ? new ValueAndTimestamp<T>(typed, entry.TypedTimestamp) : deserialize(entry.Value!);
            return !entry.IsTombstone;
        }
        var bytes = Inner.Fetch(key, windowStart);
        if (bytes is null)
        {
            value = default;
            return false;
        }
        value = deserialize(bytes);
        cache.Put(_ns, cacheKey, new CacheEntry(bytes, false, null, value.Value, value.Timestamp), scratchKey: true);
        return true;
    }

    /// <summary>
    /// The cache key [key][start], remembered for the last key (an aggregation fetches and then puts the same one), written into
    /// an array this store reuses: the cache copies it only when it adds the key.
    /// </summary>
    private Bytes CacheKey(Bytes key, long windowStart)
    {
        if (windowStart == _lastStart && ReferenceEquals(key.Get(), _lastKey.Get()) && _lastCacheKey.Length > 0) return _lastCacheKey;
        _lastKey = key;
        _lastStart = windowStart;
        var length = key.Length + WindowKeySchema.TimestampSize;
        if (_scratch.Length != length) _scratch = new byte[length];
        WindowKeySchema.WriteKey(key.Span, windowStart, _scratch);
        return _lastCacheKey = new Bytes(_scratch);
    }

    private byte[] _scratch = [];

    private ProcessorRecordContext WriterContext() => _task!.RecordContext ?? ProcessorRecordContext.ForPunctuation(_task.CurrentTimestamp);

    public override IEnumerable<KeyValuePair<long, byte[]>> Fetch(Bytes key, long timeFrom, long timeTo)
    {
        var merged = new SortedDictionary<long, byte[]?>();
        foreach (var (start, v) in Inner.Fetch(key, timeFrom, timeTo)) merged[start] = v;
        foreach (var (k, e) in Cached())
            if (k.Key == key && k.Window.StartMs >= timeFrom && k.Window.StartMs <= timeTo) merged[k.Window.StartMs] = e.Value;
        foreach (var (start, v) in merged)
            if (v is not null) yield return new(start, v);
    }

    public override IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long timeFrom, long timeTo) =>
        MergeAll(Inner.FetchAll(timeFrom, timeTo), w => w.Window.StartMs >= timeFrom && w.Window.StartMs <= timeTo);

    public override IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> All() => MergeAll(Inner.All(), _ => true);

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
        Inner.Close();
    }

    private List<(Windowed<Bytes> Key, CacheEntry Entry)> Cached() =>
        _task!.Cache.Entries(_ns).Select(kv => (ToWindowed(kv.Key), kv.Value)).ToList();

    private Windowed<Bytes> ToWindowed(Bytes cacheKey)
    {
        var (key, start) = WindowKeySchema.FromKey(cacheKey.Span);
        return new Windowed<Bytes>(key, new Window(start, start + windowSizeMs));
    }

    private IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> MergeAll(IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> stored, Func<Windowed<Bytes>, bool> inRange)
    {
        var merged = new SortedDictionary<(long, Bytes), (Windowed<Bytes>, byte[]?)>();
        foreach (var (w, v) in stored) merged[(w.Window.StartMs, w.Key)] = (w, v);
        foreach (var (w, e) in Cached())
            if (inRange(w)) merged[(w.Window.StartMs, w.Key)] = (w, e.Value);
        foreach (var (w, v) in merged.Values)
            if (v is not null) yield return new(w, v);
    }

    /// <summary>As <see cref="CachingKeyValueStore"/>: old values first, then one batch of writes, then the forwards.</summary>
    private void FlushEntries(IReadOnlyList<DirtyEntry> entries)
    {
        var task = _task!;
        var batching = Inner as IBatchWritable;
        var windows = new Windowed<Bytes>[entries.Count];
        for (var i = 0; i < entries.Count; i++) windows[i] = ToWindowed(entries[i].Key);
        byte[]?[]? olds = null;
        if (_listener is not null)
        {
            olds = new byte[]?[entries.Count];
            for (var i = 0; i < entries.Count; i++)
                if (entries[i].Entry.IsTombstone || _sendOldValues) olds[i] = Inner.Fetch(windows[i].Key, windows[i].Window.StartMs);
        }
        var previous = task.RecordContext;
        try
        {
            batching?.BeginBatch();
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i].Entry;
                if (olds is not null && entry.IsTombstone && olds[i] is null) continue;
                task.RecordContext = entry.Context;
                Inner.Put(windows[i].Key, entry.Value, windows[i].Window.StartMs);
            }
            batching?.CommitBatch();
            if (_listener is null) return;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i].Entry;
                if (entry.IsTombstone && olds![i] is null) continue;
                task.RecordContext = entry.Context;
                _listener(windows[i], entry.Value, entry.Typed, entry.TypedTimestamp, _sendOldValues ? olds![i] : null, entry.Context!);
            }
        }
        finally
        {
            batching?.CommitBatch();
            task.RecordContext = previous;
        }
    }
}
