using Pulse.Streams.Internal.Processor;
using Pulse.Streams.State;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// An entry of the record cache: the latest value of a key and the record that wrote it. A value
/// put by a typed store is kept as the object and serialized once, when first needed (flush,
/// eviction, a byte read), so repeated updates between commits cost no serialization.
/// Invariant: the entry's accounted size is fixed when it is made (for an object not yet
/// serialized, the size of the key's previous value; a new key is serialized once to measure it), so the cache's total stays exact.
/// </summary>
internal sealed class CacheEntry
{
    private Func<object, long, byte[]>? _serialize;
    private byte[]? _value;
    private int _valueSize;

    public CacheEntry(byte[]? value, bool isDirty, ProcessorRecordContext? context, object? typed = null, long typedTimestamp = TimestampedValues.NoTimestamp)
    {
        _value = value;
        _valueSize = value?.Length ?? 0;
        IsDirty = isDirty;
        SetContext(context);
        Typed = typed;
        TypedTimestamp = typedTimestamp;
    }

    private CacheEntry(object typed, long timestamp, Func<object, long, byte[]> serialize, ProcessorRecordContext? context)
    {
        Typed = typed;
        TypedTimestamp = timestamp;
        _serialize = serialize;
        IsDirty = true;
        SetContext(context);
    }

    /// <summary>A dirty entry holding an object (and, for a timestamped store, its timestamp), serialized lazily with <paramref name="serialize"/>.</summary>
    public static CacheEntry ForObject(object? typed, long timestamp, Func<object, long, byte[]> serialize, ProcessorRecordContext? context) =>
        typed is null ? new CacheEntry(null, true, context) : new CacheEntry(typed, timestamp, serialize, context);

    /// <summary>The value as the typed store put or read it, when known.</summary>
    public object? Typed { get; private set; }

    /// <summary>The timestamp a timestamped store put with <see cref="Typed"/>, or <see cref="TimestampedValues.NoTimestamp"/>.</summary>
    public long TypedTimestamp { get; private set; }

    /// <summary>The value's bytes (serialized now if only the object is held); null for a delete.</summary>
    public byte[]? Value => _value ??= Typed is null || _serialize is null ? null : _serialize(Typed, TypedTimestamp);

    public bool IsTombstone => _value is null && Typed is null;
    public bool IsDirty { get; set; }
    /// <summary>The record that wrote the entry.</summary>
    public ProcessorRecordContext? Context { get; private set; }

    private ProcessorRecordContext? _copy; // the entry's own copy of a reused writer context, overwritten with the entry

    /// <summary>Keeps the writer's context; a reused one (a record queue's, a forwarder's) is copied into the entry's own.</summary>
    private void SetContext(ProcessorRecordContext? context)
    {
        if (context is { IsReused: true })
        {
            (_copy ??= ProcessorRecordContext.Reusable()).SetFrom(context, context.Timestamp);
            Context = _copy;
        }
        else Context = context;
    }
    public long Size(Bytes key) => key.Length + _valueSize + 64;

    /// <summary>
    /// Before the entry is accounted: an unserialized object takes the size of the value it
    /// replaces; a key new to the cache is serialized once to learn its size exactly.
    /// </summary>
    public void EstimateSizeFrom(CacheEntry? previous)
    {
        if (_value is not null || Typed is null) return;
        _valueSize = previous is null ? Value!.Length : previous._value?.Length ?? previous._valueSize;
    }

    /// <summary>
    /// Makes this entry a dirty one holding <paramref name="typed"/>, as <see cref="ForObject"/> would make a new one after it
    /// (its size estimated from the value it replaces); returns the change in size. Only for an entry no one else holds.
    /// </summary>
    public long Overwrite(Bytes key, object typed, long timestamp, Func<object, long, byte[]> serialize, ProcessorRecordContext? context)
    {
        var before = Size(key);
        _valueSize = _value?.Length ?? _valueSize;
        _value = null;
        Typed = typed;
        TypedTimestamp = timestamp;
        _serialize = serialize;
        SetContext(context);
        IsDirty = true;
        return Size(key) - before;
    }
}

/// <summary>A dirty entry handed to a store's flush listener, in the order keys were last dirtied.</summary>
internal readonly record struct DirtyEntry(Bytes Key, CacheEntry Entry);

/// <summary>
/// The record cache of one thread (or test driver), shared by the caching stores of its tasks
/// and bounded in bytes. Invariant: <see cref="SizeBytes"/> is the sum of all entries' sizes,
/// and after every put it is at most the bound (a bound of 0 writes every put straight through).
/// When it would exceed the bound, least-recently-used entries of the namespace being written
/// are evicted; evicting a dirty entry first flushes every dirty entry of that namespace.
/// </summary>
internal sealed class ThreadCache(long maxBytes)
{
    private readonly Dictionary<string, NamedCache> _caches = new(StringComparer.Ordinal);

