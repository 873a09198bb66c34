using System.Text;
using Pulse.Streams.Internal.State;
using Pulse.Streams.State;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.State;

/// <summary>What every byte window store does; each implementation's test class inherits these tests.</summary>
public abstract class WindowStoreContractTests : IDisposable
{
    protected const string StoreName = "windows";
    protected const long RetentionMs = 120_000;
    protected const long WindowSizeMs = 10_000;

    private readonly List<IWindowStore<Bytes, byte[]>> _opened = [];

    protected WindowStoreContractTests()
    {
        Context = new TestStoreContext();
        Store = Open(StoreName);
    }

    protected TestStoreContext Context { get; }

    protected IWindowStore<Bytes, byte[]> Store { get; set; }

    protected static Bytes A { get; } = new([0x41]);

    protected static Bytes B { get; } = new([0x42]);

    /// <summary>A new, unopened store.</summary>
    protected abstract IWindowStore<Bytes, byte[]> CreateStore(string name, TimeSpan retention, TimeSpan windowSize, bool retainDuplicates);

    protected IWindowStore<Bytes, byte[]> Open(string name, bool retainDuplicates = false)
    {
        var store = CreateStore(name, TimeSpan.FromMilliseconds(RetentionMs), TimeSpan.FromMilliseconds(WindowSizeMs), retainDuplicates);
        store.Init(Context, store);
        _opened.Add(store);
        return store;
    }

    protected static Bytes K(params byte[] key) => new(key);

    protected static byte[] V(string value) => Encoding.UTF8.GetBytes(value);

    protected static string? S(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);

    protected static List<(long Start, string Value)> Windows(IEnumerable<KeyValuePair<long, byte[]>> windows) =>
        windows.Select(kv => (kv.Key, S(kv.Value)!)).ToList();

    protected static List<(string Key, long Start, long End, string Value)> Windows(IEnumerable<KeyValuePair<Pulse.Streams.Dsl.Windowed<Bytes>, byte[]>> windows) =>
        windows.Select(kv => (kv.Key.Key.ToString(), kv.Key.Window.StartMs, kv.Key.Window.EndMs, S(kv.Value)!)).ToList();

    [Fact]
    public void Fetch_ReturnsTheValueOfTheKeyInThatWindowOnly()
    {
        Store.Put(A, V("a0"), 0);
        Store.Put(B, V("b0"), 0);
        Store.Put(A, V("a10"), 10_000);

        Assert.Equal("a0", S(Store.Fetch(A, 0)));
        Assert.Equal("a10", S(Store.Fetch(A, 10_000)));
        Assert.Null(Store.Fetch(A, 20_000));
        Assert.Null(Store.Fetch(K(0x43), 0));
    }

    [Fact]
    public void Put_OverwritesTheWindow_AndNullDeletesIt()
    {
        Store.Put(A, V("1"), 0);
        Store.Put(A, V("2"), 0);
        Assert.Equal("2", S(Store.Fetch(A, 0)));

        Store.Put(A, null, 0);

        Assert.Null(Store.Fetch(A, 0));
        Assert.Empty(Store.All());
    }

    [Fact]
    public void Fetch_ByTimeRange_ReturnsTheKeysWindowsOldestFirst_BothBoundsIncluded()
    {
        Store.Put(A, V("30"), 30_000);
        Store.Put(A, V("0"), 0);
        Store.Put(A, V("20"), 20_000);
        Store.Put(A, V("10"), 10_000);
        Store.Put(B, V("b"), 10_000);

        Assert.Equal([(10_000, "10"), (20_000, "20")], Windows(Store.Fetch(A, 10_000, 20_000)));
        Assert.Equal([(0, "0"), (10_000, "10"), (20_000, "20"), (30_000, "30")], Windows(Store.Fetch(A, 0, 100_000)));
    }

