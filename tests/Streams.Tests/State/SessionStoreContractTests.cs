using System.Text;
using Pulse.Streams.Dsl;
using Pulse.Streams.Internal.State;
using Pulse.Streams.State;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.State;

/// <summary>What every byte session store does; each implementation's test class inherits these tests.</summary>
public abstract class SessionStoreContractTests : IDisposable
{
    protected const string StoreName = "sessions";
    protected const long RetentionMs = 120_000;

    private readonly List<ISessionStore<Bytes, byte[]>> _opened = [];

    protected SessionStoreContractTests()
    {
        Context = new TestStoreContext();
        Store = Open(StoreName);
    }

    protected TestStoreContext Context { get; }

    protected ISessionStore<Bytes, byte[]> Store { get; set; }

    protected static Bytes A { get; } = new([0x41]);

    protected static Bytes B { get; } = new([0x42]);

    /// <summary>A new, unopened store.</summary>
    protected abstract ISessionStore<Bytes, byte[]> CreateStore(string name, TimeSpan retention);

    protected ISessionStore<Bytes, byte[]> Open(string name)
    {
        var store = CreateStore(name, TimeSpan.FromMilliseconds(RetentionMs));
        store.Init(Context, store);
        _opened.Add(store);
        return store;
    }

    protected static Windowed<Bytes> S(Bytes key, long start, long end) => new(key, new Window(start, end));

    protected static byte[] V(string value) => Encoding.UTF8.GetBytes(value);

    protected static string? Str(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);

    protected static List<(string Key, long Start, long End, string Value)> Sessions(IEnumerable<KeyValuePair<Windowed<Bytes>, byte[]>> sessions) =>
        sessions.Select(kv => (kv.Key.Key.ToString(), kv.Key.Window.StartMs, kv.Key.Window.EndMs, Str(kv.Value)!)).ToList();

    [Fact]
    public void FetchSession_ReturnsTheAggregateOfThatExactSessionOnly()
    {
        Store.Put(S(A, 0, 10), V("a"));
        Store.Put(S(B, 0, 10), V("b"));

        Assert.Equal("a", Str(Store.FetchSession(A, 0, 10)));
        Assert.Equal("b", Str(Store.FetchSession(B, 0, 10)));
        Assert.Null(Store.FetchSession(A, 0, 9));
        Assert.Null(Store.FetchSession(A, 1, 10));
    }

    [Fact]
    public void Put_Overwrites_NullRemoves_AndRemoveDeletesOnlyThatSession()
    {
        Store.Put(S(A, 0, 10), V("1"));
        Store.Put(S(A, 0, 10), V("2"));
        Store.Put(S(A, 20, 30), V("3"));
        Assert.Equal("2", Str(Store.FetchSession(A, 0, 10)));

        Store.Put(S(A, 0, 10), null);
        Assert.Null(Store.FetchSession(A, 0, 10));

        Store.Put(S(A, 0, 10), V("4"));
        Store.Remove(S(A, 0, 10));

        Assert.Equal([("41", 20, 30, "3")], Sessions(Store.Fetch(A)));
    }

    [Fact]
    public void FindSessions_ReturnsTheKeysSessionsOverlappingTheRange_BothBoundsIncluded()
    {
        Store.Put(S(A, 0, 10), V("0-10"));
        Store.Put(S(A, 20, 30), V("20-30"));
        Store.Put(S(A, 50, 60), V("50-60"));
        Store.Put(S(A, 100, 110), V("100-110"));
        Store.Put(S(B, 40, 40), V("b"));

        Assert.Equal([("41", 20, 30, "20-30"), ("41", 50, 60, "50-60")], Sessions(Store.FindSessions(A, 30, 50)));
        Assert.Equal([("41", 20, 30, "20-30")], Sessions(Store.FindSessions(A, 11, 49)));
        Assert.Empty(Store.FindSessions(A, 31, 49));
    }

    [Fact]
    public void FindSessions_OrdersByEndThenStart()
    {
        Store.Put(S(A, 10, 40), V("10-40"));
        Store.Put(S(A, 0, 40), V("0-40"));
        Store.Put(S(A, 5, 20), V("5-20"));

        Assert.Equal([("41", 5, 20, "5-20"), ("41", 0, 40, "0-40"), ("41", 10, 40, "10-40")], Sessions(Store.FindSessions(A, 0, 100)));
    }

