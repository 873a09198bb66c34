using Pulse.Streams.Serialization;
using Pulse.Streams.Dsl;
using Pulse.Streams.Tests.TestSupport;
using static Pulse.Streams.Tests.TestSupport.WindowedResult;

namespace Pulse.Streams.Tests.Dsl;

public class SuppressTests
{
    private const long Size = 10_000;

    private static WindowedPipeline<long> SuppressedCounts(TimeSpan grace, bool caching = true, long advance = Size)
    {
        var materialized = Materialized.As<string, long>("counts");
        if (!caching) materialized = materialized.WithCachingDisabled();
        var windows = TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(Size), grace).AdvanceBy(TimeSpan.FromMilliseconds(advance));
        return new(g => g.WindowedBy(windows).Count(materialized).Suppress(Suppressed.UntilWindowCloses()), Serdes.Int64, Size);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Window_ClosesAfterGrace_EmitsFinalResultOnce(bool caching)
    {
        using var pipeline = SuppressedCounts(TimeSpan.FromSeconds(5), caching);

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 2_000);
        pipeline.Pipe("a", 9_999);
        pipeline.Pipe("a", 14_999);
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("a", 15_000);
        Assert.Equal([Of("a", 0, 10_000, 3L)], pipeline.Read());

        pipeline.Pipe("a", 16_000);
        pipeline.Pipe("a", 24_999);
        Assert.Empty(pipeline.Read());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IntermediateUpdates_AreNeverEmitted_OnlyTheLastValue(bool caching)
    {
        using var pipeline = SuppressedCounts(TimeSpan.Zero, caching);

        for (var ts = 0; ts < 10_000; ts += 1_000) pipeline.Pipe("a", ts);
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("a", 10_000);
        Assert.Equal([Of("a", 0, 10_000, 10L)], pipeline.Read());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SeveralKeys_EachGetOneFinalResultPerWindow(bool caching)
    {
        using var pipeline = SuppressedCounts(TimeSpan.FromSeconds(3), caching);

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("b", 2_000);
        pipeline.Pipe("a", 3_000);
        pipeline.Pipe("b", 12_000);
        pipeline.Pipe("c", 10_999);
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("c", 23_000);

        var results = pipeline.Read().OrderBy(r => r.Key.Window.StartMs).ThenBy(r => r.Key.Key, StringComparer.Ordinal).ToList();
        Assert.Equal([Of("a", 0, 10_000, 2L), Of("b", 0, 10_000, 1L), Of("b", 10_000, 20_000, 1L), Of("c", 10_000, 20_000, 1L)], results);
    }

    [Fact]
    public void OutOfOrderRecordWithinGrace_IsPartOfTheFinalResult()
    {
        using var pipeline = SuppressedCounts(TimeSpan.FromSeconds(5));

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 12_000);
        pipeline.Pipe("a", 4_000);
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("a", 15_000);
        Assert.Equal([Of("a", 0, 10_000, 2L)], pipeline.Read());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LateRecordAfterTheWindowClosed_EmitsNothingMore(bool caching)
    {
        using var pipeline = SuppressedCounts(TimeSpan.FromSeconds(5), caching);

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 15_000);
        Assert.Single(pipeline.Read());

        pipeline.Pipe("a", 2_000);
        pipeline.Pipe("a", 15_000);

        Assert.Empty(pipeline.Read());
        Assert.Equal(1, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void HoppingWindows_EachOverlappingWindowEmitsItsOwnFinalResult()
    {
        using var pipeline = SuppressedCounts(TimeSpan.Zero, advance: 5_000);

        pipeline.Pipe("a", 7_000);
        pipeline.Pipe("a", 10_000);
        Assert.Equal([Of("a", 0, 10_000, 1L)], pipeline.Read());

        pipeline.Pipe("a", 15_000);
        Assert.Equal([Of("a", 5_000, 15_000, 2L)], pipeline.Read());
    }

    [Fact]
    public void FinalResult_IsEmittedOnceStreamTimePassesTheWindow_EvenWithCommitsInBetween()
    {
        using var pipeline = SuppressedCounts(TimeSpan.FromSeconds(2));

        pipeline.Pipe("a", 1_000);
        pipeline.Driver.Commit();
        pipeline.Pipe("a", 11_999);
        pipeline.Driver.Commit();
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("b", 12_000);
        Assert.Equal([Of("a", 0, 10_000, 1L)], pipeline.Read());
    }

    [Fact]
    public void WithCachingAndNoCommitPerRecord_FinalResultFollowsTheCommitThatMovesStreamTimePastTheWindow()
    {
        var windows = TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(Size), TimeSpan.FromSeconds(5));
        using var pipeline = new WindowedPipeline<long>(g => g.WindowedBy(windows).Count().Suppress(Suppressed.UntilWindowCloses()),
            Serdes.Int64, Size, new Pulse.Streams.Testing.TopologyTestDriverOptions { CommitEveryRecord = false });

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 2_000);
        pipeline.Pipe("a", 15_000);
        Assert.Empty(pipeline.Read());

        pipeline.Driver.Commit();
        Assert.Equal([Of("a", 0, 10_000, 2L)], pipeline.Read());

        pipeline.Driver.Commit();
        Assert.Empty(pipeline.Read());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SlidingWindow_IsFinalOnlyOnceStreamTimePassesItsInclusiveEndPlusGrace(bool caching)
    {
        var materialized = Materialized.As<string, long>("counts");
        if (!caching) materialized = materialized.WithCachingDisabled();
        using var pipeline = new WindowedPipeline<long>(
            g => g.WindowedBy(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(Size))).Count(materialized)
                .Suppress(Suppressed.UntilWindowCloses()),
            Serdes.Int64, Size);

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 10_000);
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("a", 10_001);
        Assert.Equal([Of("a", 0, 10_000, 2L)], pipeline.Read());

