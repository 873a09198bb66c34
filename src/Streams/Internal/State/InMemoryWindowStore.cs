using System.Runtime.InteropServices;
using Pulse.Streams.Dsl;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// An in-memory window store, as Kafka's: stream time is the largest window start put so far, and
/// a window is live while its start is greater than stream time minus the retention period.
/// Invariants: only live windows are held (expired ones are evicted as stream time advances, and
/// puts to them are ignored); a window is in <c>_values</c> (or <c>_duplicates</c>) exactly when
/// its start is in <c>_startsByKey[key]</c> and its key is in <c>_keysByStart[start]</c>; no empty
/// sets or lists are kept. With duplicates, every put is kept in put order and a null put is ignored.
/// </summary>
internal sealed class InMemoryWindowStore(string name, long retentionMs, long windowSizeMs, bool retainDuplicates) : IWindowStore<Bytes, byte[]>
{
    private readonly Dictionary<WindowKey, byte[]> _values = [];
    private readonly Dictionary<WindowKey, List<byte[]>> _duplicates = [];
    private readonly Dictionary<Bytes, SortedSet<long>> _startsByKey = [];
    private readonly SortedSet<long> _starts = [];
    private readonly Dictionary<long, SortedSet<Bytes>> _keysByStart = [];
    private long _observedStreamTime = long.MinValue;

    public string Name { get; } = name;
    public bool Persistent => false;
    public bool IsOpen { get; private set; }

    /// <summary>The smallest live window start.</summary>
    private long MinLiveStart => _observedStreamTime <= long.MinValue + retentionMs ? long.MinValue : _observedStreamTime - retentionMs + 1;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        context.Register(root, batch =>
        {
            foreach (var (k, v) in batch)
            {
                var (key, start, _) = WindowKeySchema.FromChangelogKey(k);
                Put(key, v, start);
            }
        });
        IsOpen = true;
    }

    public void Put(Bytes key, byte[]? value, long windowStart)
    {
        if (windowStart > _observedStreamTime)
        {
            _observedStreamTime = windowStart;
            EvictExpired();
        }
        if (windowStart < MinLiveStart) return;
        var id = new WindowKey(key, windowStart);
        if (retainDuplicates)
        {
            if (value is null) return;
            if (_duplicates.TryGetValue(id, out var list)) list.Add(value);
            else
            {
                _duplicates[id] = [value];
                Index(id);
            }
        }
        else if (value is null)
        {
            if (_values.Remove(id)) Unindex(id);
        }
        else
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, id, out var existed);
            slot = value;
            if (!existed) Index(id);
        }
    }

    /// <summary>The value of the window; with duplicates, the latest put.</summary>
    public byte[]? Fetch(Bytes key, long windowStart)
    {
        if (windowStart > _observedStreamTime || windowStart < MinLiveStart) return null;
        var id = new WindowKey(key, windowStart);
        if (!retainDuplicates) return _values.GetValueOrDefault(id);
        return _duplicates.TryGetValue(id, out var list) ? list[^1] : null;
    }

    public IEnumerable<KeyValuePair<long, byte[]>> Fetch(Bytes key, long timeFrom, long timeTo)
    {
        timeFrom = Math.Max(timeFrom, MinLiveStart);
        if (timeFrom > timeTo || !_startsByKey.TryGetValue(key, out var starts)) return [];
        // A snapshot, so callers may write while they iterate (as with RocksDB iterators).
        var result = new List<KeyValuePair<long, byte[]>>();
        foreach (var start in starts.GetViewBetween(timeFrom, timeTo))
        {
            foreach (var value in ValuesOf(new WindowKey(key, start))) result.Add(new(start, value));
        }
        return result;
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> FetchAll(long timeFrom, long timeTo)
    {
        timeFrom = Math.Max(timeFrom, MinLiveStart);
        if (timeFrom > timeTo) return [];
        var result = new List<KeyValuePair<Windowed<Bytes>, byte[]>>();
        foreach (var start in _starts.GetViewBetween(timeFrom, timeTo))
        {
            var window = new Window(start, start + windowSizeMs);
            foreach (var key in _keysByStart[start])
            {
                foreach (var value in ValuesOf(new WindowKey(key, start))) result.Add(new(new Windowed<Bytes>(key, window), value));
            }
        }
        return result;
    }

    public IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> All() => FetchAll(long.MinValue, long.MaxValue);

    public void Flush() { }

    public void Close()
    {
        _values.Clear();
        _duplicates.Clear();
        _startsByKey.Clear();
        _starts.Clear();
        _keysByStart.Clear();
        _observedStreamTime = long.MinValue;
        IsOpen = false;
    }

    private IEnumerable<byte[]> ValuesOf(WindowKey id)
    {
        if (retainDuplicates) return _duplicates.TryGetValue(id, out var list) ? list : [];
        return _values.TryGetValue(id, out var value) ? [value] : [];
    }

    private void Index(WindowKey id)
    {
        if (!_startsByKey.TryGetValue(id.Key, out var starts)) _startsByKey[id.Key] = starts = [];
        starts.Add(id.Start);
        if (!_keysByStart.TryGetValue(id.Start, out var keys))
        {
            _keysByStart[id.Start] = keys = [];
            _starts.Add(id.Start);
        }
        keys.Add(id.Key);
    }

    private void Unindex(WindowKey id)
    {
        var starts = _startsByKey[id.Key];
        starts.Remove(id.Start);
        if (starts.Count == 0) _startsByKey.Remove(id.Key);
        var keys = _keysByStart[id.Start];
        keys.Remove(id.Key);
        if (keys.Count == 0)
        {
            _keysByStart.Remove(id.Start);
            _starts.Remove(id.Start);
        }
    }

    /// <summary>Drops every window older than <see cref="MinLiveStart"/>, oldest start first.</summary>
    private void EvictExpired()
    {
        var minLive = MinLiveStart;
        while (_starts.Count > 0 && _starts.Min < minLive)
        {
            var start = _starts.Min;
            foreach (var key in _keysByStart[start])
            {
                var id = new WindowKey(key, start);
                if (!_values.Remove(id)) _duplicates.Remove(id);
                var starts = _startsByKey[key];
                starts.Remove(start);
                if (starts.Count == 0) _startsByKey.Remove(key);
            }
            _keysByStart.Remove(start);
            _starts.Remove(start);
        }
    }

    /// <summary>One window of one key.</summary>
    private readonly record struct WindowKey(Bytes Key, long Start);
}