    [Fact]
    public void Fetch_ReturnsEverySessionOfTheKey_AcrossSegments()
    {
        foreach (var end in new long[] { 0, 50_000, 70_000, 110_000 }) Store.Put(S(A, end - 5, end), V(end.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Store.Put(S(B, 60_000, 60_000), V("b"));

        Assert.Equal([("41", -5, 0, "0"), ("41", 49_995, 50_000, "50000"), ("41", 69_995, 70_000, "70000"), ("41", 109_995, 110_000, "110000")],
            Sessions(Store.Fetch(A)));
        Assert.Equal([("41", 69_995, 70_000, "70000")], Sessions(Store.FindSessions(A, 50_001, 109_994)));
    }

    [Fact]
    public void Fetch_DoesNotReturnALongerKeySharingThePrefix()
    {
        var longer = new Bytes(SessionKeySchema.ToBinary(A.Span, 5_000, 5_000));
        Store.Put(S(A, 0, 10_000), V("a"));
        Store.Put(S(longer, 0, 1_000), V("longer"));

        Assert.Equal([("41", 0, 10_000, "a")], Sessions(Store.Fetch(A)));
        Assert.Equal([(longer.ToString(), 0L, 1_000L, "longer")], Sessions(Store.Fetch(longer)));
    }

    [Fact]
    public void Retention_ExpiresSessionsEndingAtOrBeforeStreamTimeMinusRetention_AndIgnoresPutsToThem()
    {
        Store.Put(S(A, 0, 0), V("0"));
        Store.Put(S(A, 1, 1), V("1"));
        Store.Put(S(B, RetentionMs, RetentionMs), V("now"));

        Assert.Null(Store.FetchSession(A, 0, 0));
        Assert.Equal("1", Str(Store.FetchSession(A, 1, 1)));
        Assert.Equal([("41", 1, 1, "1")], Sessions(Store.Fetch(A)));

        Store.Put(S(A, 0, 0), V("late"));

        Assert.Null(Store.FetchSession(A, 0, 0));
        Assert.Equal([("41", 1, 1, "1")], Sessions(Store.FindSessions(A, long.MinValue, long.MaxValue)));
    }

    [Fact]
    public void Retention_DropsOldSessionsAsStreamTimeAdvances_ByEnd()
    {
        for (long end = 0; end < 300_000; end += 10_000) Store.Put(S(A, end, end), V("old"));
        Store.Put(S(A, 0, 900_000), V("long"));

        Store.Put(S(B, 1_000_000, 1_000_000), V("new"));

        Assert.Equal([("41", 0, 900_000, "long")], Sessions(Store.Fetch(A)));
        Assert.Equal([("42", 1_000_000, 1_000_000, "new")], Sessions(Store.Fetch(B)));
    }

    [Fact]
    public void FindSessions_AllowsRemovalsWhileIterating()
    {
        for (long end = 0; end < 50_000; end += 10_000) Store.Put(S(A, end, end), V("x"));

        foreach (var (session, _) in Store.FindSessions(A, 0, 50_000)) Store.Remove(session);

        Assert.Empty(Store.Fetch(A));
    }

    [Fact]
    public void Restore_AppliesChangelogRecords_NullRemoving()
    {
        Context.Restore(StoreName,
            new(SessionKeySchema.ToBinary(A.Span, 0, 10), V("a0")),
            new(SessionKeySchema.ToBinary(A.Span, 20, 30), V("a20")),
            new(SessionKeySchema.ToBinary(B.Span, 20, 30), V("b20")),
            new(SessionKeySchema.ToBinary(A.Span, 0, 10), null));

        Assert.Equal([("41", 20, 30, "a20")], Sessions(Store.Fetch(A)));
        Assert.Equal("b20", Str(Store.FetchSession(B, 20, 30)));
    }

    [Fact]
    public void Restore_SkipsExpiredSessions()
    {
        Context.Restore(StoreName,
            new(SessionKeySchema.ToBinary(A.Span, 0, 0), V("old")),
            new(SessionKeySchema.ToBinary(B.Span, 500_000, 500_000), V("new")),
            new(SessionKeySchema.ToBinary(A.Span, 1_000, 1_000), V("late")));

        Assert.Empty(Store.Fetch(A));
        Assert.Equal([("42", 500_000, 500_000, "new")], Sessions(Store.Fetch(B)));
    }

    public void Dispose()
    {
        foreach (var store in _opened.Where(s => s.IsOpen)) store.Close();
        if (Store.IsOpen) Store.Close();
        Context.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The session-store contract, run against the in-memory store.</summary>
public sealed class InMemorySessionStoreTests : SessionStoreContractTests
{
    protected override ISessionStore<Bytes, byte[]> CreateStore(string name, TimeSpan retention) => Stores.InMemorySessionStore(name, retention).Get();

    [Fact]
    public void Store_IsNotPersistent_AndCloseDropsItsData()
    {
        Store.Put(S(A, 0, 0), V("a"));
        Store.Close();

        Store = Open(StoreName);

        Assert.False(Store.Persistent);
        Assert.Empty(Store.Fetch(A));
    }
}
