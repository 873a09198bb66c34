using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The store of a suppress node, as Kafka's <c>InMemoryTimeOrderedKeyValueBuffer</c>: the latest
/// update of each buffered key, in buffer-time order (ties by key bytes), plus the node's observed
/// stream time. Invariants: one entry per key; an entry keeps the buffer time and the prior value of
/// the key's first buffered update until it is evicted (later updates replace the rest); <see cref="Count"/>
/// and <see cref="SizeBytes"/> describe exactly what is held. With logging, every put writes the
/// entry to <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c> and every eviction a tombstone, so a
/// restore rebuilds the same entries and the largest stream time any of them recorded.
/// </summary>
internal sealed class InMemoryTimeOrderedKeyValueBuffer(string name, bool loggingEnabled) : IStateStore
{
    private readonly Dictionary<Bytes, BufferValue> _entries = [];
    private readonly SortedSet<(long Time, Bytes Key)> _byTime = new(Comparer<(long Time, Bytes Key)>.Create(
        (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Key.CompareTo(b.Key)));
    private TaskContext? _task;
    private string _changelog = "";

    public string Name { get; } = name;
    public bool Persistent => false;
    public bool IsOpen { get; private set; }
    public bool LoggingEnabled => loggingEnabled;

    /// <summary>The number of buffered keys.</summary>
    public int Count => _entries.Count;

    /// <summary>The estimated bytes held: per entry, its key and <see cref="BufferValue.SizeEstimate"/>.</summary>
    public long SizeBytes { get; private set; }

    /// <summary>The largest stream time observed by the suppress node (restored with the buffer), or -1 before any.</summary>
    public long ObservedStreamTime { get; private set; } = -1;

    /// <summary>The smallest buffer time held, or <see cref="long.MaxValue"/> when empty.</summary>
    public long MinTime => _byTime.Count == 0 ? long.MaxValue : _byTime.Min.Time;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        if (loggingEnabled)
        {
            context.Register(root, Restore);
            _task = context as TaskContext; // null only outside a task (a store tested alone), where nothing is logged
            _changelog = TopicNames.Changelog(context.ApplicationId, Name);
        }
        IsOpen = true;
    }

    /// <summary>True when <paramref name="key"/> has an entry.</summary>
    public bool Contains(Bytes key) => _entries.ContainsKey(key);

    /// <summary>Moves observed stream time forward to <paramref name="timestamp"/> (never back).</summary>
    public void ObserveStreamTime(long timestamp)
    {
        if (timestamp > ObservedStreamTime) ObservedStreamTime = timestamp;
    }

    /// <summary>
    /// When <paramref name="key"/> is buffered, true and its prior value: what the table held before the update that first buffered it
    /// (null when nothing), which is what downstream last saw of the key.
    /// </summary>
    public bool TryGetPriorValue(Bytes key, out byte[]? prior)
    {
        var found = _entries.TryGetValue(key, out var entry);
        prior = entry?.PriorValue;
        return found;
    }

    /// <summary>
    /// Buffers <paramref name="value"/> for <paramref name="key"/>; when the key has an entry, at its buffer time and with its prior value
    /// (a new entry's prior value is the update's old value).
    /// </summary>
    public void Put(Bytes key, BufferValue value)
    {
        value = _entries.TryGetValue(key, out var existing)
            ? value with { BufferTime = existing.BufferTime, PriorValue = existing.PriorValue, StreamTime = ObservedStreamTime }
            : value with { StreamTime = ObservedStreamTime };
        Place(key, value);
        Log(key, value.Serialize(), value.Timestamp);
    }

    /// <summary>Removes and hands to <paramref name="emit"/> the oldest entry while <paramref name="predicate"/> holds and entries remain.</summary>
    public void EvictWhile(Func<bool> predicate, Action<Bytes, BufferValue> emit)
    {
        while (_byTime.Count > 0 && predicate())
        {
            var (_, key) = _byTime.Min;
            var value = _entries[key];
            Remove(key);
            Log(key, null, value.Timestamp);
            emit(key, value);
        }
    }

    public void Flush() { } // every change was sent to the changelog as it happened

    public void Close()
    {
        _entries.Clear();
        _byTime.Clear();
        SizeBytes = 0;
        IsOpen = false;
    }

    private void Restore(IReadOnlyList<KeyValuePair<byte[], byte[]?>> batch)
    {
        foreach (var (k, v) in batch)
        {
            var key = new Bytes(k);
            if (v is null)
            {
                Remove(key);
                continue;
            }
            var value = BufferValue.Deserialize(v);
            // A version 1 record held no prior value: the key keeps the one it has, as a later update would.
            if (!value.HasOwnPrior && _entries.TryGetValue(key, out var held)) value = value with { PriorValue = held.PriorValue };
            ObserveStreamTime(value.StreamTime);
            Place(key, value);
        }
    }

    private void Place(Bytes key, BufferValue value)
    {
        Remove(key);
        _entries[key] = value;
        _byTime.Add((value.BufferTime, key));
        SizeBytes += key.Length + value.SizeEstimate;
    }

    private void Remove(Bytes key)
    {
        if (!_entries.Remove(key, out var old)) return;
        _byTime.Remove((old.BufferTime, key));
        SizeBytes -= key.Length + old.SizeEstimate;
    }

    private void Log(Bytes key, byte[]? value, long timestamp)
    {
        if (_task is not { } task) return;
        task.Collector.SendRaw(_changelog, task.TaskId.Partition, key.Get(), value, null, timestamp);
    }
}

/// <summary>Builds a suppress node's buffer; it is never cached, and logged unless the suppression says otherwise.</summary>
internal sealed class TimeOrderedKeyValueBufferBuilder(string name, bool loggingEnabled, IReadOnlyDictionary<string, string> logConfig) : IStoreBuilder
{
    public string Name => name;
    public bool LoggingEnabled => loggingEnabled;
    public bool CachingEnabled => false;
    public IReadOnlyDictionary<string, string> LogConfig => logConfig;
    public IStateStore Build() => new InMemoryTimeOrderedKeyValueBuffer(name, loggingEnabled);
}
