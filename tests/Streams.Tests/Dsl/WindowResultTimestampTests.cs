using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// A windowed aggregation's result carries the largest record timestamp seen in its window, as Kafka's timestamped window
/// stores make it (KStreamWindowAggregateTest, KStreamSlidingWindowAggregateTest, SuppressScenarioTest): with caching on or
/// off, after a cache flush, and through Suppress.
/// </summary>
public class WindowResultTimestampTests
{
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    private static List<(string Key, long Count, long Timestamp)> Read(TestOutputTopic<Windowed<string>, long> output) =>
        output.ReadRecordsToList().Select(r => ($"{r.Key.Key}@{r.Key.Window.StartMs}", r.Value, r.TimestampMs)).ToList();

    private static (TopologyTestDriver Driver, TestInputTopic<string, string> Input, TestOutputTopic<Windowed<string>, long> Output) Drive(
        Func<IKGroupedStream<string, string>, IKTable<Windowed<string>, long>> aggregate, long windowSizeMs, bool commitEveryRecord = true)
    {
        var builder = new StreamsBuilder();
        var windowed = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(windowSizeMs));
        aggregate(builder.Stream("in", Strings).GroupByKey()).ToStream().To("out", Produced.With(windowed, Serdes.Int64));
        var driver = new TopologyTestDriver(builder.Build(), options: new TopologyTestDriverOptions { CommitEveryRecord = commitEveryRecord });
        return (driver, driver.CreateInputTopic("in", Serdes.String, Serdes.String), driver.CreateOutputTopic("out", windowed, Serdes.Int64));
    }

    [Fact]
    public void Tumbling_Uncached_EachUpdateCarriesTheLargestTimestampSoFar()
    {
        var (driver, input, output) = Drive(g => g.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .Count(Materialized.As<string, long>("counts").WithCachingDisabled()), 10);
        using var _ = driver;

        input.PipeInput("k", "a", 5);
        input.PipeInput("k", "b", 3); // out of order: the window's largest stays 5
        input.PipeInput("k", "c", 7);

        Assert.Equal([("k@0", 1L, 5L), ("k@0", 2L, 5L), ("k@0", 3L, 7L)], Read(output));
        Assert.Equal(3, driver.GetWindowStore<string, long>("counts").Fetch("k", 0)); // queries see the value alone
    }

    [Fact]
    public void Tumbling_Cached_AFlushForwardsTheLargestTimestamp_NotTheLastWriters()
    {
        var (driver, input, output) = Drive(g => g.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .Count(Materialized.As<string, long>("counts")), 10, commitEveryRecord: false);
        using var _ = driver;

        input.PipeInput("k", "a", 8);
        input.PipeInput("k", "b", 2);
        driver.Commit();

        Assert.Equal([("k@0", 2L, 8L)], Read(output));
    }

    [Fact]
    public void Hopping_EachWindowKeepsItsOwnLargestTimestamp()
    {
        var (driver, input, output) = Drive(g => g.WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)).AdvanceBy(TimeSpan.FromMilliseconds(5)))
            .Count(Materialized.As<string, long>("counts").WithCachingDisabled()), 10);
        using var _ = driver;

        input.PipeInput("k", "a", 12); // windows [5,15) and [10,20)
        input.PipeInput("k", "b", 6);  // window [5,15) only (and [0,10))

        Assert.Equal([("k@5", 1L, 12L), ("k@10", 1L, 12L), ("k@0", 1L, 6L), ("k@5", 2L, 12L)], Read(output));
    }

    [Fact]
    public void ThroughSuppress_TheFinalResultCarriesTheLargestTimestamp()
    {
        var (driver, input, output) = Drive(g => g.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .Count(Materialized.As<string, long>("counts")).Suppress(Suppressed.UntilWindowCloses()), 10);
        using var _ = driver;

        input.PipeInput("k", "a", 6);
        input.PipeInput("k", "b", 1);
        input.PipeInput("other", "c", 30); // closes [0,10)

        Assert.Equal([("k@0", 2L, 6L)], Read(output));
    }

    [Fact]
    public void Sliding_Cached_AFlushKeepsTheWindowsLargestTimestamp()
    {
        var (driver, input, output) = Drive(g => g.WindowedBy(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)))
            .Count(Materialized.As<string, long>("counts")), 10, commitEveryRecord: false);
        using var _ = driver;

        input.PipeInput("k", "a", 20); // left window [10,20]
        input.PipeInput("k", "b", 15); // joins [10,20]; makes its own left window [5,15] and right window [16,26]
        driver.Commit();

        var results = Read(output).ToDictionary(r => r.Key);
        Assert.Equal((2L, 20L), (results["k@10"].Count, results["k@10"].Timestamp));
        Assert.Equal((1L, 15L), (results["k@5"].Count, results["k@5"].Timestamp));
        Assert.Equal((1L, 20L), (results["k@16"].Count, results["k@16"].Timestamp));
    }

    [Fact]
    public void Sliding_Describe_ShowsOneStore_AsKafka()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().WindowedBy(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMilliseconds(10))).Count();

        Assert.Contains("Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])", builder.Build().Describe().ToString());
    }
}
