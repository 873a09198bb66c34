using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>Suppressed.UntilTimeLimit on a table read from a topic, and the limits of its buffer.</summary>
public class SuppressTimeLimitTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private sealed class Pipeline : IDisposable
    {
        private readonly TestInputTopic<string, string> _input;
        private readonly TestOutputTopic<string, string> _output;

        public Pipeline(Suppressed suppressed)
        {
            var builder = new StreamsBuilder();
            builder.Table("t", Consumed.With(Serdes.String, Serdes.String))
                .Suppress(suppressed)
                .ToStream()
                .To("out", Produced.With(Serdes.String, Serdes.String));
            Driver = new TopologyTestDriver(builder.Build());
            _input = Driver.CreateInputTopic("t", Serdes.String, Serdes.String);
            _output = Driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        }

        public TopologyTestDriver Driver { get; }

        public void Pipe(string key, string? value, long timestamp) => _input.PipeInput(key, value!, timestamp);

        public List<(string Key, string? Value, long Timestamp)> Read() =>
            _output.ReadRecordsToList().Select(r => (r.Key, (string?)r.Value, r.TimestampMs)).ToList();

        public void Dispose() => Driver.Dispose();
    }

    [Fact]
    public void Update_IsEmittedWithTheKeysLatestValue_OnceStreamTimeIsTheWaitPastTheFirstBufferedUpdate()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(Wait, BufferConfig.Unbounded()));

        pipeline.Pipe("a", "1", 1_000);
        pipeline.Pipe("a", "2", 6_000);
        pipeline.Pipe("x", "tick", 10_999);
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("x", "tick", 11_000); // 1 000 + wait: the first update of "a" has waited long enough

        Assert.Equal([("a", "2", 6_000L)], pipeline.Read()); // the latest value, with its own timestamp
    }

    [Fact]
    public void EachKey_WaitsFromItsOwnFirstUpdate_AndStartsAgainAfterItWasEmitted()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(Wait, BufferConfig.Unbounded()));

        pipeline.Pipe("a", "a1", 0);
        pipeline.Pipe("b", "b1", 3_000);
        pipeline.Pipe("a", "a2", 10_000);
        Assert.Equal([("a", "a2", 10_000L)], pipeline.Read());

        pipeline.Pipe("a", "a3", 12_999);
        Assert.Empty(pipeline.Read());
        pipeline.Pipe("c", "c1", 13_000);
        Assert.Equal([("b", "b1", 3_000L)], pipeline.Read());

        pipeline.Pipe("c", "c2", 22_999);
        Assert.Equal([("a", "a3", 12_999L)], pipeline.Read()); // "a" was buffered again at 12 999
    }

    [Fact]
    public void ManyUpdatesOfAKey_CollapseIntoOne()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(Wait, BufferConfig.Unbounded()));

        for (var i = 0; i < 50; i++) pipeline.Pipe("a", "v" + i, i * 100);
        pipeline.Pipe("x", "tick", 20_000);

        Assert.Equal(["v49"], pipeline.Read().Where(r => r.Key == "a").Select(r => r.Value));
    }

    [Fact]
    public void Delete_IsForwarded_AsATombstone()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(Wait, BufferConfig.Unbounded()));

        pipeline.Pipe("a", "1", 0);
        pipeline.Pipe("a", null, 1_000);
        pipeline.Pipe("x", "tick", 10_000);

        Assert.Equal([("a", (string?)null, 1_000L)], pipeline.Read());
    }

    [Fact]
    public void ZeroWait_EmitsEveryUpdateAtOnce()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(TimeSpan.Zero, BufferConfig.Unbounded()));

        pipeline.Pipe("a", "1", 5_000);
        pipeline.Pipe("a", "2", 5_000);

        Assert.Equal([("a", "1", 5_000L), ("a", "2", 5_000L)], pipeline.Read());
    }

    [Fact]
    public void RecordLimit_EmitsTheOldestEarly_WhenFull()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(TimeSpan.FromDays(1), BufferConfig.MaxRecords(2)));

        pipeline.Pipe("a", "1", 100);
        pipeline.Pipe("b", "1", 200);
        pipeline.Pipe("a", "2", 300); // an update takes no new room
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("c", "1", 400);

        Assert.Equal([("a", "2", 300L)], pipeline.Read());
    }

    [Fact]
    public void ByteLimit_EmitsTheOldestEarly_WhenFull()
    {
        // An entry counts its key (1 byte), buffer time and timestamp (16) and its new and old values ("1" with no old value: 1 byte):
        // 18 bytes. (The table sends old values to a suppression, as in Kafka, so an update of a key counts the value it replaced.)
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(TimeSpan.FromDays(1), BufferConfig.MaxBytes(41)));

        pipeline.Pipe("a", "1", 100);
        pipeline.Pipe("b", "1", 200);
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("c", "1", 300);
        Assert.Equal([("a", "1", 100L)], pipeline.Read());

        pipeline.Pipe("b", "12345", 400); // b grows to 23 bytes ("12345", and "1" as its old value): 41 in all, still fits
        Assert.Empty(pipeline.Read());
        pipeline.Pipe("b", "123456", 500);
        Assert.Equal([("b", "123456", 500L)], pipeline.Read()); // b is the oldest entry (buffered at 200)
    }

    [Fact]
    public void ShutDownWhenFull_StopsTheTask_WithAnErrorNamingTheNodeAndStore()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(Wait, BufferConfig.MaxRecords(1).ShutDownWhenFull()).WithName("limited"));

        pipeline.Pipe("a", "1", 100);
        var error = Assert.ThrowsAny<StreamsException>(() => pipeline.Pipe("b", "1", 200));

        Assert.Contains("'limited'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'limited-store'", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 of at most 1 records", error.Message, StringComparison.Ordinal);
        Assert.Empty(pipeline.Read());
    }

    [Fact]
    public void EveryBufferChange_IsWrittenToTheChangelog_PutsAsValuesEvictionsAsTombstones()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(Wait, BufferConfig.Unbounded()).WithName("limit"));
        var changelog = pipeline.Driver.CreateOutputTopic("topology-test-driver-limit-store-changelog", Serdes.String, Serdes.ByteArray);

        pipeline.Pipe("a", "1", 0);
        pipeline.Pipe("a", "2", 1_000);
        pipeline.Pipe("b", "1", 10_000);

        Assert.Equal([("a", false), ("a", false), ("b", false), ("a", true)], changelog.ReadKeyValuesToList().Select(kv => (kv.Key, kv.Value is null)));
    }

    [Fact]
    public void LoggingDisabled_WritesNoChangelog()
    {
        using var pipeline = new Pipeline(Suppressed.UntilTimeLimit(Wait, BufferConfig.Unbounded()).WithName("quiet").WithLoggingDisabled());

        pipeline.Pipe("a", "1", 0);
        pipeline.Pipe("b", "1", 10_000);

        Assert.Equal([("a", "1", 0L)], pipeline.Read());
        Assert.DoesNotContain(pipeline.Driver.ProducedTopicNames, t => t.EndsWith("quiet-store-changelog", StringComparison.Ordinal));
    }

    [Fact]
    public void UntilWindowCloses_OnATableThatIsNotWindowed_IsRejected()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table("t", Consumed.With(Serdes.String, Serdes.String));

        var error = Assert.Throws<TopologyException>(() => table.Suppress(Suppressed.UntilWindowCloses()));

        Assert.Contains("windowed aggregations only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BufferConfig_Combines_AndStrictConfigsNeverEmitEarly()
    {
        var both = BufferConfig.MaxRecords(10).WithMaxBytes(1_000);
        var strict = BufferConfig.MaxBytes(1_000).WithMaxRecords(5).ShutDownWhenFull();

        Assert.Equal((10L, 1_000L, BufferFullStrategy.EmitEarly), (both.RecordLimit, both.ByteLimit, both.WhenFull));
        Assert.Equal((5L, 1_000L, BufferFullStrategy.ShutDown), (strict.RecordLimit, strict.ByteLimit, strict.WhenFull));
        Assert.Equal(BufferFullStrategy.EmitEarly, strict.EmitEarlyWhenFull().WhenFull);
        Assert.Equal((long.MaxValue, long.MaxValue), (BufferConfig.Unbounded().RecordLimit, both.WithNoBound().ByteLimit));
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferConfig.MaxRecords(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Suppressed.UntilTimeLimit(TimeSpan.FromSeconds(-1), both));
    }
}
