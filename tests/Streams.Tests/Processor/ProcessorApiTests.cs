using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Processor;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Processor;

public partial class ProcessorApiTests
{
    /// <summary>Counts records per key in store "s" and forwards the running count.</summary>
    private sealed class CountingProcessor : IProcessor<string, string, string, long>
    {
        private IProcessorContext<string, long> _context = null!;
        private IKeyValueStore<string, long> _store = null!;

        public void Init(IProcessorContext<string, long> context)
        {
            _context = context;
            _store = context.GetStateStore<IKeyValueStore<string, long>>("s");
        }

        public void Process(Record<string, string> record)
        {
            var count = _store.Get(record.Key) + 1;
            _store.Put(record.Key, count);
            _context.Forward(record.WithValue(count));
        }
    }

    /// <summary>Appends values to the key's entry in store "s" (a fixed-key processor).</summary>
    private sealed class ConcatProcessor : IFixedKeyProcessor<string, string, string>
    {
        private IFixedKeyProcessorContext<string, string> _context = null!;
        private IKeyValueStore<string, string> _store = null!;

        public void Init(IFixedKeyProcessorContext<string, string> context)
        {
            _context = context;
            _store = context.GetStateStore<IKeyValueStore<string, string>>("s");
        }

        public void Process(FixedKeyRecord<string, string> record)
        {
            var value = (_store.Get(record.Key) ?? "") + record.Value;
            _store.Put(record.Key, value);
            _context.Forward(record.WithValue(value));
        }
    }

    /// <summary>Records what its context tells it, and punctuation firings.</summary>
    private sealed class ProbeProcessor(TimeSpan? interval = null, PunctuationType type = PunctuationType.StreamTime, int cancelAfter = int.MaxValue)
        : IProcessor<string, string, string, string>
    {
        private IProcessorContext<string, string> _context = null!;
        private ICancellable? _schedule;

        public List<(string? Topic, int Partition, long Offset, string? Header)> Metadata { get; } = [];
        public List<long> Punctuations { get; } = [];
        public List<bool> MetadataInPunctuation { get; } = [];

        public void Init(IProcessorContext<string, string> context)
        {
            _context = context;
            if (interval is { } i) _schedule = context.Schedule(i, type, OnPunctuate);
        }

        public void Process(Record<string, string> record)
        {
            var meta = _context.RecordMetadata;
            Metadata.Add((meta?.Topic, meta?.Partition ?? -1, meta?.Offset ?? -1, record.Headers.Text("h")));
            _context.Forward(record);
        }

        private void OnPunctuate(long timestamp)
        {
            Punctuations.Add(timestamp);
            MetadataInPunctuation.Add(_context.RecordMetadata is not null);
            _context.Forward(new Record<string, string>("tick", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp));
            if (Punctuations.Count >= cancelAfter) _schedule!.Cancel();
        }
    }

