using Pulse.Streams.Serialization;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using static Pulse.Streams.Tests.TestSupport.WindowedResult;

namespace Pulse.Streams.Tests.Dsl;

public class WindowCachingTests
{
    private const long Size = 10_000;
    private static readonly TopologyTestDriverOptions CommitOnDemand = new() { CommitEveryRecord = false };

    private static WindowedPipeline<long> TumblingCounts(bool caching = true)
    {
        var materialized = Materialized.As<string, long>("counts");
        if (!caching) materialized = materialized.WithCachingDisabled();
        return new(g => g.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(Size))).Count(materialized),
            Serdes.Int64, Size, CommitOnDemand);
    }

    [Fact]
    public void RepeatedUpdatesOfAWindow_AreEmittedOnceAtCommit_AndNothingBefore()
    {
        using var pipeline = TumblingCounts();

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 2_000);
        pipeline.Pipe("a", 3_000);
        Assert.Empty(pipeline.Read());

        pipeline.Driver.Commit();

        Assert.Equal([Of("a", 0, 10_000, 3L)], pipeline.Read());
    }

    [Fact]
    public void EachDirtyWindow_IsEmittedOnceAtCommit_InTheOrderItWasLastUpdated()
    {
        using var pipeline = TumblingCounts();

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("b", 2_000);
        pipeline.Pipe("a", 3_000);
        pipeline.Pipe("a", 12_000);
        pipeline.Pipe("a", 13_000);
        Assert.Empty(pipeline.Read());

        pipeline.Driver.Commit();

        Assert.Equal([Of("b", 0, 10_000, 1L), Of("a", 0, 10_000, 2L), Of("a", 10_000, 20_000, 2L)], pipeline.Read());
    }

    [Fact]
    public void Commit_WithNothingUpdatedSinceTheLastOne_EmitsNothing()
    {
        using var pipeline = TumblingCounts();

        pipeline.Pipe("a", 1_000);
        pipeline.Driver.Commit();
        pipeline.Read();

        pipeline.Driver.Commit();
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("a", 2_000);
        Assert.Empty(pipeline.Read());
        pipeline.Driver.Commit();
        Assert.Equal([Of("a", 0, 10_000, 2L)], pipeline.Read());
    }

    [Fact]
    public void CachedUpdates_AreVisibleInTheStoreBeforeCommit()
    {
        using var pipeline = TumblingCounts();

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 2_000);

        Assert.Equal(2, pipeline.Driver.GetWindowStore<string, long>("counts").Fetch("a", 0));
        Assert.Equal([new KeyValuePair<long, long>(0, 2)], pipeline.Driver.GetWindowStore<string, long>("counts").Fetch("a", 0, 0));
    }

    [Fact]
    public void CachingDisabled_EmitsEveryUpdateAtOnce_EvenWithoutCommits()
    {
        using var pipeline = TumblingCounts(caching: false);

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 2_000);

        Assert.Equal([Of("a", 0, 10_000, 1L), Of("a", 0, 10_000, 2L)], pipeline.Read());
    }

    [Fact]
    public void SlidingWindows_WithCaching_EmitEachUpdatedWindowOnceAtCommit()
    {
        using var pipeline = new WindowedPipeline<long>(
            g => g.WindowedBy(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(Size))).Count(),
            Serdes.Int64, Size, CommitOnDemand);

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 15_000);
        pipeline.Pipe("a", 18_000);
        Assert.Empty(pipeline.Read());

        pipeline.Driver.Commit();

        var results = pipeline.Read().OrderBy(r => r.Key.Window.StartMs).ToList();
        Assert.Equal([Of("a", 0, 10_000, 1L), Of("a", 5_000, 15_000, 2L), Of("a", 8_000, 18_000, 3L), Of("a", 10_001, 20_001, 2L),
            Of("a", 15_001, 25_001, 1L)], results);
    }
}
