using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Tests.TestSupport;
using static Pulse.Streams.Tests.TestSupport.WindowedResult;

namespace Pulse.Streams.Tests.Dsl;

/// <summary>
/// Session windows with a 10 s inactivity gap, checked against Kafka's <c>KStreamSessionWindowAggregate</c>
/// worked out by hand: a record at t merges the key's sessions overlapping [t - gap, t + gap] with itself,
/// the merged sessions are deleted (a null value) and the merged one written, each with its session end as
/// timestamp. Caching is off unless a test says otherwise, so every update is seen. A session closes once
/// stream time passes its end plus gap plus grace (and the store keeps it that long), so tests that merge
/// sessions more than a gap apart give a grace period of 20 s.
/// </summary>
public class SessionWindowTests
{
    private const long Gap = 10_000;
    private const long Grace = 20_000;

    private static SessionWindows Sessions(long graceMs = 0) =>
        SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMilliseconds(Gap), TimeSpan.FromMilliseconds(graceMs));

    private static SessionPipeline<string> ConcatPipeline(StoreType storeType = StoreType.RocksDb) =>
        new(g => g.WindowedBy(Sessions(Grace)).Reduce((agg, v) => agg + v,
            Materialized.As<string, string>("joined").WithStoreType(storeType).WithCachingDisabled()), Serdes.String);

    private static SessionPipeline<long> CountPipeline(long graceMs = Grace) =>
        new(g => g.WindowedBy(Sessions(graceMs)).Count(Materialized.As<string, long>("counts").WithCachingDisabled()), Serdes.Int64);

    [Fact]
    public void RecordWithinTheGap_GrowsTheSession_AndDeletesTheSessionItReplaces()
    {
        using var pipeline = ConcatPipeline();

        pipeline.Pipe("a", 0, "x");
        pipeline.Pipe("a", 5_000, "y");

        var records = pipeline.ReadRecords();
        Assert.Equal([Of<string?>("a", 0, 0, "x"), Of<string?>("a", 0, 0, null), Of<string?>("a", 0, 5_000, "xy")],
            records.Select(r => Of<string?>(r.Key.Key, r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value)));
        Assert.Equal([0L, 0L, 5_000L], records.Select(r => r.TimestampMs)); // each update carries its session's end
    }

    [Theory]
    [InlineData(StoreType.RocksDb)]
    [InlineData(StoreType.InMemory)]
    public void BridgingRecord_MergesTwoSessionsIntoOne_DeletingBoth(StoreType storeType)
    {
        using var pipeline = ConcatPipeline(storeType);
        pipeline.Pipe("a", 0, "x");
        pipeline.Pipe("a", 15_000, "y");
        Assert.Equal([Of("a", 0, 0, "x"), Of("a", 15_000, 15_000, "y")], pipeline.Read());

        pipeline.Pipe("a", 7_000, "z");

        var records = pipeline.ReadRecords();
        Assert.Equal([Of<string?>("a", 0, 0, null), Of<string?>("a", 15_000, 15_000, null), Of<string?>("a", 0, 15_000, "xyz")],
            records.Select(r => Of<string?>(r.Key.Key, r.Key.Window.StartMs, r.Key.Window.EndMs, r.Value)));
        Assert.Equal([0L, 15_000L, 15_000L], records.Select(r => r.TimestampMs));
        var store = pipeline.Driver.GetSessionStore<string, string>("joined");
        Assert.Equal([new KeyValuePair<Windowed<string>, string>(new("a", new Window(0, 15_000)), "xyz")], store.Fetch("a"));
    }

    [Fact]
    public void RecordsExactlyTheGapApart_ShareASession_AndOneMillisecondMoreStartsANewOne()
    {
        using var pipeline = CountPipeline();

        pipeline.Pipe("a", 0);
        pipeline.Pipe("a", Gap);
        pipeline.Pipe("b", 0);
        pipeline.Pipe("b", Gap + 1);

        var store = pipeline.Driver.GetSessionStore<string, long>("counts");
        Assert.Equal([KeyValuePair.Create(new Windowed<string>("a", new Window(0, Gap)), 2L)], store.Fetch("a"));
        Assert.Equal([KeyValuePair.Create(new Windowed<string>("b", new Window(0, 0)), 1L), KeyValuePair.Create(new Windowed<string>("b", new Window(Gap + 1, Gap + 1)), 1L)],
            store.Fetch("b"));
        Assert.Equal(2L, store.FetchSession("a", 0, Gap));
    }

    [Fact]
    public void RecordInsideASession_DeletesAndRewritesIt_AsKafka()
    {
        using var pipeline = ConcatPipeline();
        pipeline.Pipe("a", 0, "x");
        pipeline.Pipe("a", 5_000, "y");
        pipeline.Read();

        pipeline.Pipe("a", 2_000, "z");

        Assert.Equal([Of<string?>("a", 0, 5_000, null), Of<string?>("a", 0, 5_000, "xyz")],
            pipeline.Read().Select(kv => Of<string?>(kv.Key.Key, kv.Key.Window.StartMs, kv.Key.Window.EndMs, kv.Value)));
    }

    [Fact]
    public void RecordAtTheSessionsOwnTimestamp_UpdatesItInPlace_WithoutADelete()
    {
        using var pipeline = ConcatPipeline();

        pipeline.Pipe("a", 0, "x");
        pipeline.Pipe("a", 0, "y");

        Assert.Equal([Of("a", 0, 0, "x"), Of("a", 0, 0, "xy")], pipeline.Read());
    }

    [Fact]
    public void Count_AddsUpTheCountsOfTheSessionsARecordMerges()
    {
        using var pipeline = CountPipeline();

        pipeline.Pipe("a", 0);
        pipeline.Pipe("a", 0);
        pipeline.Pipe("a", 15_000);
        pipeline.Pipe("a", 7_000);

        Assert.Equal(Of("a", 0, 15_000, 4L), pipeline.Read()[^1]);
        Assert.Equal(4L, pipeline.Driver.GetSessionStore<string, long>("counts").FetchSession("a", 0, 15_000));
    }

    [Fact]
    public void Aggregate_StartsFromTheInitializer_AndCombinesMergedSessionsWithTheMerger()
    {
        using var pipeline = new SessionPipeline<string>(
            g => g.WindowedBy(Sessions(Grace)).Aggregate(() => "", (_, v, agg) => agg + v, (_, left, right) => $"{left}+{right}",
                Materialized.With<string, string>(null, Serdes.String).WithCachingDisabled()),
            Serdes.String);

        pipeline.Pipe("a", 0, "x");
        pipeline.Pipe("a", 15_000, "y");
        pipeline.Pipe("a", 7_000, "z");

        // As Kafka: the merger folds each merged session into the initializer's value, oldest end first, then the record is aggregated.
        Assert.Equal(Of("a", 0, 15_000, "+x+yz"), pipeline.Read()[^1]);
    }

    [Fact]
    public void Record_WhoseSessionEndedBeforeStreamTimeMinusGapMinusGrace_IsDroppedAndCountedAsLate()
    {
        using var pipeline = CountPipeline(graceMs: 5_000);

        pipeline.Pipe("x", 30_000); // stream time 30 000: sessions ending before 15 000 have closed
        pipeline.Pipe("a", 15_000);
        Assert.Equal([Of("x", 30_000, 30_000, 1L), Of("a", 15_000, 15_000, 1L)], pipeline.Read());
        Assert.Equal(0, pipeline.Driver.Metrics.LateRecordsDropped);

        pipeline.Pipe("b", 14_999);
        pipeline.Pipe("c", 20_000);
        pipeline.Pipe("c", 14_000); // before the close time, but it merges into a session that is still open

        var store = pipeline.Driver.GetSessionStore<string, long>("counts");
        Assert.Empty(store.Fetch("b"));
        Assert.Equal(2L, store.FetchSession("c", 14_000, 20_000));
        Assert.Equal(1, pipeline.Driver.Metrics.LateRecordsDropped);
        Assert.Equal(1, pipeline.Driver.Metrics.DroppedRecords);
    }

    [Fact]
    public void WithNoGrace_ARecordIsLateOnlyOnceStreamTimeIsPastItsEndPlusTheGap()
    {
        using var pipeline = CountPipeline(graceMs: 0);

        pipeline.Pipe("x", Gap + 1);
        pipeline.Pipe("a", 1); // end + gap = stream time: still on time (the store, keeping gap + grace, lets it go at once, as Kafka's)
        Assert.Equal([Of("x", Gap + 1, Gap + 1, 1L), Of("a", 1, 1, 1L)], pipeline.Read());
        Assert.Equal(0, pipeline.Driver.Metrics.LateRecordsDropped);

        pipeline.Pipe("x", Gap + 2);
        pipeline.Pipe("b", 1);

        Assert.Equal([Of("x", Gap + 1, Gap + 2, 2L)], pipeline.Read()[^1..]);
        Assert.Equal(1, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void NullKeyOrValue_IsDroppedAndCounted()
    {
        using var pipeline = CountPipeline();

        pipeline.Pipe(null, 0);
        pipeline.Pipe("a", 0, null);

        Assert.Empty(pipeline.Read());
        Assert.Equal(2, pipeline.Driver.Metrics.DroppedRecords);
        Assert.Equal(0, pipeline.Driver.Metrics.LateRecordsDropped);
    }

    [Fact]
    public void Suppress_UntilWindowCloses_EmitsEachSessionOnce_WhenStreamTimeReachesItsEndPlusGapPlusGrace()
    {
        using var pipeline = new SessionPipeline<long>(
            g => g.WindowedBy(Sessions(graceMs: 1_000)).Count().Suppress(Suppressed.UntilWindowCloses()), Serdes.Int64);

        pipeline.Pipe("a", 0);
        pipeline.Pipe("a", 5_000); // deletes [0, 0]: a delete is never a final result
        pipeline.Pipe("x", 15_999);
        Assert.Empty(pipeline.Read());

        pipeline.Pipe("x", 16_000);

        Assert.Equal([Of("a", 0, 5_000, 2L)], pipeline.Read());
    }

    [Fact]
    public void Describe_NamesTheAggregationAndItsStoreAsKafka()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey()
            .WindowedBy(Sessions()).Count()
            .ToStream().To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: [in])\n" +
            "      --> KSTREAM-AGGREGATE-0000000002\n" +
            "    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])\n" +
            "      --> KTABLE-TOSTREAM-0000000003\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n" +
            "    Processor: KTABLE-TOSTREAM-0000000003 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000004\n" +
            "      <-- KSTREAM-AGGREGATE-0000000002\n" +
            "    Sink: KSTREAM-SINK-0000000004 (topic: out)\n" +
            "      <-- KTABLE-TOSTREAM-0000000003\n" +
            "\n",
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void Describe_Reduce_IsNamedKStreamReduce()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey().WindowedBy(Sessions()).Reduce((a, b) => a + b);

        Assert.Contains("Processor: KSTREAM-REDUCE-0000000002 (stores: [KSTREAM-REDUCE-STATE-STORE-0000000001])",
            builder.Build().Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_ShorterThanGapPlusGrace_IsRefused()
    {
        var grouped = new StreamsBuilder().Stream("in", Consumed.With(Serdes.String, Serdes.String)).GroupByKey();

        var error = Assert.Throws<Pulse.Streams.Errors.TopologyException>(() => grouped.WindowedBy(Sessions(graceMs: 1_000))
            .Count(Materialized.As<string, long>("counts").WithRetention(TimeSpan.FromMilliseconds(Gap + 999))));

        Assert.Contains("at least the inactivity gap plus grace (11000 ms)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Materialized_WithASessionStoreSupplier_AggregatesIntoThatStore()
    {
        using var pipeline = new SessionPipeline<long>(
            g => g.WindowedBy(Sessions()).Count(Materialized.As<string, long>(Stores.InMemorySessionStore("custom", TimeSpan.FromMinutes(5)))),
            Serdes.Int64);

        pipeline.Pipe("a", 0);
        pipeline.Pipe("a", 1_000);

        var store = pipeline.Driver.GetSessionStore<string, long>("custom");
        Assert.False(store.Persistent);
        Assert.Equal(2L, store.FetchSession("a", 0, 1_000));
    }

    [Fact]
    public void SessionWindows_RefuseANonPositiveGap_AndANegativeGrace()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(-1)));
        Assert.Equal(1_000, SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromSeconds(1)).InactivityGapMs);
    }

    [Fact]
    public void SessionWindowedSerde_WritesKeyThenEndThenStart_AsKafka()
    {
        var serde = WindowedSerdes.SessionWindowed(Serdes.String);
        var session = new Windowed<string>("a", new Window(1, 2));

        var bytes = serde.Serialize(session, default)!;

        Assert.Equal([0x61, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1], bytes);
        Assert.Equal(session, serde.Deserialize(bytes, default));
    }
}
