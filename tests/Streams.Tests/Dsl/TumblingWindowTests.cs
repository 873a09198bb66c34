using Pulse.Streams.Serialization;
using Pulse.Streams.Dsl;
using Pulse.Streams.Tests.TestSupport;
using static Pulse.Streams.Tests.TestSupport.WindowedResult;

namespace Pulse.Streams.Tests.Dsl;

public class TumblingWindowTests
{
    private const long Size = 10_000;

    private static WindowedPipeline<long> CountPipeline(TimeSpan grace, Materialized<string, long>? materialized = null) =>
        new(g => g.WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(Size), grace)).Count(materialized), Serdes.Int64, Size);

    [Fact]
    public void Record_AtWindowEnd_BelongsToNextWindow()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 0);
        pipeline.Pipe("a", 9_999);
        pipeline.Pipe("a", 10_000);

        Assert.Equal([Of("a", 0, 10_000, 1L), Of("a", 0, 10_000, 2L), Of("a", 10_000, 20_000, 1L)], pipeline.Read());
    }

    [Fact]
    public void WindowedKey_CarriesTheWindowThatHoldsTheRecord()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 25_000);
        pipeline.Pipe("b", 39_999);

        var results = pipeline.Read();
        Assert.Equal([new Window(20_000, 30_000), new Window(30_000, 40_000)], results.Select(r => r.Key.Window));
        Assert.Equal(["a", "b"], results.Select(r => r.Key.Key));
    }

    [Fact]
    public void OutOfOrderRecord_WithinGrace_IsCountedIntoItsWindow()
    {
        using var pipeline = CountPipeline(TimeSpan.FromSeconds(5));

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 14_999);
        pipeline.Pipe("a", 3_000);

        Assert.Equal([Of("a", 0, 10_000, 1L), Of("a", 10_000, 20_000, 1L), Of("a", 0, 10_000, 2L)], pipeline.Read());
        Assert.Equal(0, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void Record_WhoseWindowEndPlusGraceReachedStreamTime_IsDroppedAndCounted()
    {
        using var pipeline = CountPipeline(TimeSpan.FromSeconds(5));

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 15_000);
        pipeline.Read();
        pipeline.Pipe("a", 3_000);
        pipeline.Pipe("b", 9_999);

        Assert.Empty(pipeline.Read());
        Assert.Equal(2, pipeline.Driver.Metrics.LateRecordsDropped);
        Assert.Equal(2, pipeline.Driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void NoGrace_RecordForAnEarlierWindow_IsDropped()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 10_000);
        pipeline.Pipe("a", 9_999);
        pipeline.Pipe("a", 10_001);

        Assert.Equal([Of("a", 10_000, 20_000, 1L), Of("a", 10_000, 20_000, 2L)], pipeline.Read());
        Assert.Equal(1, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void StreamTime_IsPerTask_NotPerKey()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 20_000);
        pipeline.Pipe("b", 5_000);

        Assert.Equal([Of("a", 20_000, 30_000, 1L)], pipeline.Read());
        Assert.Equal(1, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void Reduce_CombinesValuesPerWindow()
    {
        using var pipeline = new WindowedPipeline<string>(
            g => g.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(Size))).Reduce((agg, v) => agg + v),
            Serdes.String, Size);

        pipeline.Pipe("a", 1_000, "x");
        pipeline.Pipe("a", 2_000, "y");
        pipeline.Pipe("a", 12_000, "z");

        Assert.Equal([Of("a", 0, 10_000, "x"), Of("a", 0, 10_000, "xy"), Of("a", 10_000, 20_000, "z")], pipeline.Read());
    }

    [Fact]
    public void Aggregate_StartsEachWindowFromTheInitializer()
    {
        using var pipeline = new WindowedPipeline<long>(
            g => g.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(Size)))
                .Aggregate(() => 100L, (_, v, agg) => agg + v.Length, Materialized.With<string, long>(null, Serdes.Int64)),
            Serdes.Int64, Size);

        pipeline.Pipe("a", 1_000, "xx");
        pipeline.Pipe("a", 2_000, "yyy");
        pipeline.Pipe("a", 12_000, "z");

        Assert.Equal([Of("a", 0, 10_000, 102L), Of("a", 0, 10_000, 105L), Of("a", 10_000, 20_000, 101L)], pipeline.Read());
    }

    [Theory]
    [InlineData(StoreType.RocksDb)]
    [InlineData(StoreType.InMemory)]
    public void Store_HoldsTheCountOfEveryWindow(StoreType storeType)
    {
        using var pipeline = CountPipeline(TimeSpan.Zero, Materialized.As<string, long>("counts").WithStoreType(storeType));

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 9_000);
        pipeline.Pipe("b", 5_000);
        pipeline.Pipe("a", 11_000);

        var store = pipeline.Driver.GetWindowStore<string, long>("counts");
        Assert.Equal(2, store.Fetch("a", 0));
        Assert.Equal(1, store.Fetch("a", 10_000));
        Assert.Equal(1, store.Fetch("b", 0));
        Assert.Equal(0, store.Fetch("b", 10_000));
        Assert.Equal([new(0, 2L), new KeyValuePair<long, long>(10_000, 1)], store.Fetch("a", 0, 10_000));
    }

    [Theory]
    [InlineData(StoreType.RocksDb)]
    [InlineData(StoreType.InMemory)]
    public void Store_WithCachingDisabled_EmitsEveryUpdate(StoreType storeType)
    {
        using var pipeline = CountPipeline(TimeSpan.Zero, Materialized.As<string, long>("counts").WithStoreType(storeType).WithCachingDisabled());

        pipeline.Pipe("a", 1_000);
        pipeline.Pipe("a", 2_000);

        Assert.Equal([Of("a", 0, 10_000, 1L), Of("a", 0, 10_000, 2L)], pipeline.Read());
        Assert.Equal(2, pipeline.Driver.GetWindowStore<string, long>("counts").Fetch("a", 0));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(9_999, 0)]
    [InlineData(10_000, 10_000)]
    [InlineData(10_001, 10_000)]
    public void WindowsFor_Tumbling_ReturnsTheOneWindowThatHoldsTheTimestamp(long timestamp, long start)
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(Size));

        Assert.Equal([new Window(start, start + Size)], windows.WindowsFor(timestamp));
    }

    [Fact]
    public void TimeWindows_RejectsNonPositiveSizeAndNegativeGrace()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeWindows.OfSizeWithNoGrace(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(-1)));
    }
}