    public long MaxBytes { get; } = maxBytes;
    public long SizeBytes { get; private set; }
    public long Evictions { get; private set; }

    public void AddDirtyEntryFlushListener(string ns, Action<IReadOnlyList<DirtyEntry>> listener) => GetOrCreate(ns).Listener = listener;

    public CacheEntry? Get(string ns, Bytes key) => _caches.TryGetValue(ns, out var cache) ? cache.Get(key) : null;

    /// <summary>Puts <paramref name="entry"/>; a <paramref name="scratchKey"/> (an array its owner reuses) is copied when the key is new.</summary>
    public void Put(string ns, Bytes key, CacheEntry entry, bool scratchKey = false)
    {
        var cache = GetOrCreate(ns);
        SizeBytes += cache.Put(key, entry, scratchKey);
        EvictWhileOver(cache);
    }

    /// <summary>
    /// Puts an object (serialized lazily): when the key is cached and its entry is not being flushed, the entry itself is
    /// overwritten, so an aggregation updating the same keys between commits allocates no entry per record.
    /// </summary>
    public void PutObject(string ns, Bytes key, object? typed, long timestamp, Func<object, long, byte[]> serialize, ProcessorRecordContext? context,
        bool scratchKey = false)
    {
        var cache = GetOrCreate(ns);
        if (typed is null || !cache.TryOverwrite(key, typed, timestamp, serialize, context, out var delta))
        {
            Put(ns, key, CacheEntry.ForObject(typed, timestamp, serialize, context), scratchKey);
            return;
        }
        SizeBytes += delta;
        EvictWhileOver(cache);
    }

    /// <summary>Evicts <paramref name="cache"/>'s least recently used entries while the cache is over its bound.</summary>
    private void EvictWhileOver(NamedCache cache)
    {
        while (SizeBytes > MaxBytes && cache.Count > 0)
        {
            SizeBytes -= cache.EvictEldest();
            Evictions++;
        }
    }

    /// <summary>Removes <paramref name="key"/> without flushing it.</summary>
    public void Delete(string ns, Bytes key)
    {
        if (_caches.TryGetValue(ns, out var cache)) SizeBytes -= cache.Remove(key);
    }

    /// <summary>Hands every dirty entry of <paramref name="ns"/> to its listener, oldest first, and marks them clean.</summary>
    public void Flush(string ns)
    {
        if (_caches.TryGetValue(ns, out var cache)) cache.Flush();
    }

    /// <summary>The entries of <paramref name="ns"/> (unordered), for range reads that merge cache and store.</summary>
    public IEnumerable<KeyValuePair<Bytes, CacheEntry>> Entries(string ns) =>
        _caches.TryGetValue(ns, out var cache) ? cache.Entries() : [];

    public void Close(string ns)
    {
        if (_caches.Remove(ns, out var cache)) SizeBytes -= cache.Clear();
    }

    private NamedCache GetOrCreate(string ns)
    {
        if (!_caches.TryGetValue(ns, out var cache)) _caches[ns] = cache = new NamedCache();
        return cache;
    }

    /// <summary>
    /// One store's part of the cache: an LRU list, and a second list of the dirty entries in the order keys were last
    /// dirtied, so a flush costs what is dirty, not the whole cache (a full cache flushes on nearly every eviction).
    /// </summary>
    private sealed class NamedCache
    {
        private readonly Dictionary<Bytes, Node> _nodes = [];
        private Node? _head; // least recently used
        private Node? _tail; // most recently used
        private Node? _dirtyHead; // dirtied longest ago
        private Node? _dirtyTail; // dirtied last

        public Action<IReadOnlyList<DirtyEntry>>? Listener { get; set; }
        public int Count => _nodes.Count;

        public CacheEntry? Get(Bytes key)
        {
            if (!_nodes.TryGetValue(key, out var node)) return null;
            MoveToTail(node);
            return node.Entry;
        }

        /// <summary>Puts and returns the change in size.</summary>
        public long Put(Bytes key, CacheEntry entry, bool scratchKey)
        {
            if (_nodes.TryGetValue(key, out var node))
            {
                entry.EstimateSizeFrom(node.Entry);
                var delta = entry.Size(key) - node.Entry.Size(key);
                if (entry.IsDirty) MarkDirty(node); // as Kafka: a re-dirtied key moves to the end
                else if (node.Entry.IsDirty) entry.IsDirty = true; // a clean read never hides an unflushed write
                node.Entry = entry;
                MoveToTail(node);
                return delta;
            }
            entry.EstimateSizeFrom(null);
            if (scratchKey) key = new Bytes(key.Span.ToArray());
            node = new Node(key, entry);
            _nodes.Add(key, node);
            Append(node);
            if (entry.IsDirty) MarkDirty(node);
            return entry.Size(key);
        }

