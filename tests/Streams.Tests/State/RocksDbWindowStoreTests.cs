using Pulse.Streams.Internal.State;
using Pulse.Streams.State;
using RocksDbSharp;

namespace Pulse.Streams.Tests.State;

/// <summary>The window-store contract, run against the segmented RocksDB store, and what only a persistent store does.</summary>
public sealed class RocksDbWindowStoreTests : WindowStoreContractTests
{
    private string StoreDir => Path.Combine(Context.StateDir, "rocksdb", StoreName);

    protected override IWindowStore<Bytes, byte[]> CreateStore(string name, TimeSpan retention, TimeSpan windowSize, bool retainDuplicates) =>
        Stores.PersistentWindowStore(name, retention, windowSize, retainDuplicates).Get();

    [Fact]
    public void Windows_SurviveCloseAndReopen_WithStreamTime()
    {
        Store.Put(A, V("a"), 70_000);
        Store.Flush();
        Store.Put(B, V("b"), 130_000);
        Store.Close();

        Store = Open(StoreName);

        Assert.True(Store.Persistent);
        Assert.Equal([("41", 70_000, 80_000, "a"), ("42", 130_000, 140_000, "b")], Windows(Store.All()));
        // Stream time (130,000) came back too: window 0 is expired (retention 120,000), so this put is ignored.
        Store.Put(A, V("late"), 0);
        Assert.Null(Store.Fetch(A, 0));
    }

    [Fact]
    public void Duplicates_SurviveReopen_AndLaterPutsAddToThem()
    {
        var store = Open("duplicates", retainDuplicates: true);
        store.Put(A, V("1"), 0);
        store.Close();

        store = Open("duplicates", retainDuplicates: true);
        store.Put(A, V("2"), 0);

        Assert.Equal([(0, "1"), (0, "2")], Windows(store.Fetch(A, 0, 0)));
    }

    [Fact]
    public void Segments_AreColumnFamilies_DroppedWhenExpired()
    {
        Store.Put(A, V("old"), 0);
        Store.Put(A, V("next"), 60_000);
        Assert.Equal(["segment-0", "segment-1"], SegmentFamilies());

        Store.Put(A, V("new"), 1_000_000);

        Assert.Equal(["segment-16"], SegmentFamilies());
    }

    [Fact]
    public void WindowAndKeyValueStores_ShareTheOneProcessWideMemory()
    {
        var keyValue = Stores.PersistentKeyValueStore("kv").Get();
        keyValue.Init(Context, keyValue);
        try
        {
            var memory = RocksDbMemory.Current;
            Assert.NotNull(memory);
            Assert.Same(memory, RocksDbMemory.For(new StreamsConfig().RocksDb));
        }
        finally
        {
            keyValue.Close();
        }
    }

    private List<string> SegmentFamilies()
    {
        Store.Close();
        var names = RocksDb.ListColumnFamilies(new DbOptions(), StoreDir).Where(n => n.StartsWith("segment-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Store = Open(StoreName);
        return names;
    }
}
