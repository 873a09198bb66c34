using Pulse.Streams.Serialization;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Tests.TestSupport;
using static Pulse.Streams.Tests.TestSupport.WindowedResult;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// Sliding windows of 10 s, checked against Kafka's KIP-450 windows worked out by hand: each record
/// has a left window [ts - 10 000, ts], and a right window [ts + 1, ts + 10 001] once a later record
/// falls in it; records before 10 000 share [0, 10 000]. Caching is off, so every update is seen.
/// </summary>
public class SlidingWindowTests
{
    private const long Difference = 10_000;

    private static SlidingWindows Windows(TimeSpan grace) => SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(Difference), grace);

    private static WindowedPipeline<long> CountPipeline(TimeSpan grace) =>
        new(g => g.WindowedBy(Windows(grace)).Count(Materialized.As<string, long>("counts").WithCachingDisabled()), Serdes.Int64, Difference);

    private static WindowedPipeline<string> ConcatPipeline(TimeSpan grace) =>
        new(g => g.WindowedBy(Windows(grace)).Aggregate(() => "", (_, v, agg) => agg + v,
            Materialized.With<string, string>(null, Serdes.String).WithCachingDisabled()), Serdes.String, Difference);

    [Fact]
    public void InOrderRecords_CreateLeftWindows_AndRightWindowsOnlyWhereALaterRecordFalls()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 15_000);
        pipeline.Pipe("a", 30_000);

        Assert.Equal([
            Of("a", 0, 10_000, 1L),
            Of("a", 10_001, 20_001, 1L), Of("a", 5_000, 15_000, 2L),
            Of("a", 20_000, 30_000, 1L)], pipeline.Read());
        Assert.Equal(0, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void Reduce_CombinesTheValuesOfEachWindow()
    {
        using var pipeline = new WindowedPipeline<string>(
            g => g.WindowedBy(Windows(TimeSpan.Zero)).Reduce((agg, v) => agg + v, Materialized.As<string, string>("joined").WithCachingDisabled()),
            Serdes.String, Difference);

        pipeline.Pipe("a", 10_000, "x");
        pipeline.Pipe("a", 15_000, "y");
        pipeline.Pipe("a", 30_000, "z");

        Assert.Equal([Of("a", 0, 10_000, "x"), Of("a", 10_001, 20_001, "y"), Of("a", 5_000, 15_000, "xy"), Of("a", 20_000, 30_000, "z")],
            pipeline.Read());
    }

    [Fact]
    public void OutOfOrderRecordWithinGrace_UpdatesTheWindowsThatHoldIt_AndCreatesItsOwn()
    {
        using var pipeline = ConcatPipeline(TimeSpan.FromSeconds(20));

        pipeline.Pipe("a", 10_000, "x");
        pipeline.Pipe("a", 20_000, "y");
        Assert.Equal([Of("a", 0, 10_000, "x"), Of("a", 10_001, 20_001, "y"), Of("a", 10_000, 20_000, "xy")], pipeline.Read());

        pipeline.Pipe("a", 15_000, "z");

        Assert.Equal([
            Of("a", 10_000, 20_000, "xyz"), Of("a", 10_001, 20_001, "yz"),
            Of("a", 5_000, 15_000, "xz"), Of("a", 15_001, 25_001, "y")], pipeline.Read());
    }

    [Fact]
    public void Aggregate_StartsEveryNewWindowFromTheInitializer()
    {
        using var pipeline = new WindowedPipeline<long>(
            g => g.WindowedBy(Windows(TimeSpan.Zero)).Aggregate(() => 100L, (_, v, agg) => agg + v.Length,
                Materialized.With<string, long>(null, Serdes.Int64).WithCachingDisabled()),
            Serdes.Int64, Difference);

        pipeline.Pipe("a", 10_000, "x");
        pipeline.Pipe("a", 15_000, "yy");

        Assert.Equal([Of("a", 0, 10_000, 101L), Of("a", 10_001, 20_001, 102L), Of("a", 5_000, 15_000, 103L)], pipeline.Read());
    }

    [Fact]
    public void Updates_CarryTheLargestTimestampOfTheWindowsRecords()
    {
        using var pipeline = CountPipeline(TimeSpan.FromSeconds(20));

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 20_000);
        pipeline.Read();
        pipeline.Pipe("a", 15_000);

        Assert.Equal([20_000, 20_000, 15_000, 20_000], pipeline.ReadRecords().Select(r => r.TimestampMs));
    }

    [Fact]
    public void RecordsBeforeTheTimeDifference_ShareTheWindowStartingAtZero()
    {
        using var pipeline = CountPipeline(TimeSpan.FromMinutes(1));

        pipeline.Pipe("a", 2_000);
        pipeline.Pipe("a", 5_000);
        Assert.Equal([Of("a", 0, 10_000, 1L), Of("a", 2_001, 12_001, 1L), Of("a", 0, 10_000, 2L)], pipeline.Read());

        pipeline.Pipe("a", 14_000);
        Assert.Equal([Of("a", 5_001, 15_001, 1L), Of("a", 4_000, 14_000, 2L)], pipeline.Read());

        pipeline.Pipe("a", 1_000);
        Assert.Equal([Of("a", 1_001, 11_001, 2L), Of("a", 0, 10_000, 3L)], pipeline.Read());
    }

    [Fact]
    public void RecordsWithTheSameTimestamp_ShareTheirLeftWindow()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 10_000);

        Assert.Equal([Of("a", 0, 10_000, 1L), Of("a", 0, 10_000, 2L)], pipeline.Read());
    }

    [Fact]
    public void Record_WhoseWindowsHaveAllClosed_IsDroppedAndCountedOnce()
    {
        using var pipeline = CountPipeline(TimeSpan.FromSeconds(5));

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 30_000);
        pipeline.Read();
        pipeline.Pipe("a", 14_999);

        Assert.Empty(pipeline.Read());
        Assert.Equal(1, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void LateRecord_SkipsEachClosedWindow_ButStillGetsItsOpenRightWindow()
    {
        using var pipeline = CountPipeline(TimeSpan.FromSeconds(5));
        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 20_000);
        pipeline.Pipe("a", 26_000);
        Assert.Equal([Of("a", 20_001, 30_001, 1L), Of("a", 16_000, 26_000, 2L)], pipeline.Read().Skip(3));

        // Stream time 26 000 minus 5 s grace: windows ending before 21 000 are closed.
        pipeline.Pipe("a", 14_000);

        Assert.Equal([Of("a", 14_001, 24_001, 1L)], pipeline.Read());
        Assert.Equal(3, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void Window_EndingExactlyAtStreamTimeMinusGrace_IsStillOpen()
    {
        using var pipeline = CountPipeline(TimeSpan.FromSeconds(5));
        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 15_000);
        pipeline.Read();

        pipeline.Pipe("a", 10_000);

        Assert.Equal([Of("a", 0, 10_000, 2L), Of("a", 5_000, 15_000, 3L)], pipeline.Read());
        Assert.Equal(0, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void SeveralKeys_HaveIndependentWindows()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("b", 12_000);
        pipeline.Pipe("a", 13_000);

        Assert.Equal([Of("a", 0, 10_000, 1L), Of("b", 2_000, 12_000, 1L), Of("a", 10_001, 20_001, 1L), Of("a", 3_000, 13_000, 2L)],
            pipeline.Read());
    }

    [Theory]
    [InlineData(StoreType.RocksDb)]
    [InlineData(StoreType.InMemory)]
    public void Store_HoldsEveryWindowByStart(StoreType storeType)
    {
        using var pipeline = new WindowedPipeline<long>(
            g => g.WindowedBy(Windows(TimeSpan.Zero)).Count(Materialized.As<string, long>("counts").WithStoreType(storeType)),
            Serdes.Int64, Difference);

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 15_000);
        pipeline.Pipe("a", 30_000);

        var store = pipeline.Driver.GetWindowStore<string, long>("counts");
        Assert.Equal([new(0, 1L), new(5_000, 2L), new(10_001, 1L), new KeyValuePair<long, long>(20_000, 1)], store.Fetch("a", 0, 30_000));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void ShuffledRecords_WithinGrace_EndInKafkasWindowSet(int seed, bool caching)
    {
        const long difference = 100;
        var random = new Random(seed);
        var timestamps = Enumerable.Range(0, 40).Select(_ => (long)random.Next(0, 1_000)).ToList();
        var materialized = Materialized.As<string, long>("counts");
        if (!caching) materialized = materialized.WithCachingDisabled();
        using var pipeline = new WindowedPipeline<long>(
            g => g.WindowedBy(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(difference), TimeSpan.FromHours(1))).Count(materialized),
            Serdes.Int64, difference);

        foreach (var ts in timestamps) pipeline.Pipe("a", ts);

        var stored = pipeline.Driver.GetWindowStore<string, long>("counts").Fetch("a", 0, long.MaxValue)
            .Select(kv => (kv.Key, kv.Value)).ToList();
        Assert.Equal(ExpectedWindows(timestamps, difference), stored);
    }

    /// <summary>
    /// Kafka's sliding windows by definition: each record's left window [ts - d, ts] ([0, d] before d), and its
    /// right window [ts + 1, ts + 1 + d] when another record falls in it; each window counts the records it holds.
    /// </summary>
    private static List<(long Start, long Count)> ExpectedWindows(List<long> timestamps, long d)
    {
        var starts = new SortedSet<long>();
        foreach (var ts in timestamps)
        {
            starts.Add(Math.Max(0, ts - d));
            if (timestamps.Exists(t => t > ts && t <= ts + 1 + d)) starts.Add(ts + 1);
        }
        return starts.Select(s => (s, (long)timestamps.Count(t => t >= s && t <= s + d))).ToList();
    }

    [Fact]
    public void Retention_ShorterThanTwiceTheTimeDifferencePlusGrace_IsRejected()
    {
        var builder = new StreamsBuilder();
        var grouped = builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey().WindowedBy(Windows(TimeSpan.FromSeconds(1)));

        Assert.Throws<TopologyException>(() => grouped.Count(Materialized.As<string, long>("short").WithRetention(TimeSpan.FromMilliseconds(20_999))));
        grouped.Count(Materialized.As<string, long>("enough").WithRetention(TimeSpan.FromMilliseconds(21_000)));
    }
}
