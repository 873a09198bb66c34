using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using static Pulse.Streams.Tests.TestSupport.WindowedResult;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// Session aggregations over a cached store, committed on demand: updates are forwarded when the cache
/// flushes, once per session, and a merged session's delete only when the store below had it, as Kafka's
/// caching session store does.
/// </summary>
public class SessionCachingTests
{
    private static readonly TopologyTestDriverOptions CommitOnDemand = new() { CommitEveryRecord = false };

    private static SessionPipeline<string> CachedConcat(StreamsConfig? config = null) =>
        new(g => g.WindowedBy(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)))
            .Reduce((agg, v) => agg + v, Materialized.As<string, string>("joined")), Serdes.String, CommitOnDemand, config);

    [Fact]
    public void SessionsMergedBetweenCommits_AreEmittedOnceAtCommit_WithoutDeletesOfSessionsNeverFlushed()
    {
        using var pipeline = CachedConcat();

        pipeline.Pipe("a", 0, "x");
        pipeline.Pipe("a", 5_000, "y");
        pipeline.Pipe("b", 1_000, "b");
        Assert.Empty(pipeline.Read());

        pipeline.Driver.Commit();

        var records = pipeline.ReadRecords();
        Assert.Equal([Of("a", 0, 5_000, "xy"), Of("b", 1_000, 1_000, "b")], records.Select(r => Of(r.Key.Key, r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value)));
        Assert.Equal([5_000L, 1_000L], records.Select(r => r.TimestampMs));
    }

    [Fact]
    public void MergingAFlushedSession_EmitsItsDeleteAtCommit_BeforeTheMergedSession()
    {
        using var pipeline = CachedConcat();
        pipeline.Pipe("a", 0, "x");
        pipeline.Pipe("a", 5_000, "y");
        pipeline.Driver.Commit();
        pipeline.Read();

        pipeline.Pipe("a", 8_000, "z");
        Assert.Empty(pipeline.Read());
        pipeline.Driver.Commit();

        Assert.Equal([Of<string?>("a", 0, 5_000, null), Of<string?>("a", 0, 8_000, "xyz")],
            pipeline.Read().Select(kv => Of<string?>(kv.Key.Key, kv.Key.Window.StartMs, kv.Key.Window.EndMs, kv.Value)));
    }

    [Fact]
    public void CachedSessions_AreWhatTheStoreReturns_BeforeCommit()
    {
        using var pipeline = CachedConcat();

        pipeline.Pipe("a", 0, "x");
        pipeline.Pipe("a", 5_000, "y");

        var store = pipeline.Driver.GetSessionStore<string, string>("joined");
        Assert.Equal([KeyValuePair.Create(new Windowed<string>("a", new Window(0, 5_000)), "xy")], store.FindSessions("a", 0, 5_000));
        Assert.Null(store.FetchSession("a", 0, 0));
    }

    [Fact]
    public void CacheTooSmallForTheSessions_EvictsToTheStoreMidway_AndEverySessionStillMergesRight()
    {
        using var pipeline = CachedConcat(new StreamsConfig { ApplicationId = "session-eviction", CacheMaxBytes = 400 });
        var keys = Enumerable.Range(0, 20).Select(i => $"k{i}").ToList();

        foreach (var key in keys) pipeline.Pipe(key, 0, "x");
        foreach (var key in keys) pipeline.Pipe(key, 5_000, "y");
        Assert.NotEmpty(pipeline.Read()); // evictions forwarded before any commit
        foreach (var key in keys) pipeline.Pipe(key, 9_000, "z");
        pipeline.Driver.Commit();

        var store = pipeline.Driver.GetSessionStore<string, string>("joined");
        Assert.All(keys, key => Assert.Equal([KeyValuePair.Create(new Windowed<string>(key, new Window(0, 9_000)), "xyz")], store.Fetch(key)));
        var latest = pipeline.Read().GroupBy(kv => kv.Key.Key).ToDictionary(g => g.Key, g => g.Last());
        Assert.All(keys, key => Assert.Equal(Of(key, 0, 9_000, "xyz"), latest[key]));
    }
}
