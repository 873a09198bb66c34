using System.Text;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.State;

/// <summary>What every versioned key-value store does (KIP-889); each implementation's test class inherits these tests.</summary>
public abstract class VersionedKeyValueStoreContractTests : IDisposable
{
    protected const string StoreName = "versioned";
    protected static readonly TimeSpan Retention = TimeSpan.FromMilliseconds(100);

    protected VersionedKeyValueStoreContractTests()
    {
        Context = new TestStoreContext();
        Store = Open();
    }

    protected TestStoreContext Context { get; }

    protected IVersionedKeyValueStore<string, string> Store { get; set; }

    /// <summary>A new supplier of the store under test, named <see cref="StoreName"/>, with <see cref="Retention"/>.</summary>
    protected abstract IVersionedBytesStoreSupplier CreateSupplier();

    protected IVersionedKeyValueStore<string, string> Open()
    {
        var store = Stores.VersionedKeyValueStoreBuilder(CreateSupplier(), Serdes.String, Serdes.String).WithLoggingDisabled().BuildStore();
        store.Init(Context, store);
        return store;
    }

    [Fact]
    public void Put_InOrder_IsTheLatest_AndEachValueIsReadableAsOfItsTime()
    {
        Assert.Equal(VersionedPutResult.ValidToUndefined, Store.Put("k", "a", 10));
        Assert.Equal(VersionedPutResult.ValidToUndefined, Store.Put("k", "b", 20));

        Assert.Equal(new VersionedRecord<string>("b", 20), Store.Get("k"));
        Assert.Null(Store.Get("k", 9));
        Assert.Equal(new VersionedRecord<string>("a", 10, 20), Store.Get("k", 10));
        Assert.Equal(new VersionedRecord<string>("a", 10, 20), Store.Get("k", 19));
        Assert.Equal(new VersionedRecord<string>("b", 20), Store.Get("k", 25));
    }

    [Fact]
    public void Put_OutOfOrder_GoesIntoHistory_AndReturnsWhenItStopsBeingValid()
    {
        Store.Put("k", "a", 10);
        Store.Put("k", "c", 30);

        Assert.Equal(30, Store.Put("k", "b", 20));

        Assert.Equal(new VersionedRecord<string>("c", 30), Store.Get("k"));
        Assert.Equal(new VersionedRecord<string>("a", 10, 20), Store.Get("k", 15));
        Assert.Equal(new VersionedRecord<string>("b", 20, 30), Store.Get("k", 25));
    }

    [Fact]
    public void Put_WithAnExistingTimestamp_ReplacesThatValue()
    {
        Store.Put("k", "a", 10);
        Store.Put("k", "b", 20);

        Assert.Equal(20, Store.Put("k", "a2", 10));
        Assert.Equal(VersionedPutResult.ValidToUndefined, Store.Put("k", "b2", 20));

        Assert.Equal(new VersionedRecord<string>("a2", 10, 20), Store.Get("k", 10));
        Assert.Equal(new VersionedRecord<string>("b2", 20), Store.Get("k"));
    }

    [Fact]
    public void Tombstone_DeletesFromItsTimestamp_AndKeepsEarlierValuesReadable()
    {
        Store.Put("k", "a", 10);

        Assert.Equal(new VersionedRecord<string>("a", 10), Store.Delete("k", 20));

        Assert.Null(Store.Get("k"));
        Assert.Null(Store.Get("k", 25));
        Assert.Equal(new VersionedRecord<string>("a", 10, 20), Store.Get("k", 15));
        Assert.Equal(VersionedPutResult.ValidToUndefined, Store.Put("k", "b", 30));
        Assert.Equal(new VersionedRecord<string>("b", 30), Store.Get("k"));
    }

    [Fact]
    public void Tombstone_OutOfOrder_EndsTheValueBeforeIt()
    {
        Store.Put("k", "a", 10);
        Store.Put("k", "c", 30);

        Assert.Equal(30, Store.Put("k", null, 20));

        Assert.Null(Store.Get("k", 25));
        Assert.Equal(new VersionedRecord<string>("a", 10, 20), Store.Get("k", 15));
        Assert.Equal(new VersionedRecord<string>("c", 30), Store.Get("k"));
    }