    [Fact]
    public void Fetch_ByTimeRange_ReadsAcrossSegments()
    {
        foreach (var start in new long[] { 0, 50_000, 70_000, 110_000 }) Store.Put(A, V(start.ToString(System.Globalization.CultureInfo.InvariantCulture)), start);

        Assert.Equal([(0, "0"), (50_000, "50000"), (70_000, "70000"), (110_000, "110000")], Windows(Store.Fetch(A, 0, 110_000)));
        Assert.Equal([(50_000, "50000"), (70_000, "70000")], Windows(Store.Fetch(A, 1, 109_999)));
    }

    [Fact]
    public void Fetch_ByTimeRange_IsEmpty_WhenFromIsAfterTo()
    {
        Store.Put(A, V("a"), 10_000);

        Assert.Empty(Store.Fetch(A, 20_000, 0));
        Assert.Empty(Store.FetchAll(20_000, 0));
    }

    [Fact]
    public void Fetch_DoesNotReturnALongerKeySharingThePrefix()
    {
        // The longer key's bytes are A's store key for window 11,000, so its entries sort among A's windows.
        var longer = new Bytes(WindowKeySchema.ToKey(A.Span, 11_000));
        Store.Put(A, V("a"), 10_000);
        Store.Put(longer, V("longer"), 5_000);

        Assert.Equal([(10_000, "a")], Windows(Store.Fetch(A, 0, 100_000)));
        Assert.Null(Store.Fetch(A, 11_000));
        Assert.Equal([(5_000, "longer")], Windows(Store.Fetch(longer, 0, 100_000)));
    }

    [Fact]
    public void FetchAll_OrdersByWindowStartThenKey_WithinTheRange()
    {
        var shortKey = K(0x01);
        var longKey = K(0x01, 0x00);
        Store.Put(B, V("b10"), 10_000);
        Store.Put(A, V("a20"), 20_000);
        Store.Put(A, V("a10"), 10_000);
        Store.Put(longKey, V("long10"), 10_000);
        Store.Put(shortKey, V("short10"), 10_000);
        Store.Put(K(0x43), V("c0"), 0);
        Store.Put(K(0x43), V("c30"), 30_000);

        Assert.Equal(
            [("01", 10_000, 20_000, "short10"), ("0100", 10_000, 20_000, "long10"), ("41", 10_000, 20_000, "a10"), ("42", 10_000, 20_000, "b10"), ("41", 20_000, 30_000, "a20")],
            Windows(Store.FetchAll(10_000, 20_000)));
    }

    [Fact]
    public void All_ReturnsEveryRetainedWindow_WithItsEnd()
    {
        Store.Put(B, V("b"), 0);
        Store.Put(A, V("a"), 70_000);

        Assert.Equal([("42", 0, 10_000, "b"), ("41", 70_000, 80_000, "a")], Windows(Store.All()));
    }

    [Fact]
    public void Retention_ExpiresWindowsAtOrBeforeStreamTimeMinusRetention_AndIgnoresPutsToThem()
    {
        Store.Put(A, V("0"), 0);
        Store.Put(A, V("1"), 1);
        Store.Put(B, V("now"), RetentionMs);

        Assert.Null(Store.Fetch(A, 0));
        Assert.Equal("1", S(Store.Fetch(A, 1)));
        Assert.Equal([(1, "1")], Windows(Store.Fetch(A, 0, RetentionMs)));

        Store.Put(A, V("late"), 0);

        Assert.Null(Store.Fetch(A, 0));
        Assert.Equal([("41", 1, 10_001, "1"), ("42", RetentionMs, RetentionMs + WindowSizeMs, "now")], Windows(Store.All()));
    }

    [Fact]
    public void Retention_DropsOldWindowsAsStreamTimeAdvances()
    {
        for (long start = 0; start < 300_000; start += 10_000) Store.Put(A, V("old"), start);

        Store.Put(B, V("new"), 1_000_000);

        Assert.Equal([("42", 1_000_000, 1_010_000, "new")], Windows(Store.All()));
        Assert.Empty(Store.Fetch(A, 0, 1_000_000));
    }

    [Fact]
    public void Fetch_AllowsWritesWhileIterating()
    {
        for (long start = 0; start < 50_000; start += 10_000) Store.Put(A, V("x"), start);

        foreach (var (start, _) in Store.Fetch(A, 0, 50_000)) Store.Put(A, null, start);

        Assert.Empty(Store.All());
    }

