using Pulse.Streams.State;

namespace Pulse.Streams.Tests.State;

/// <summary>The session-store contract, run against the segmented RocksDB store, and what only a persistent store does.</summary>
public sealed class RocksDbSessionStoreTests : SessionStoreContractTests
{
    protected override ISessionStore<Bytes, byte[]> CreateStore(string name, TimeSpan retention) => Stores.PersistentSessionStore(name, retention).Get();

    [Fact]
    public void Sessions_SurviveCloseAndReopen_WithStreamTime()
    {
        Store.Put(S(A, 60_000, 70_000), V("a"));
        Store.Flush();
        Store.Put(S(B, 130_000, 130_000), V("b"));
        Store.Close();

        Store = Open(StoreName);

        Assert.True(Store.Persistent);
        Assert.Equal([("41", 60_000, 70_000, "a")], Sessions(Store.Fetch(A)));
        Assert.Equal([("42", 130_000, 130_000, "b")], Sessions(Store.Fetch(B)));
        // Stream time (130,000) came back too: an end of 0 is expired (retention 120,000), so this put is ignored.
        Store.Put(S(A, 0, 0), V("late"));
        Assert.Null(Store.FetchSession(A, 0, 0));
    }
}
