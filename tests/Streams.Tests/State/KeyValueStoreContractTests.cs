using System.Text;
using Pulse.Streams.State;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.State;

/// <summary>What every byte key-value store does; each implementation's test class inherits these tests.</summary>
public abstract class KeyValueStoreContractTests : IDisposable
{
    protected const string StoreName = "kv";

    protected KeyValueStoreContractTests()
    {
        Context = new TestStoreContext();
        Store = Open();
    }

    protected TestStoreContext Context { get; }

    protected IKeyValueStore<Bytes, byte[]> Store { get; set; }

    /// <summary>A new, unopened store named <see cref="StoreName"/>.</summary>
    protected abstract IKeyValueStore<Bytes, byte[]> CreateStore(string name);

    protected IKeyValueStore<Bytes, byte[]> Open()
    {
        var store = CreateStore(StoreName);
        store.Init(Context, store);
        return store;
    }

    protected static Bytes K(params byte[] key) => new(key);

    protected static byte[] V(string value) => Encoding.UTF8.GetBytes(value);

    protected static string? S(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);

    protected static List<(string Key, string Value)> Entries(IEnumerable<KeyValuePair<Bytes, byte[]>> entries) =>
        entries.Select(kv => (kv.Key.ToString(), S(kv.Value)!)).ToList();

    [Fact]
    public void Init_OpensTheStore_AndRegistersItForRestore()
    {
        Assert.True(Store.IsOpen);
        Assert.Contains(StoreName, Context.Registered);
    }

    [Fact]
    public void Get_ReturnsNull_WhenTheKeyIsAbsent()
    {
        Assert.Null(Store.Get(K(1)));
        Assert.False(Store.TryGet(K(1), out _));
    }

    [Fact]
    public void Put_ThenGet_ReturnsTheValue()
    {
        Store.Put(K(1), V("a"));

        Assert.Equal("a", S(Store.Get(K(1))));
        Assert.True(Store.TryGet(K(1), out var value));
        Assert.Equal("a", S(value));
    }

    [Fact]
    public void Put_OverwritesThePreviousValue()
    {
        Store.Put(K(1), V("a"));
        Store.Put(K(1), V("b"));

        Assert.Equal("b", S(Store.Get(K(1))));
    }

    [Fact]
    public void Put_Null_DeletesTheKey()
    {
        Store.Put(K(1), V("a"));
        Store.Put(K(1), null);

        Assert.Null(Store.Get(K(1)));
        Assert.Empty(Store.All());
    }

    [Fact]
    public void Delete_RemovesTheKey_AndReturnsTheOldValue()
    {
        Store.Put(K(1), V("a"));

        Assert.Equal("a", S(Store.Delete(K(1))));
        Assert.Null(Store.Get(K(1)));
        Assert.Null(Store.Delete(K(1)));
    }

    [Fact]
    public void PutIfAbsent_WritesOnlyWhenAbsent_AndReturnsWhatWasThere()
    {
        Assert.Null(Store.PutIfAbsent(K(1), V("a")));
        Assert.Equal("a", S(Store.PutIfAbsent(K(1), V("b"))));
        Assert.Equal("a", S(Store.Get(K(1))));
    }

    [Fact]
    public void PutAll_AppliesEntriesInOrder_NullDeleting()
    {
        Store.Put(K(3), V("old"));

        Store.PutAll([new(K(1), V("a")), new(K(2), V("b")), new(K(2), V("c")), new(K(3), null)]);

        Assert.Equal([("01", "a"), ("02", "c")], Entries(Store.All()));
    }

    [Fact]
    public void Range_IncludesBothBounds_InKeyOrder()
    {
        foreach (var b in new byte[] { 5, 1, 4, 2, 3 }) Store.Put(K(b), V(b.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal([("02", "2"), ("03", "3"), ("04", "4")], Entries(Store.Range(K(2), K(4))));
    }

    [Fact]
    public void Range_IncludesLongerKeysAfterFrom_ButNotAfterTo()
    {
        Store.Put(K(1), V("a"));
        Store.Put(K(1, 0), V("b"));
        Store.Put(K(2), V("c"));
        Store.Put(K(2, 0), V("d"));

        Assert.Equal([("01", "a"), ("0100", "b"), ("02", "c")], Entries(Store.Range(K(1), K(2))));
    }

    [Fact]
    public void Range_IsEmpty_WhenFromIsAfterTo()
    {
        Store.Put(K(1), V("a"));
        Store.Put(K(2), V("b"));

        Assert.Empty(Store.Range(K(2), K(1)));
    }

    [Fact]
    public void All_IsInUnsignedByteOrder()
    {
        Store.Put(K(0xFF), V("ff"));
        Store.Put(K(0x80), V("80"));
        Store.Put(K(0x7F), V("7f"));
        Store.Put(K(0x7F, 0x00), V("7f00"));
        Store.Put(K(0x00), V("00"));

        Assert.Equal(["00", "7F", "7F00", "80", "FF"], Entries(Store.All()).Select(e => e.Key));
    }

    [Fact]
    public void Range_AllowsWritesWhileIterating()
    {
        for (byte b = 1; b <= 3; b++) Store.Put(K(b), V("x"));

        foreach (var (key, _) in Store.Range(K(1), K(3))) Store.Put(key, null);

        Assert.Empty(Store.All());
    }

    [Fact]
    public void Range_CanBeLeftEarly_AndTheStoreStillCloses()
    {
        for (byte b = 1; b <= 3; b++) Store.Put(K(b), V("x"));

        Assert.Equal("01", Store.Range(K(1), K(3)).First().Key.ToString());
        using (var enumerator = Store.All().GetEnumerator()) Assert.True(enumerator.MoveNext());
        Store.Close();

        Assert.False(Store.IsOpen);
    }

    [Fact]
    public void ApproximateNumEntries_CountsTheEntries()
    {
        for (byte b = 1; b <= 3; b++) Store.Put(K(b), V("x"));

        Assert.Equal(3, Store.ApproximateNumEntries);
    }

    [Fact]
    public void Restore_AppliesTheChangelogBatch_NullDeleting()
    {
        Store.Put(K(9), V("stale"));

        Context.Restore(StoreName, new([1], V("a")), new([2], V("b")), new([2], null), new([9], null), new([3], V("c")));

        Assert.Equal([("01", "a"), ("03", "c")], Entries(Store.All()));
    }

    public void Dispose()
    {
        if (Store.IsOpen) Store.Close();
        Context.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The key-value contract, run against the in-memory store.</summary>
public sealed class InMemoryKeyValueStoreTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore<Bytes, byte[]> CreateStore(string name) => Stores.InMemoryKeyValueStore(name).Get();
}