        /// <summary>Overwrites the cached entry of <paramref name="key"/> in place, unless there is none or a flush holds it.</summary>
        public bool TryOverwrite(Bytes key, object typed, long timestamp, Func<object, long, byte[]> serialize, ProcessorRecordContext? context, out long delta)
        {
            delta = 0;
            if (_flushing || !_nodes.TryGetValue(key, out var node)) return false;
            delta = node.Entry.Overwrite(key, typed, timestamp, serialize, context);
            MarkDirty(node);
            MoveToTail(node);
            return true;
        }

        private bool _flushing;

        public long Remove(Bytes key)
        {
            if (!_nodes.Remove(key, out var node)) return 0;
            Unlink(node);
            UnlinkDirty(node);
            return node.Entry.Size(key);
        }

        public long EvictEldest()
        {
            var eldest = _head!;
            if (eldest.Entry.IsDirty) Flush();
            _nodes.Remove(eldest.Key);
            Unlink(eldest);
            UnlinkDirty(eldest);
            return eldest.Entry.Size(eldest.Key);
        }

        public void Flush()
        {
            if (_dirtyHead is null) return;
            // One list reused flush after flush (a flush the listener causes, re-entrantly, takes a new one).
            var entries = _spareEntries ?? [];
            _spareEntries = null;
            for (var node = _dirtyHead; node is not null;)
            {
                var next = node.DirtyNext;
                node.Entry.IsDirty = false;
                entries.Add(new DirtyEntry(node.Key, node.Entry));
                node.DirtyPrev = node.DirtyNext = null;
                node.InDirtyList = false;
                node = next;
            }
            _dirtyHead = _dirtyTail = null;
            var wasFlushing = _flushing;
            _flushing = true; // the listener's writes make new entries: these are being handed on
            try
            {
                Listener?.Invoke(entries);
            }
            finally
            {
                _flushing = wasFlushing;
            }
            entries.Clear();
            _spareEntries = entries;
        }

        private List<DirtyEntry>? _spareEntries;

        /// <summary>Moves <paramref name="node"/> to the end of the dirty list.</summary>
        private void MarkDirty(Node node)
        {
            UnlinkDirty(node);
            node.DirtyPrev = _dirtyTail;
            if (_dirtyTail is null) _dirtyHead = node; else _dirtyTail.DirtyNext = node;
            _dirtyTail = node;
            node.InDirtyList = true;
        }

        private void UnlinkDirty(Node node)
        {
            if (!node.InDirtyList) return;
            if (node.DirtyPrev is null) _dirtyHead = node.DirtyNext; else node.DirtyPrev.DirtyNext = node.DirtyNext;
            if (node.DirtyNext is null) _dirtyTail = node.DirtyPrev; else node.DirtyNext.DirtyPrev = node.DirtyPrev;
            node.DirtyPrev = node.DirtyNext = null;
            node.InDirtyList = false;
        }

        public IEnumerable<KeyValuePair<Bytes, CacheEntry>> Entries()
        {
            foreach (var (key, node) in _nodes) yield return new(key, node.Entry);
        }

        public long Clear()
        {
            long size = 0;
            foreach (var (key, node) in _nodes) size += node.Entry.Size(key);
            _nodes.Clear();
            _head = _tail = null;
            _dirtyHead = _dirtyTail = null;
            return size;
        }

        private void MoveToTail(Node node)
        {
            if (node == _tail) return;
            Unlink(node);
            Append(node);
        }

        private void Append(Node node)
        {
            node.Prev = _tail;
            node.Next = null;
            if (_tail is null) _head = node; else _tail.Next = node;
            _tail = node;
        }

        private void Unlink(Node node)
        {
            if (node.Prev is null) _head = node.Next; else node.Prev.Next = node.Next;
            if (node.Next is null) _tail = node.Prev; else node.Next.Prev = node.Prev;
            node.Prev = node.Next = null;
        }

        private sealed class Node(Bytes key, CacheEntry entry)
        {
            public Bytes Key { get; } = key;
            public CacheEntry Entry { get; set; } = entry;
            public Node? Prev { get; set; }
            public Node? Next { get; set; }
            public bool InDirtyList { get; set; }
            public Node? DirtyPrev { get; set; }
            public Node? DirtyNext { get; set; }
        }
    }
}
