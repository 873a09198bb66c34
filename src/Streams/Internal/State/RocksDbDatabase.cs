using Pulse.Streams.Errors;
using RocksDbSharp;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// One open RocksDB database of a store, on the process-wide <see cref="RocksDbMemory"/>, written
/// without a write-ahead log (the changelog topic is the log). Invariants: every column family in
/// the directory is open and listed in <c>_families</c>; every iterator handed out is in
/// <c>_iterators</c> until its enumeration ends, and <see cref="Dispose"/> closes them before the
/// database, so an abandoned enumeration never outlives the native handle it reads; a dropped column
/// family's handle is freed at once and never used again.
/// </summary>
internal sealed class RocksDbDatabase : IDisposable
{
    private readonly string _storeName;
    private readonly RocksDb _db;
    private readonly ColumnFamilyOptions _columnFamilyOptions;
    private readonly WriteOptions _writeOptions = new WriteOptions().DisableWal(1);
    private readonly FlushOptions _flushOptions = new FlushOptions().SetWaitForFlush(true);
    private readonly Dictionary<string, ColumnFamilyHandle> _families = new(StringComparer.Ordinal);
    private readonly HashSet<Iterator> _iterators = [];
    private readonly WriteBatch _batch = new();
    private WriteBatch? _pending;
    private bool _dirty;
    private bool _disposed;

    private RocksDbDatabase(string storeName, RocksDb db, ColumnFamilyOptions columnFamilyOptions, IEnumerable<string> families)
    {
        _storeName = storeName;
        _db = db;
        _columnFamilyOptions = columnFamilyOptions;
        Default = db.GetDefaultColumnFamily();
        foreach (var name in families) _families[name] = db.GetColumnFamily(name);
    }

    /// <summary>The default column family.</summary>
    public ColumnFamilyHandle Default { get; }

    /// <summary>The names of the column families other than the default one.</summary>
    public IReadOnlyCollection<string> ColumnFamilyNames => _families.Keys;

    /// <summary>Opens (creating if missing) the database in <paramref name="path"/> with every column family it has.</summary>
    public static RocksDbDatabase Open(string storeName, string path, RocksDbMemory memory)
    {
        Directory.CreateDirectory(path);
        var dbOptions = memory.CreateDbOptions();
        var cfOptions = memory.CreateColumnFamilyOptions();
        var families = new ColumnFamilies(cfOptions);
        var existing = RocksDb.TryListColumnFamilies(dbOptions, path, out var names)
            ? names.Where(n => n != ColumnFamilies.DefaultName).ToList()
            : [];
        foreach (var name in existing) families.Add(name, cfOptions);
        try
        {
            return new RocksDbDatabase(storeName, RocksDb.Open(dbOptions, path, families), cfOptions, existing);
        }
        catch (RocksDbException e)
        {
            throw new ProcessorStateException($"Store {storeName} could not open RocksDB in {path}: {e.Message}", e);
        }
    }

    /// <summary>The column family <paramref name="name"/>, created if missing.</summary>
    public ColumnFamilyHandle GetOrCreateColumnFamily(string name)
    {
        if (_families.TryGetValue(name, out var handle)) return handle;
        handle = _db.CreateColumnFamily(_columnFamilyOptions, name);
        _families[name] = handle;
        return handle;
    }

    /// <summary>
    /// Drops the column family <paramref name="name"/> and its data, and frees its handle (RocksDbSharp's drop keeps it,
    /// which would pin the family's memtables until close). Open iterators over it stay valid; later scans of it are empty.
    /// </summary>
    public void DropColumnFamily(string name)
    {
        CommitBatch();
        if (!_families.Remove(name, out var handle)) return;
        _db.DropColumnFamily(name);
        Native.Instance.rocksdb_column_family_handle_destroy(handle.Handle);
    }

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public byte[]? Get(byte[] key, ColumnFamilyHandle family)
    {
        CommitBatch();
        return _db.Get(key, family);
    }

    /// <summary>Writes <paramref name="key"/> (into the pending batch while one is open).</summary>
    public void Put(byte[] key, byte[] value, ColumnFamilyHandle family)
    {
        _dirty = true;
        if (_pending is not null) _pending.Put(key, value, family);
        else _db.Put(key, value, family, _writeOptions);
    }

