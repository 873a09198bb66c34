using Pulse.Streams.Serialization;
using Pulse.Streams.Dsl;
using Pulse.Streams.Tests.TestSupport;
using static Pulse.Streams.Tests.TestSupport.WindowedResult;

namespace Pulse.Streams.Tests.Dsl;

public class HoppingWindowTests
{
    private const long Size = 10_000;
    private const long Advance = 5_000;

    private static WindowedPipeline<long> CountPipeline(TimeSpan grace) =>
        new(g => g.WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(Size), grace).AdvanceBy(TimeSpan.FromMilliseconds(Advance)))
            .Count(Materialized.As<string, long>("counts").WithCachingDisabled()), Serdes.Int64, Size);

    [Fact]
    public void Record_LandsInEveryOverlappingWindow()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 17_000);

        Assert.Equal([Of("a", 10_000, 20_000, 1L), Of("a", 15_000, 25_000, 1L)], pipeline.Read());
    }

    [Fact]
    public void Record_AtAWindowEnd_LeavesThatWindow_AndStartsTheNext()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 20_000);

        Assert.Equal([Of("a", 15_000, 25_000, 1L), Of("a", 20_000, 30_000, 1L)], pipeline.Read());
    }

    [Fact]
    public void Record_BeforeTheFirstAdvance_LandsOnlyInTheWindowStartingAtZero()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 3_000);

        Assert.Equal([Of("a", 0, 10_000, 1L)], pipeline.Read());
    }

    [Fact]
    public void OverlappingWindows_CountTheRecordsEachHolds()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 12_000);
        pipeline.Pipe("a", 14_000);
        pipeline.Pipe("a", 16_000);

        Assert.Equal([
            Of("a", 5_000, 15_000, 1L), Of("a", 10_000, 20_000, 1L),
            Of("a", 5_000, 15_000, 2L), Of("a", 10_000, 20_000, 2L),
            Of("a", 10_000, 20_000, 3L), Of("a", 15_000, 25_000, 1L)], pipeline.Read());
        var store = pipeline.Driver.GetWindowStore<string, long>("counts");
        Assert.Equal([new(10_000, 3L), new KeyValuePair<long, long>(15_000, 1)], store.Fetch("a", 10_000, 15_000));
    }

    [Fact]
    public void LateRecord_IsDroppedFromClosedWindows_AndCountedIntoOpenOnes()
    {
        using var pipeline = CountPipeline(TimeSpan.Zero);

        pipeline.Pipe("a", 12_000);
        pipeline.Read();
        pipeline.Pipe("a", 7_000);

        Assert.Equal([Of("a", 5_000, 15_000, 2L)], pipeline.Read());
        Assert.Equal(1, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void LateRecord_WhoseWindowsAllClosed_CountsOncePerWindow()
    {
        using var pipeline = CountPipeline(TimeSpan.FromSeconds(2));

        pipeline.Pipe("a", 22_000);
        pipeline.Read();
        pipeline.Pipe("a", 11_000);

        Assert.Empty(pipeline.Read());
        Assert.Equal(2, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void OutOfOrderRecord_WithinGrace_UpdatesBothItsWindows()
    {
        using var pipeline = CountPipeline(TimeSpan.FromSeconds(3));

        pipeline.Pipe("a", 22_000);
        pipeline.Read();
        pipeline.Pipe("a", 16_000);

        Assert.Equal([Of("a", 10_000, 20_000, 1L), Of("a", 15_000, 25_000, 2L)], pipeline.Read());
        Assert.Equal(0, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Theory]
    [InlineData(3_000, new long[] { 0 })]
    [InlineData(5_000, new long[] { 0, 5_000 })]
    [InlineData(9_999, new long[] { 0, 5_000 })]
    [InlineData(10_000, new long[] { 5_000, 10_000 })]
    public void WindowsFor_Hopping_ReturnsEveryWindowThatHoldsTheTimestamp_OldestFirst(long timestamp, long[] starts)
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(Size)).AdvanceBy(TimeSpan.FromMilliseconds(Advance));

        Assert.Equal(starts.Select(s => new Window(s, s + Size)), windows.WindowsFor(timestamp));
    }

    [Fact]
    public void WindowsFor_AdvanceNotDividingSize_SkipsWindowsThatWouldStartBeforeZero()
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).AdvanceBy(TimeSpan.FromMilliseconds(3));

        Assert.Equal([new Window(0, 10)], windows.WindowsFor(2));
        Assert.Equal([new Window(3, 13), new Window(6, 16), new Window(9, 19)], windows.WindowsFor(11));
    }

    [Fact]
    public void AdvanceBy_RejectsZeroAndMoreThanTheSize()
    {
        var windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(Size));

        Assert.Throws<ArgumentOutOfRangeException>(() => windows.AdvanceBy(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.AdvanceBy(TimeSpan.FromMilliseconds(Size + 1)));
    }
}
