using RocksDbSharp;

namespace Pulse.Streams.Internal.State;

/// <summary>
/// The process-wide memory budget of every RocksDB store: one LRU block cache and one write-buffer
/// manager charged to that cache, so memtables and cached blocks of all stores (key-value and
/// window, every task) share <see cref="RocksDbSettings.BlockCacheBytes"/>, with memtables capped
/// at <see cref="RocksDbSettings.WriteBufferBytes"/>. Invariant: at most one instance exists per
/// process, created from the first settings seen (the first config wins; later settings are
/// ignored); the cache and the manager are never freed, since open databases hold them.
/// </summary>
internal sealed class RocksDbMemory
{
    /// <summary>The write buffer of each column family (memtable), before the shared manager asks for a flush.</summary>
    private const ulong WriteBufferPerColumnFamily = 8UL * 1024 * 1024;

    private const int BloomBitsPerKey = 10;

    private static readonly Lock Gate = new();
    private static RocksDbMemory? _shared;

    private RocksDbMemory(RocksDbSettings settings)
    {
        BlockCacheBytes = settings.BlockCacheBytes;
        WriteBufferBytes = settings.WriteBufferBytes;
        BlockCache = Cache.CreateLru((ulong)settings.BlockCacheBytes);
        // allow_stall = 0: past the budget the manager makes memtables flush rather than stalling writers.
        WriteBufferManager = Native.Instance.rocksdb_write_buffer_manager_create_with_cache(
            (UIntPtr)(ulong)settings.WriteBufferBytes, BlockCache.Handle, 0);
        if (WriteBufferManager == IntPtr.Zero)
            throw new InvalidOperationException("RocksDB could not create the shared write-buffer manager.");
    }

    /// <summary>The shared instance, if a store has been opened in this process.</summary>
    public static RocksDbMemory? Current => Volatile.Read(ref _shared);

    /// <summary>The capacity of <see cref="BlockCache"/>, in bytes.</summary>
    public long BlockCacheBytes { get; }

    /// <summary>The memtable budget of <see cref="WriteBufferManager"/>, in bytes.</summary>
    public long WriteBufferBytes { get; }

    /// <summary>The shared LRU block cache (data, index and filter blocks of every store).</summary>
    public Cache BlockCache { get; }

    /// <summary>The native <c>rocksdb_write_buffer_manager_t*</c> shared by every database.</summary>
    public IntPtr WriteBufferManager { get; }

    /// <summary>The shared instance, created from <paramref name="settings"/> if this is the first call in the process.</summary>
    public static RocksDbMemory For(RocksDbSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Volatile.Read(ref _shared) is { } existing) return existing;
        lock (Gate)
        {
            if (_shared is null) Volatile.Write(ref _shared, new RocksDbMemory(settings));
            return _shared;
        }
    }

    /// <summary>Database-wide options: created on demand, no statistics dumps, the shared write-buffer manager.</summary>
    public DbOptions CreateDbOptions()
    {
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .IncreaseParallelism(Math.Max(Environment.ProcessorCount, 2))
            .SetStatsDumpPeriodSec(0)
            .SetKeepLogFileNum(2)
            .SetInfoLogLevel(InfoLogLevel.Warn);
        Native.Instance.rocksdb_options_set_write_buffer_manager(options.Handle, WriteBufferManager);
        return options;
    }

    /// <summary>Options of one column family: block table on the shared cache with a bloom filter, small memtables, LZ4.</summary>
    public ColumnFamilyOptions CreateColumnFamilyOptions()
    {
        var table = new BlockBasedTableOptions()
            .SetBlockCache(BlockCache)
            .SetFilterPolicy(BloomFilterPolicy.Create(BloomBitsPerKey, false))
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true);
        return new ColumnFamilyOptions()
            .SetBlockBasedTableFactory(table)
            .SetWriteBufferSize(WriteBufferPerColumnFamily)
            .SetMaxWriteBufferNumber(2)
            .SetCompression(Compression.Lz4);
    }
}
