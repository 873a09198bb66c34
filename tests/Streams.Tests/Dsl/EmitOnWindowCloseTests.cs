using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>EmitStrategy.OnWindowClose (KIP-825), against what Kafka's KStreamWindowAggregateTest asserts with emit-final.</summary>
public class EmitOnWindowCloseTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    private static (TopologyTestDriver Driver, TestInputTopic<string, string> Input, Func<List<(string, long, long)>> Read) Drive(
        Func<IKGroupedStream<string, string>, IKTable<Windowed<string>, long>> aggregate)
    {
        var builder = new StreamsBuilder();
        var windowed = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(10));
        aggregate(builder.Stream("in", Strings).GroupByKey()).ToStream().To("out", Produced.With(windowed, Serdes.Int64));
        var driver = new TopologyTestDriver(builder.Build());
        var output = driver.CreateOutputTopic("out", windowed, Serdes.Int64);
        return (driver, driver.CreateInputTopic("in", Serdes.String, Serdes.String),
            () => output.ReadRecordsToList().Select(r => ($"{r.Key.Key}@{r.Key.Window.StartMs}", r.Value, r.TimestampMs)).ToList());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Tumbling_EmitsEachWindowOnce_WhenItCloses_CachingOnOrOff(bool caching)
    {
        var m = Materialized.As<string, long>("counts");
        var (driver, input, read) = Drive(g => g.WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(2)))
            .EmitStrategy(EmitStrategy.OnWindowClose()).Count(caching ? m : m.WithCachingDisabled()));
        using var _ = driver;

        input.PipeInput("a", "1", 1);
        input.PipeInput("a", "2", 5);
        input.PipeInput("b", "3", 8);
        input.PipeInput("a", "4", 11); // stream time 11 - grace 2 = 9: [0,10) still open
        Assert.Empty(read());

        input.PipeInput("a", "5", 12); // close time 10: [0,10) closes, every key's
        Assert.Equal([("a@0", 2L, 5L), ("b@0", 1L, 8L)], read());

        input.PipeInput("a", "6", 3);  // late for [0,10): dropped, nothing emitted again
        input.PipeInput("a", "7", 25); // close time 23: [10,20) closes
        Assert.Equal([("a@10", 2L, 12L)], read());
        Assert.Equal(1, driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void Hopping_EmitsEveryOverlappingWindowOnceClosed()
    {
        var (driver, input, read) = Drive(g => g.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).AdvanceBy(TimeSpan.FromMilliseconds(5)))
            .EmitStrategy(EmitStrategy.OnWindowClose()).Count());
        using var _ = driver;

        input.PipeInput("k", "1", 7);  // [0,10) and [5,15)
        input.PipeInput("k", "2", 10); // [5,15) and [10,20); closes [0,10)
        input.PipeInput("k", "3", 20); // closes [5,15) and [10,20)

        Assert.Equal([("k@0", 1L, 7L), ("k@5", 2L, 10L), ("k@10", 1L, 10L)], read());
    }

    [Fact]
    public void Sliding_EmitsAWindowOnceItsInclusiveEndIsPast()
    {
        var (driver, input, read) = Drive(g => g.WindowedBy(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .EmitStrategy(EmitStrategy.OnWindowClose()).Count());
        using var _ = driver;

        input.PipeInput("k", "1", 20); // [10,20]
        input.PipeInput("k", "2", 20); // [10,20] again: an end equal to stream time is still open
        Assert.Empty(read());
        input.PipeInput("k", "3", 21); // [11,21] and right window [21,31]... [10,20] closes

        Assert.Equal([("k@10", 2L, 20L)], read());
    }

    [Fact]
    public void Describe_IsTheSameAsForUpdates()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .EmitStrategy(EmitStrategy.OnWindowClose()).Count();

        Assert.Contains("Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])", builder.Build().Describe().ToString());
    }
}
