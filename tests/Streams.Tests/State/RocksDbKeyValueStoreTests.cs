using Pulse.Streams.Internal.State;
using Pulse.Streams.State;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.State;

/// <summary>The key-value contract, run against the RocksDB store, and what only a persistent store does.</summary>
public sealed class RocksDbKeyValueStoreTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore<Bytes, byte[]> CreateStore(string name) => Stores.PersistentKeyValueStore(name).Get();

    [Fact]
    public void Store_IsPersistent_AndLivesUnderTheStateDir()
    {
        Assert.True(Store.Persistent);
        Assert.True(Directory.Exists(Path.Combine(Context.StateDir, "rocksdb", StoreName)));
    }

    [Fact]
    public void Data_SurvivesCloseAndReopen()
    {
        Store.Put(K(1), V("a"));
        Store.PutAll([new(K(2), V("b")), new(K(3), V("c"))]);
        Store.Delete(K(3));
        Store.Flush();
        Store.Put(K(4), V("unflushed"));
        Store.Close();

        Store = Open();

        Assert.Equal([("01", "a"), ("02", "b"), ("04", "unflushed")], Entries(Store.All()));
    }

    [Fact]
    public void Flush_WithNothingWritten_Succeeds()
    {
        Store.Flush();
        Store.Put(K(1), V("a"));
        Store.Flush();
        Store.Flush();

        Assert.Equal("a", S(Store.Get(K(1))));
    }

    [Fact]
    public void Enumerating_AfterClose_Throws()
    {
        Store.Put(K(1), V("a"));
        Store.Put(K(2), V("b"));
        using var enumerator = Store.All().GetEnumerator();
        Assert.True(enumerator.MoveNext());

        Store.Close();

        Assert.Throws<global::Pulse.Streams.Errors.ProcessorStateException>(() => enumerator.MoveNext());
    }

    [Fact]
    public void TwoStores_ShareTheOneProcessWideCacheAndWriteBufferManager()
    {
        using var otherContext = new TestStoreContext();
        otherContext.Config.RocksDb.BlockCacheBytes = 1024 * 1024;
        var other = Stores.PersistentKeyValueStore("other").Get();
        other.Init(otherContext, other);
        try
        {
            var memory = RocksDbMemory.Current;
            Assert.NotNull(memory);
            Assert.Same(memory, RocksDbMemory.For(otherContext.Config.RocksDb));
            Assert.NotEqual(1024 * 1024, memory.BlockCacheBytes);
            Assert.NotEqual(IntPtr.Zero, memory.WriteBufferManager);

            Store.Put(K(1), V("a"));
            other.Put(K(1), V("b"));
            Store.Flush();
            other.Flush();
            Assert.Equal("a", S(Store.Get(K(1))));
            Assert.Equal("b", S(other.Get(K(1))));
            Assert.True(memory.BlockCache.GetUsage() > 0);
        }
        finally
        {
            other.Close();
        }
    }
}
