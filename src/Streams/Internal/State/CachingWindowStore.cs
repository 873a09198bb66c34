using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>Receives a cached window store's flushed writes.</summary>
internal delegate void WindowCacheFlushListener(Windowed<Bytes> key, byte[]? newValue, byte[]? oldValue, ProcessorRecordContext context);

/// <summary>
/// A write-back cache over a window store (cache key [key][window start]); flushed on commit and
/// eviction like <see cref="CachingKeyValueStore"/>. Invariant: a read sees the latest write.
/// </summary>
internal sealed class CachingWindowStore(IWindowStore<Bytes, byte[]> inner, long windowSizeMs) : WrappedWindowStore(inner)
{
    private TaskContext? _task;
    private string _ns = "";
    private WindowCacheFlushListener? _listener;
    private bool _sendOldValues;

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
        _task!.Cache.Put(_ns, new Bytes(WindowKeySchema.ToKey(key.Span, windowStart)),
            new CacheEntry(value, true, _task.RecordContext ?? ProcessorRecordContext.ForPunctuation(_task.CurrentTimestamp)));

    public override byte[]? Fetch(Bytes key, long windowStart)
    {
        var cacheKey = new Bytes(WindowKeySchema.ToKey(key.Span, windowStart));
        if (_task!.Cache.Get(_ns, cacheKey) is { } entry) return entry.Value;
        return Inner.Fetch(key, windowStart);
    }

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

    private void FlushEntries(IReadOnlyList<DirtyEntry> entries)
    {
        var task = _task!;
        foreach (var (cacheKey, entry) in entries)
        {
            var windowed = ToWindowed(cacheKey);
            var newValue = entry.Value;
            if (_listener is null)
            {
                Inner.Put(windowed.Key, newValue, windowed.Window.StartMs);
                continue;
            }
            var oldValue = newValue is null || _sendOldValues ? Inner.Fetch(windowed.Key, windowed.Window.StartMs) : null;
            if (newValue is null && oldValue is null) continue;
            var previous = task.RecordContext;
            task.RecordContext = entry.Context;
            try
            {
                Inner.Put(windowed.Key, newValue, windowed.Window.StartMs);
                _listener(windowed, newValue, _sendOldValues ? oldValue : null, entry.Context!);
            }
            finally
            {
                task.RecordContext = previous;
            }
        }
    }
}