    [Fact]
    public void HistoryRetention_RefusesOlderPuts_AndAnswersNoOlderReads()
    {
        Store.Put("k", "a", 10);
        Store.Put("k", "b", 50);
        Store.Put("other", "x", 200); // stream time 200: the boundary is 100

        Assert.Equal(VersionedPutResult.NotPut, Store.Put("k", "old", 99));
        Assert.Null(Store.Get("k", 99));
        Assert.Equal(new VersionedRecord<string>("b", 50), Store.Get("k", 100));
        Assert.Equal(new VersionedRecord<string>("b", 50), Store.Get("k"));
        Assert.Equal(VersionedPutResult.ValidToUndefined, Store.Put("k", "c", 100));
        Assert.Equal(new VersionedRecord<string>("c", 100), Store.Get("k", 100));
    }

    [Fact]
    public void HistoryRetention_KeepsTheLatestValue_HoweverOld()
    {
        Store.Put("k", "a", 10);
        Store.Put("other", "x", 1_000);
        Store.Flush(); // sweeps expired history

        Assert.Equal(new VersionedRecord<string>("a", 10), Store.Get("k"));
        Assert.Equal(new VersionedRecord<string>("a", 10), Store.Get("k", 900));
    }

    [Fact]
    public void Restore_ReplaysChangelogRecords_WithTheirTimestamps()
    {
        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
        Context.RestoreWithTimestamps(StoreName, (B("k"), B("a"), 10), (B("k"), B("c"), 30), (B("k"), B("b"), 20), (B("j"), B("x"), 15), (B("j"), null, 25));

        Assert.Equal(new VersionedRecord<string>("c", 30), Store.Get("k"));
        Assert.Equal(new VersionedRecord<string>("b", 20, 30), Store.Get("k", 29));
        Assert.Equal(new VersionedRecord<string>("a", 10, 20), Store.Get("k", 10));
        Assert.Null(Store.Get("j"));
        Assert.Equal(new VersionedRecord<string>("x", 15, 25), Store.Get("j", 20));
    }

    [Fact]
    public void Builder_RefusesACache()
    {
        var builder = Stores.VersionedKeyValueStoreBuilder(CreateSupplier(), Serdes.String, Serdes.String).WithCachingEnabled();

        Assert.Throws<Pulse.Streams.Errors.TopologyException>(() => builder.Build());
    }

    [Fact]
    public void Builder_KeepsChangelogRecords_ForTheHistoryRetentionPlusADay()
    {
        var builder = Stores.VersionedKeyValueStoreBuilder(CreateSupplier(), Serdes.String, Serdes.String);

        Assert.Equal($"{(long)(Retention + TimeSpan.FromDays(1)).TotalMilliseconds}", builder.LogConfig["min.compaction.lag.ms"]);
    }

    public void Dispose()
    {
        Store.Close();
        Context.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class InMemoryVersionedKeyValueStoreTests : VersionedKeyValueStoreContractTests
{
    protected override IVersionedBytesStoreSupplier CreateSupplier() => Stores.InMemoryVersionedKeyValueStore(StoreName, Retention);
}

public sealed class RocksDbVersionedKeyValueStoreTests : VersionedKeyValueStoreContractTests
{
    protected override IVersionedBytesStoreSupplier CreateSupplier() => Stores.PersistentVersionedKeyValueStore(StoreName, Retention);

    [Fact]
    public void Reopen_KeepsTheHistory_AndTheStreamTime()
    {
        Store.Put("k", "a", 10);
        Store.Put("k", "b", 150);
        Store.Put("other", "x", 200);
        Store.Flush();
        Store.Close();

        Store = Open();

        Assert.Equal(new VersionedRecord<string>("b", 150), Store.Get("k"));
        Assert.Equal(new VersionedRecord<string>("a", 10, 150), Store.Get("k", 100));
        Assert.Null(Store.Get("k", 99));
        Assert.Equal(VersionedPutResult.NotPut, Store.Put("k", "late", 50));
    }
}