    /// <summary>Deletes <paramref name="key"/> (into the pending batch while one is open).</summary>
    public void Remove(byte[] key, ColumnFamilyHandle family)
    {
        _dirty = true;
        if (_pending is not null) _pending.Delete(key, family);
        else _db.Remove(key, family, _writeOptions);
    }

    /// <summary>Gathers writes into one batch until <see cref="CommitBatch"/>; reads, scans and drops apply it first.</summary>
    public void BeginBatch() => _pending ??= _batch;

    /// <summary>Applies the gathered writes in one native call.</summary>
    public void CommitBatch()
    {
        if (_pending is null) return;
        _pending = null;
        if (_batch.Count() > 0) _db.Write(_batch, _writeOptions);
        _batch.Clear();
    }

    /// <summary>Applies <paramref name="batch"/> atomically.</summary>
    public void Write(WriteBatch batch)
    {
        _dirty = true;
        _db.Write(batch, _writeOptions);
    }

    /// <summary>RocksDB's estimate of the keys in <paramref name="family"/> (<c>rocksdb.estimate-num-keys</c>).</summary>
    public long EstimateNumKeys(ColumnFamilyHandle family) =>
        long.TryParse(_db.GetProperty("rocksdb.estimate-num-keys", family), out var n) ? n : 0;

    /// <summary>
    /// Entries of <paramref name="family"/> with <paramref name="lower"/> &lt;= key &lt; <paramref name="upperExclusive"/>
    /// (null: unbounded), in unsigned byte order, read from a snapshot taken at the first MoveNext (writes
    /// meanwhile are safe and not seen). Lazy; the native iterator is freed when the enumeration ends or is disposed.
    /// </summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(ColumnFamilyHandle family, byte[]? lower, byte[]? upperExclusive)
    {
        // A family dropped since the caller looked it up holds only expired data, and its handle is gone.
        CommitBatch();
        if (!IsLive(family)) yield break;
        var readOptions = new ReadOptions();
        if (lower is not null) readOptions.SetIterateLowerBound(lower);
        if (upperExclusive is not null) readOptions.SetIterateUpperBound(upperExclusive);
        var iterator = OpenIterator(family, readOptions);
        try
        {
            if (lower is null) iterator.SeekToFirst();
            else iterator.Seek(lower);
            while (true)
            {
                ThrowIfDisposed();
                if (!iterator.Valid()) yield break;
                var entry = new KeyValuePair<byte[], byte[]>(iterator.Key(), iterator.Value());
                iterator.Next();
                yield return entry;
            }
        }
        finally
        {
            CloseIterator(iterator);
        }
    }

    /// <summary>Writes the memtables of every column family to disk, if anything was written since the last flush.</summary>
    /// <remarks>
    /// Without a write-ahead log this is what makes writes survive a crash, so it is called on every commit.
    /// It is skipped when nothing changed, which makes idle commits free; a commit after writes costs one
    /// small SST file per written column family (RocksDB compacts them in the background).
    /// </remarks>
    public void Flush()
    {
        ThrowIfDisposed();
        CommitBatch();
        if (!_dirty) return;
        var handles = new IntPtr[_families.Count + 1];
        handles[0] = Default.Handle;
        var i = 1;
        foreach (var family in _families.Values) handles[i++] = family.Handle;
        Native.Instance.rocksdb_flush_cfs(_db.Handle, _flushOptions.Handle, handles, handles.Length);
        _dirty = false;
    }

    /// <summary>Closes open iterators, then the database (RocksDB flushes unflushed memtables on close).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        CommitBatch();
        _batch.Dispose();
        _disposed = true;
        lock (_iterators)
        {
            foreach (var iterator in _iterators) iterator.Dispose();
            _iterators.Clear();
        }
        _db.Dispose();
    }

    private bool IsLive(ColumnFamilyHandle family) => ReferenceEquals(family, Default) || _families.ContainsValue(family);

    private Iterator OpenIterator(ColumnFamilyHandle family, ReadOptions readOptions)
    {
        lock (_iterators)
        {
            ThrowIfDisposed();
            var iterator = _db.NewIterator(family, readOptions);
            _iterators.Add(iterator);
            return iterator;
        }
    }

    private void CloseIterator(Iterator iterator)
    {
        lock (_iterators)
        {
            if (_iterators.Remove(iterator)) iterator.Dispose();
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new ProcessorStateException($"Store {_storeName} is closed.");
    }
}
