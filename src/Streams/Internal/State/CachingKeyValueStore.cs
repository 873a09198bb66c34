using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// Receives a cached store's flushed writes: key, new value (bytes, and the object and its timestamp when the typed store put one),
/// old value (when asked), and the writing record's context.
/// </summary>
internal delegate void CacheFlushListener(Bytes key, byte[]? newValue, object? newObject, long newObjectTimestamp, byte[]? oldValue, ProcessorRecordContext context);

/// <summary>
/// A write-back cache over a key-value store. Writes stay in the thread's cache until a commit
/// or an eviction flushes them, so repeated updates of a key between commits reach the inner
/// store, the changelog and (through the flush listener) downstream processors once.
/// Invariant: a read sees the latest write, cached or not.
/// </summary>
internal sealed class CachingKeyValueStore(IKeyValueStore<Bytes, byte[]> inner) : WrappedKeyValueStore(inner), ICachedStateStore
{
    private TaskContext? _task;
    private string _ns = "";
    private CacheFlushListener? _listener;
    private bool _sendOldValues;

    public override void Init(IStateStoreContext context, IStateStore root)
    {
        _task = TaskContexts.Of(context, Name);
        _ns = $"{_task.TaskId}-{Name}";
        _task.Cache.AddDirtyEntryFlushListener(_ns, FlushEntries);
        base.Init(context, root);
    }

    public void SetFlushListener(CacheFlushListener listener, bool sendOldValues)
    {
        _listener = listener;
        _sendOldValues = sendOldValues;
    }

    public override long ApproximateNumEntries => Inner.ApproximateNumEntries;

    public override byte[]? Get(Bytes key)
    {
        var cache = _task!.Cache;
        if (cache.Get(_ns, key) is { } entry) return entry.Value;
        var value = Inner.Get(key);
        if (value is not null) cache.Put(_ns, key, new CacheEntry(value, false, null));
        return value;
    }

    /// <summary>
    /// A typed read: the cached object when the cache holds one (no deserialization), else the
    /// bytes deserialized, which are then cached with the object.
    /// </summary>
    public bool TryGetObject<T>(Bytes key, Func<byte[], T> deserialize, out T value)
    {
        var cache = _task!.Cache;
        if (cache.Get(_ns, key) is { } entry)
        {
            value = entry.IsTombstone ? default! : entry.Typed is T typed ? typed : deserialize(entry.Value!);
            return !entry.IsTombstone;
        }
        var bytes = Inner.Get(key);
        if (bytes is null)
        {
            value = default!;
            return false;
        }
        value = deserialize(bytes);
        cache.Put(_ns, key, new CacheEntry(bytes, false, null, value));
        return true;
    }

    /// <summary>
    /// A typed read of a timestamped store: the cached object and the timestamp it was put with, else the bytes split by
    /// <paramref name="deserialize"/> (and then cached with both).
    /// </summary>
    public bool TryGetStamped<T>(Bytes key, Func<byte[], ValueAndTimestamp<T>> deserialize, out ValueAndTimestamp<T> value)
    {
        var cache = _task!.Cache;
        if (cache.Get(_ns, key) is { } entry)
        {
            value = entry.IsTombstone ? default
                : entry.Typed is T typed && entry.TypedTimestamp != TimestampedValues.NoTimestamp ? new ValueAndTimestamp<T>(typed, entry.TypedTimestamp)
                : deserialize(entry.Value!);
            return !entry.IsTombstone;
        }
        var bytes = Inner.Get(key);
        if (bytes is null)
        {
            value = default;
            return false;
        }
        value = deserialize(bytes);
        cache.Put(_ns, key, new CacheEntry(bytes, false, null, value.Value, value.Timestamp));
        return true;
    }

    public override void Put(Bytes key, byte[]? value) => _task!.Cache.Put(_ns, key, new CacheEntry(value, true, WriterContext()));

    /// <summary>
    /// A typed write: caches the object (with its <paramref name="timestamp"/>, for a timestamped store); it is serialized with
    /// <paramref name="serialize"/> only when flushed or evicted.
    /// </summary>
    public void PutObject(Bytes key, object? value, Func<object, long, byte[]> serialize, long timestamp = TimestampedValues.NoTimestamp) =>
        _task!.Cache.PutObject(_ns, key, value, timestamp, serialize, WriterContext());

    private ProcessorRecordContext WriterContext() => _task!.RecordContext ?? ProcessorRecordContext.ForPunctuation(_task.CurrentTimestamp);

    public override IEnumerable<KeyValuePair<Bytes, byte[]>> Range(Bytes from, Bytes to) =>
        Merge(Inner.Range(from, to), k => k.CompareTo(from) >= 0 && k.CompareTo(to) <= 0);

    public override IEnumerable<KeyValuePair<Bytes, byte[]>> All() => Merge(Inner.All(), _ => true);

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

    /// <summary>Overlays cached entries on the inner store's, in key order.</summary>
    private IEnumerable<KeyValuePair<Bytes, byte[]>> Merge(IEnumerable<KeyValuePair<Bytes, byte[]>> stored, Func<Bytes, bool> inRange)
    {
        var merged = new SortedDictionary<Bytes, byte[]?>();
        foreach (var (k, v) in stored) merged[k] = v;
        foreach (var (k, e) in _task!.Cache.Entries(_ns).ToList())
            if (inRange(k)) merged[k] = e.Value;
        foreach (var (k, v) in merged)
            if (v is not null) yield return new(k, v);
    }

    /// <summary>
    /// Writes flushed entries down and forwards them: old values are read first (before this flush
    /// writes anything), then every write goes down in one batch, then each change is forwarded
    /// with its writer's record context.
    /// </summary>
    private void FlushEntries(IReadOnlyList<DirtyEntry> entries)
    {
        var task = _task!;
        var batching = Inner as IBatchWritable;
        byte[]?[]? olds = null;
        if (_listener is not null)
        {
            olds = new byte[]?[entries.Count];
            for (var i = 0; i < entries.Count; i++)
                if (entries[i].Entry.IsTombstone || _sendOldValues) olds[i] = Inner.Get(entries[i].Key);
        }
        var previous = task.RecordContext;
        try
        {
            batching?.BeginBatch();
            for (var i = 0; i < entries.Count; i++)
            {
                var (key, entry) = entries[i];
                if (olds is not null && entry.IsTombstone && olds[i] is null) continue; // never existed below: nothing to write or forward
                task.RecordContext = entry.Context;
                Inner.Put(key, entry.Value);
            }
            batching?.CommitBatch();
            if (_listener is null) return;
            for (var i = 0; i < entries.Count; i++)
            {
                var (key, entry) = entries[i];
                if (entry.IsTombstone && olds![i] is null) continue;
                task.RecordContext = entry.Context;
                _listener(key, entry.Value, entry.Typed, entry.TypedTimestamp, _sendOldValues ? olds![i] : null, entry.Context!);
            }
        }
        finally
        {
            batching?.CommitBatch();
            task.RecordContext = previous;
        }
    }
}