        pipeline.Pipe("a", 30_000);
        Assert.Equal([Of("a", 1, 10_001, 3L), Of("a", 10_001, 20_001, 1L)], pipeline.Read());
    }

    [Fact]
    public void UntilWindowCloses_WithAStrictBoundedBuffer_EmitsFinalResults_AndStopsTheTaskWhenFull()
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(Size));
        using var pipeline = new WindowedPipeline<long>(
            g => g.WindowedBy(windows).Count(Materialized.As<string, long>("counts").WithCachingDisabled())
                .Suppress(Suppressed.UntilWindowCloses(BufferConfig.MaxRecords(2).ShutDownWhenFull())),
            Serdes.Int64, Size);

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("b", 2_000);
        pipeline.Pipe("a", 10_000); // closes [0, 10 000): two windows out, one in
        Assert.Equal([Of("a", 0, 10_000, 1L), Of("b", 0, 10_000, 1L)], pipeline.Read());

        pipeline.Pipe("b", 11_000);
        var error = Assert.ThrowsAny<Pulse.Streams.Errors.StreamsException>(() => pipeline.Pipe("c", 12_000));
        Assert.Contains("KTABLE-SUPPRESS-STATE-STORE-", error.Message, StringComparison.Ordinal);
        Assert.Empty(pipeline.Read()); // never an early, non-final result
    }

    [Fact]
    public void NamedSuppression_NamesItsNodeAndStore_AndLogsToTheStoresChangelog()
    {
        using var pipeline = new WindowedPipeline<long>(
            g => g.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(Size))).Count(Materialized.As<string, long>("counts").WithCachingDisabled())
                .Suppress(Suppressed.UntilWindowCloses().WithName("final")),
            Serdes.Int64, Size);

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 10_000);

        Assert.Equal([Of("a", 0, 10_000, 1L)], pipeline.Read());
        Assert.Contains("final-store", pipeline.Driver.GetAllStateStores().Keys);
        Assert.Contains("topology-test-driver-final-store-changelog", pipeline.Driver.ProducedTopicNames);
    }

    [Fact]
    public void Describe_ShowsTheSuppressNodeWithItsBufferStore_AsKafkaPrintsIt()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1))).Count()
            .Suppress(Suppressed.UntilWindowCloses())
            .ToStream().To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: [in])\n" +
            "      --> KSTREAM-AGGREGATE-0000000002\n" +
            "    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])\n" +
            "      --> KTABLE-SUPPRESS-0000000003\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n" +
            "    Processor: KTABLE-SUPPRESS-0000000003 (stores: [KTABLE-SUPPRESS-STATE-STORE-0000000004])\n" +
            "      --> KTABLE-TOSTREAM-0000000005\n" +
            "      <-- KSTREAM-AGGREGATE-0000000002\n" +
            "    Processor: KTABLE-TOSTREAM-0000000005 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000006\n" +
            "      <-- KTABLE-SUPPRESS-0000000003\n" +
            "    Sink: KSTREAM-SINK-0000000006 (topic: out)\n" +
            "      <-- KTABLE-TOSTREAM-0000000005\n" +
            "\n",
            builder.Build().Describe().ToString());
    }
}
