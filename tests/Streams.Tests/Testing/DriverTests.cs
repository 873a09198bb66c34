using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Testing;

public class DriverTests
{
    private static Topology PassThrough()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).To("out");
        return builder.Build();
    }

    private static Topology CountByKey()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey()
            .Count(Materialized.As<string, long>("counts").WithStoreType(StoreType.InMemory))
            .ToStream().To("out", Produced.With(Serdes.String, Serdes.Int64));
        return builder.Build();
    }

    [Fact]
    public void PipeInput_ToUnknownTopic_ThrowsNamingTheTopicAndKnownSources()
    {
        using var driver = new TopologyTestDriver(PassThrough());
        var input = driver.CreateInputTopic("nope", Serdes.String, Serdes.String);

        var ex = Assert.Throws<ArgumentException>(() => input.PipeInput("k", "v"));

        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("in", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PipeInput_ToPartitionOutOfRange_Throws()
    {
        using var driver = new TopologyTestDriver(PassThrough(), options: new TopologyTestDriverOptions { Partitions = 2 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        Assert.Throws<ArgumentOutOfRangeException>(() => input.PipeInput(new TestRecord<string, string>("k", "v", Partition: 2)));
    }

    [Fact]
    public void SeveralPartitions_SpreadKeys_AndEachPartitionHasItsOwnStore()
    {
        using var driver = new TopologyTestDriver(CountByKey(), options: new TopologyTestDriverOptions { Partitions = 3 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);
        var keys = Enumerable.Range(0, 12).Select(i => "key-" + i).ToList();

        foreach (var k in keys) input.PipeInput(k, "v", Timestamps.T0);

        var partitionOf = output.ReadRecordsToList().ToDictionary(r => r.Key, r => r.Partition!.Value);
        Assert.Equal(keys.Count, partitionOf.Count);
        Assert.True(partitionOf.Values.Distinct().Count() > 1);
        foreach (var (key, partition) in partitionOf)
        {
            Assert.Equal(1L, driver.GetKeyValueStore<string, long>("counts", partition).Get(key));
            foreach (var other in Enumerable.Range(0, 3).Where(p => p != partition))
                Assert.False(driver.GetKeyValueStore<string, long>("counts", other).TryGet(key, out _));
        }
    }

    [Fact]
    public void GetKeyValueStore_WithoutPartition_WhenSeveral_Throws()
    {
        using var driver = new TopologyTestDriver(CountByKey(), options: new TopologyTestDriverOptions { Partitions = 2 });

        var ex = Assert.Throws<InvalidOperationException>(() => driver.GetKeyValueStore<string, long>("counts"));
        Assert.Contains("partition", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetKeyValueStore_Unknown_ThrowsListingStores()
    {
        using var driver = new TopologyTestDriver(CountByKey());

        var ex = Assert.Throws<ArgumentException>(() => driver.GetKeyValueStore<string, long>("missing"));
        Assert.Contains("counts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PipeInput_WithExplicitPartition_IsProcessedByThatPartitionsTask()
    {
        using var driver = new TopologyTestDriver(CountByKey(), options: new TopologyTestDriverOptions { Partitions = 3 });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("k", "v", Timestamps.T0, Partition: 0));
        input.PipeInput(new TestRecord<string, string>("k", "v", Timestamps.T0, Partition: 2));

        Assert.Equal(1L, driver.GetKeyValueStore<string, long>("counts", 0).Get("k"));
        Assert.False(driver.GetKeyValueStore<string, long>("counts", 1).TryGet("k", out _));
        Assert.Equal(1L, driver.GetKeyValueStore<string, long>("counts", 2).Get("k"));
    }

    [Fact]
    public void OutputRecords_HaveDenseOffsetsPerPartition()
    {
        using var driver = new TopologyTestDriver(PassThrough());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);
        input.PipeInput("c", "3", Timestamps.T0);

        Assert.Equal([0L, 1L, 2L], output.ReadRecordsToList().Select(r => r.Offset));
    }

    [Fact]
    public void ReadKeyValuesToMap_KeepsLatestPerKey_AndDropsTombstonedKeys()
    {
        using var driver = new TopologyTestDriver(PassThrough());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);
        input.PipeInput("a", "3", Timestamps.T0);
        input.PipeInput("b", null!, Timestamps.T0);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "3" }, output.ReadKeyValuesToMap());
    }

    [Fact]
    public void ReadValue_OnEmptyTopic_Throws()
    {
        using var driver = new TopologyTestDriver(PassThrough());
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        Assert.True(output.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => output.ReadValue());
    }

    [Fact]
    public void ReadingRemovesRecords_AndQueueSizeCountsWhatIsLeft()
    {
        using var driver = new TopologyTestDriver(PassThrough());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);

        Assert.Equal(2, output.QueueSize);
        Assert.Equal("1", output.ReadValue());
        Assert.Equal(1, output.QueueSize);
    }

    [Fact]
    public void InputTopic_WithoutTimestamps_UsesStartTimeAndAutoAdvance()
    {
        using var driver = new TopologyTestDriver(PassThrough());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String, Timestamps.T0, TimeSpan.FromSeconds(5));
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("a", "1");
        input.PipeInput("b", "2");
        input.AdvanceTime(TimeSpan.FromMinutes(1));
        input.PipeInput("c", "3");

        Assert.Equal([Timestamps.T0, Timestamps.T0.AddSeconds(5), Timestamps.T0.AddSeconds(70)],
            output.ReadRecordsToList().Select(r => r.Timestamp!.Value));
    }

    [Fact]
    public void AdvanceWallClockTime_PastCommitInterval_CommitsWhenNotCommittingEveryRecord()
    {
        var config = new StreamsConfig { CommitInterval = TimeSpan.FromSeconds(30) };
        using var driver = new TopologyTestDriver(CountByKey(), config, Timestamps.T0, new TopologyTestDriverOptions { CommitEveryRecord = false });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(29));
        Assert.True(output.IsEmpty);

        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        Assert.Equal([new KeyValue<string, long>("a", 2L)], output.ReadKeyValuesToList());

        input.PipeInput("a", "3", Timestamps.T0);
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(10));
        Assert.True(output.IsEmpty);
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(20));
        Assert.Equal([new KeyValue<string, long>("a", 3L)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void CommitEveryRecord_Default_EmitsEachUpdateAtOnce()
    {
        using var driver = new TopologyTestDriver(CountByKey());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("a", "2", Timestamps.T0);

        Assert.Equal([1L, 2L], output.ReadValuesToList());
    }

    [Fact]
    public void Metrics_CountProcessedRecords()
    {
        using var driver = new TopologyTestDriver(PassThrough());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", Timestamps.T0);
        input.PipeInput("b", "2", Timestamps.T0);

        Assert.Equal(new DriverMetrics(2, 0, 0, 0), driver.Metrics);
    }

    [Fact]
    public void Dispose_ThenPipe_Throws()
    {
        var driver = new TopologyTestDriver(PassThrough());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        driver.Dispose();

        Assert.Throws<ObjectDisposedException>(() => input.PipeInput("k", "v"));
    }
}