    [Fact]
    public void FetchAll_KeepsWorking_WhenAPutDuringIterationExpiresTheRestOfTheRange()
    {
        foreach (var start in new long[] { 20_000, 70_000, 130_000 }) Store.Put(A, V("x"), start);
        var seen = new List<long>();

        foreach (var (window, _) in Store.FetchAll(0, 130_000))
        {
            seen.Add(window.Window.StartMs);
            Store.Put(B, V("far"), 1_000_000);
        }

        Assert.Equal(20_000, seen[0]);
        Assert.Equal([("42", 1_000_000, 1_010_000, "far")], Windows(Store.All()));
    }

    [Fact]
    public void RetainDuplicates_KeepsEveryPut_InPutOrder_AndIgnoresNull()
    {
        var store = Open("duplicates", retainDuplicates: true);
        store.Put(A, V("1"), 0);
        store.Put(B, V("b"), 0);
        store.Put(A, V("2"), 0);
        store.Put(A, V("3"), 10_000);
        store.Put(A, null, 0);

        Assert.Equal([(0, "1"), (0, "2"), (10_000, "3")], Windows(store.Fetch(A, 0, 10_000)));
        Assert.Equal("2", S(store.Fetch(A, 0)));
        Assert.Equal([("41", 0, 10_000, "1"), ("41", 0, 10_000, "2"), ("42", 0, 10_000, "b")], Windows(store.FetchAll(0, 0)));
    }

    [Fact]
    public void Restore_AppliesChangelogRecords_NullDeleting()
    {
        Context.Restore(StoreName,
            new(WindowKeySchema.ToChangelogKey(A.Span, 0, 0), V("a0")),
            new(WindowKeySchema.ToChangelogKey(A.Span, 10_000, 0), V("a10")),
            new(WindowKeySchema.ToChangelogKey(B.Span, 10_000, 0), V("b10")),
            new(WindowKeySchema.ToChangelogKey(A.Span, 0, 0), null));

        Assert.Equal([("41", 10_000, 20_000, "a10"), ("42", 10_000, 20_000, "b10")], Windows(Store.All()));
    }

    [Fact]
    public void Restore_SkipsExpiredWindows()
    {
        Context.Restore(StoreName,
            new(WindowKeySchema.ToChangelogKey(A.Span, 0, 0), V("old")),
            new(WindowKeySchema.ToChangelogKey(B.Span, 500_000, 0), V("new")),
            new(WindowKeySchema.ToChangelogKey(A.Span, 1_000, 0), V("late")));

        Assert.Equal([("42", 500_000, 510_000, "new")], Windows(Store.All()));
    }

    [Fact]
    public void Restore_WithDuplicates_KeepsEveryRecord()
    {
        var store = Open("duplicates", retainDuplicates: true);

        Context.Restore("duplicates",
            new(WindowKeySchema.ToChangelogKey(A.Span, 0, 1), V("1")),
            new(WindowKeySchema.ToChangelogKey(A.Span, 0, 2), V("2")));
        store.Put(A, V("3"), 0);

        Assert.Equal([(0, "1"), (0, "2"), (0, "3")], Windows(store.Fetch(A, 0, 0)));
    }

    public void Dispose()
    {
        foreach (var store in _opened.Where(s => s.IsOpen)) store.Close();
        if (Store.IsOpen) Store.Close();
        Context.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The window-store contract, run against the in-memory store.</summary>
public sealed class InMemoryWindowStoreTests : WindowStoreContractTests
{
    protected override IWindowStore<Bytes, byte[]> CreateStore(string name, TimeSpan retention, TimeSpan windowSize, bool retainDuplicates) =>
        Stores.InMemoryWindowStore(name, retention, windowSize, retainDuplicates).Get();

    [Fact]
    public void Store_IsNotPersistent_AndCloseDropsItsData()
    {
        Store.Put(A, V("a"), 0);
        Store.Close();

        Store = Open(StoreName);

        Assert.False(Store.Persistent);
        Assert.Empty(Store.All());
    }
}