    private static (TopologyTestDriver Driver, TestInputTopic<string, string> Input) DriveProbe(ProbeProcessor probe, DateTimeOffset? wallClock = null)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Process(() => probe).To("out", Produced.With(Serdes.String, Serdes.String));
        var driver = new TopologyTestDriver(builder.Build(), initialWallClockTime: wallClock ?? Timestamps.T0);
        return (driver, driver.CreateInputTopic("in", Serdes.String, Serdes.String));
    }

    [Fact]
    public void Process_WithStateStore_KeepsStateAcrossRecords()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.Int64));
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .Process(() => new CountingProcessor(), null, "s")
            .To("out", Produced.With(Serdes.String, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", "x", Timestamps.T0);
        input.PipeInput("a", "y", Timestamps.T0);
        input.PipeInput("b", "z", Timestamps.T0);

        Assert.Equal([new("a", 1L), new("a", 2L), new KeyValue<string, long>("b", 1L)], output.ReadKeyValuesToList());
        Assert.Equal(2L, driver.GetKeyValueStore<string, long>("s").Get("a"));
        Assert.Contains("topology-test-driver-s-changelog", driver.ProducedTopicNames);
    }

    [Fact]
    public void Process_WithoutConnectingStore_FailsToGetIt()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.Int64));
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).Process(() => new CountingProcessor()).To("out", Produced.With(Serdes.String, Serdes.Int64));

        var ex = Assert.ThrowsAny<StreamsException>(() => new TopologyTestDriver(builder.Build()));
        Assert.Contains("'s'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessValues_WithStateStore_KeepsKeyAndState()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.String).WithLoggingDisabled());
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .ProcessValues(() => new ConcatProcessor(), Named.As("concat"), "s")
            .To("out", Produced.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput(new TestRecord<string, string>("k", "a", Timestamps.T0.AddSeconds(1), TestHeaders.Of(("h", "1"))));
        input.PipeInput("k", "b", Timestamps.T0);

        var records = output.ReadRecordsToList();
        Assert.Equal(["a", "ab"], records.Select(r => r.Value));
        Assert.All(records, r => Assert.Equal("k", r.Key));
        Assert.Equal("1", records[0].Headers.Text("h"));
        Assert.Equal(["out"], driver.ProducedTopicNames);
    }

    [Fact]
    public void RecordMetadata_NamesSourceTopicPartitionOffset_AndHeadersArrive()
    {
        var probe = new ProbeProcessor();
        var (driver, input) = DriveProbe(probe);
        using var _ = driver;

        input.PipeInput(new TestRecord<string, string>("a", "1", Timestamps.T0, TestHeaders.Of(("h", "first"))));
        input.PipeInput("b", "2", Timestamps.T0);

        Assert.Equal([("in", 0, 0L, "first"), ("in", 0, 1L, (string?)null)], probe.Metadata);
    }

    [Fact]
    public void StreamTimePunctuation_FiresAtFirstRecord_ThenEveryInterval_SkippingMissedOnes()
    {
        var probe = new ProbeProcessor(TimeSpan.FromSeconds(10));
        var (driver, input) = DriveProbe(probe);
        using var _ = driver;

        input.PipeInput("k", "v", 1_000);
        Assert.Equal([1_000L], probe.Punctuations);

        input.PipeInput("k", "v", 9_999);
        Assert.Equal([1_000L], probe.Punctuations);

        input.PipeInput("k", "v", 10_000);
        Assert.Equal([1_000L, 10_000L], probe.Punctuations);

        input.PipeInput("k", "v", 35_000); // 20 000 and 30 000 were missed: one firing, not three
        Assert.Equal([1_000L, 10_000L, 35_000L], probe.Punctuations);

        input.PipeInput("k", "v", 39_999);
        input.PipeInput("k", "v", 40_000);
        Assert.Equal([1_000L, 10_000L, 35_000L, 40_000L], probe.Punctuations);
    }

    [Fact]
    public void StreamTimePunctuation_DoesNotFireWhenStreamTimeDoesNotAdvance()
    {
        var probe = new ProbeProcessor(TimeSpan.FromSeconds(10));
        var (driver, input) = DriveProbe(probe);
        using var _ = driver;

        input.PipeInput("k", "v", 20_000);
        input.PipeInput("k", "late", 5_000);
        driver.AdvanceWallClockTime(TimeSpan.FromMinutes(5));

        Assert.Equal([20_000L], probe.Punctuations);
    }

    [Fact]
    public void StreamTimePunctuation_ForwardsWithoutRecordMetadata()
    {
        var probe = new ProbeProcessor(TimeSpan.FromSeconds(10));
        var (driver, input) = DriveProbe(probe);
        using var _ = driver;
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("k", "v", 1_000);

        Assert.Equal([false], probe.MetadataInPunctuation);
        var records = output.ReadRecordsToList();
        Assert.Contains(records, r => r.Key == "tick" && r.Value == "1000" && r.TimestampMs == 1_000);
    }

    [Fact]
    public void WallClockPunctuation_FiresAsDriverAdvancesWallClock()
    {
        var probe = new ProbeProcessor(TimeSpan.FromSeconds(10), PunctuationType.WallClockTime);
        var (driver, _) = DriveProbe(probe, Timestamps.T0);
        using var d = driver;

        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(9));
        Assert.Empty(probe.Punctuations);

        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        Assert.Equal([Timestamps.T0Ms + 10_000], probe.Punctuations);

        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(35)); // missed ones are skipped
        Assert.Equal([Timestamps.T0Ms + 10_000, Timestamps.T0Ms + 45_000], probe.Punctuations);

        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(5));
        Assert.Equal([Timestamps.T0Ms + 10_000, Timestamps.T0Ms + 45_000, Timestamps.T0Ms + 50_000], probe.Punctuations);
    }

    [Fact]
    public void WallClockPunctuation_DoesNotFireOnRecords()
    {
        var probe = new ProbeProcessor(TimeSpan.FromSeconds(10), PunctuationType.WallClockTime);
        var (driver, input) = DriveProbe(probe, Timestamps.T0);
        using var _ = driver;

        input.PipeInput("k", "v", Timestamps.T0.AddHours(1));

        Assert.Empty(probe.Punctuations);
    }

    [Fact]
    public void Cancel_StopsFurtherPunctuations()
    {
        var probe = new ProbeProcessor(TimeSpan.FromSeconds(10), PunctuationType.StreamTime, cancelAfter: 2);
        var (driver, input) = DriveProbe(probe);
        using var _ = driver;

        foreach (var ts in new long[] { 0, 10_000, 20_000, 30_000 }) input.PipeInput("k", "v", ts);

        Assert.Equal([0L, 10_000L], probe.Punctuations);
    }

    [Fact]
    public void Forward_ToNamedChild_ReachesOnlyThatChild()
    {
        var topology = new Topology()
            .AddSource("src", Serdes.String, Serdes.Int32, "in")
            .AddProcessor<string, int, string, int>("router", () => new Router(), "src")
            .AddSink("evens", "even-out", Serdes.String, Serdes.Int32, "router")
            .AddSink("odds", "odd-out", Serdes.String, Serdes.Int32, "router");
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);

        for (var i = 1; i <= 4; i++) input.PipeInput("k", i, Timestamps.T0);

        Assert.Equal([2, 4], driver.CreateOutputTopic("even-out", Serdes.String, Serdes.Int32).ReadValuesToList());
        Assert.Equal([1, 3], driver.CreateOutputTopic("odd-out", Serdes.String, Serdes.Int32).ReadValuesToList());
    }

    [Fact]
    public void Forward_ToUnknownChild_FailsNamingTheChildren()
    {
        var topology = new Topology()
            .AddSource("src", Serdes.String, Serdes.Int32, "in")
            .AddProcessor<string, int, string, int>("router", () => new Router(), "src")
            .AddSink("evens", "even-out", Serdes.String, Serdes.Int32, "router");
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.Int32);

        var ex = Assert.Throws<StreamsException>(() => input.PipeInput("k", 1, Timestamps.T0));
        Assert.Contains("odds", ex.Message, StringComparison.Ordinal);
        Assert.Contains("evens", ex.Message, StringComparison.Ordinal);
    }

    private sealed class Router : IProcessor<string, int, string, int>
    {
        private IProcessorContext<string, int> _context = null!;

        public void Init(IProcessorContext<string, int> context) => _context = context;

        public void Process(Record<string, int> record) => _context.Forward(record, record.Value % 2 == 0 ? "evens" : "odds");
    }

    [Fact]
    public void Topology_BuiltWithProcessorApi_RunsSourceProcessorStoreAndSink()
    {
        var topology = new Topology()
            .AddSource("src", Serdes.String, Serdes.String, "in")
            .AddProcessor<string, string, string, long>("count", () => new CountingProcessor(), "src")
            .AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.Int64), "count")
            .AddSink("sink", "out", Serdes.String, Serdes.Int64, "count");
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);

        input.PipeInput("a", "x", Timestamps.T0);
        input.PipeInput("a", "y", Timestamps.T0);

        Assert.Equal([1L, 2L], output.ReadValuesToList());
        Assert.Equal(2L, driver.GetKeyValueStore<string, long>("s").Get("a"));
    }

    [Fact]
    public void Topology_ConnectProcessorAndStateStores_SharesStoreBetweenProcessors()
    {
        var topology = new Topology()
            .AddSource("src-a", Serdes.String, Serdes.String, "a")
            .AddSource("src-b", Serdes.String, Serdes.String, "b")
            .AddProcessor<string, string, string, long>("count-a", () => new CountingProcessor(), "src-a")
            .AddProcessor<string, string, string, long>("count-b", () => new CountingProcessor(), "src-b")
            .AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.Int64), "count-a")
            .ConnectProcessorAndStateStores("count-b", "s")
            .AddSink("sink", "out", Serdes.String, Serdes.Int64, "count-a", "count-b");
        using var driver = new TopologyTestDriver(topology);

        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("k", "x", Timestamps.T0);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", "y", Timestamps.T0);

        Assert.Equal([1L, 2L], driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadValuesToList());
        Assert.Single(topology.Describe().Subtopologies);
    }

    [Fact]
    public void Topology_WithUnknownParent_IsRejected()
    {
        var ex = Assert.Throws<TopologyException>(() => new Topology()
            .AddSource("src", Serdes.String, Serdes.String, "in")
            .AddSink("sink", "out", Serdes.String, Serdes.String, "nope"));
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Topology_SourceWithTimestampExtractor_StampsRecords()
    {
        var topology = new Topology()
            .AddSource<string, long>("src", Serdes.String, Serdes.Int64, (_, v, _, _) => v, "in")
            .AddSink("sink", "out", Serdes.String, Serdes.Int64, "src");
        using var driver = new TopologyTestDriver(topology);

        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeInput("k", 12_345L, Timestamps.T0);

        Assert.Equal(12_345L, driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadRecord().TimestampMs);
    }
}
