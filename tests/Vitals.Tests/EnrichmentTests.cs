using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Vitals;
using Pulse.Vitals.Internal;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests;

/// <summary>The rolling figures each enriched reading carries, against hand-computed values.</summary>
public class EnrichmentTests
{
    private const long T0 = 1_700_000_000_000;
    private const long Minute = 60_000;

    public static TheoryData<StoreType, long> Stores => new()
    {
        { StoreType.InMemory, 10 * 1024 * 1024 },
        { StoreType.RocksDb, 10 * 1024 * 1024 },
        { StoreType.RocksDb, 0 }, // no cache: every reading decodes and re-encodes the patient's history
    };

    [Theory, MemberData(nameof(Stores))]
    public void RollingMeanMinAndTrend_MatchHandComputedValues(StoreType store, long cacheBytes)
    {
        using var pipeline = new VitalsPipeline(storeType: store, config: new StreamsConfig { ApplicationId = "rolling", CacheMaxBytes = cacheBytes });

        var first = pipeline.Enrich(Reading.Of("p1", T0, hr: 60, spo2: 97));
        var second = pipeline.Enrich(Reading.Of("p1", T0 + 30_000, hr: 66, spo2: 95));
        var third = pipeline.Enrich(Reading.Of("p1", T0 + 90_000, hr: 63, spo2: 96));

        Assert.Equal(1, first.rolling_count);
        Assert.Equal(60, first.rolling_heart_rate_mean);
        Assert.Null(first.heart_rate_trend);
        Assert.Equal(2, second.rolling_count);
        Assert.Equal(12.0, second.heart_rate_trend!.Value, 9); // 6 bpm in half a minute
        Assert.Equal(3, third.rolling_count);
        Assert.Equal(63, third.rolling_heart_rate_mean!.Value, 9);
        Assert.Equal(96, third.rolling_spo2_mean!.Value, 9);
        Assert.Equal(95, third.rolling_spo2_min);
        // x = 0, 0.5, 1.5 min; y = 60, 66, 63: (3·127.5 − 2·189) / (3·2.5 − 2²) = 4.5 / 3.5
        Assert.Equal(4.5 / 3.5, third.heart_rate_trend!.Value, 9);
    }

    [Fact]
    public void Window_IsTheFiveMinutesUpToTheReading_ExcludingItsStart()
    {
        using var pipeline = new VitalsPipeline();

        pipeline.Enrich(Reading.Of("p1", T0, hr: 100));
        var inside = pipeline.Enrich(Reading.Of("p1", T0 + 5 * Minute - 1, hr: 80));
        var onEdge = pipeline.Enrich(Reading.Of("p1", T0 + 5 * Minute, hr: 70));

        Assert.Equal(2, inside.rolling_count);
        Assert.Equal(90, inside.rolling_heart_rate_mean);
        Assert.Equal(2, onEdge.rolling_count); // T0 is out; T0 + 5 min − 1 ms and itself remain
        Assert.Equal(75, onEdge.rolling_heart_rate_mean);
    }

    [Fact]
    public void ReadingsOlderThanWindowPlusGrace_ArePrunedFromTheStore()
    {
        using var pipeline = new VitalsPipeline();
        for (var i = 0; i <= 10; i++) pipeline.Enrich(Reading.Of("p1", T0 + i * Minute, hr: 70));

        var history = pipeline.Driver.GetKeyValueStore<string, RollingReadings>(VitalsTopology.RollingStore).Get("p1")!;

        // newest T0 + 10 min; kept: after T0 + 10 − 5 − 1 = T0 + 4 min, so minutes 5 to 10
        Assert.Equal(6, history.Count);
        Assert.Equal(T0 + 5 * Minute, history[0].Timestamp);
    }

    [Fact]
    public void AbsentVitals_GiveNullFigures_AndOneHeartRateGivesNoTrend()
    {
        using var pipeline = new VitalsPipeline();

        var noHeartRate = pipeline.Enrich(Reading.Of("p1", T0, spo2: 97));
        var oneHeartRate = pipeline.Enrich(Reading.Of("p1", T0 + 1_000, hr: 80));

        Assert.Null(noHeartRate.rolling_heart_rate_mean);
        Assert.Null(noHeartRate.heart_rate_trend);
        Assert.Equal(2, oneHeartRate.rolling_count);
        Assert.Equal(80, oneHeartRate.rolling_heart_rate_mean);
        Assert.Null(oneHeartRate.heart_rate_trend);
        Assert.Equal(97, oneHeartRate.rolling_spo2_mean);
        Assert.Equal(97, oneHeartRate.rolling_spo2_min);

        using var other = new VitalsPipeline();
        var noSpo2 = other.Enrich(Reading.Of("p1", T0, hr: 80));
        Assert.Null(noSpo2.rolling_spo2_mean);
        Assert.Null(noSpo2.rolling_spo2_min);
    }

    [Fact]
    public void HeartRatesAllAtOneInstant_HaveNoTrend()
    {
        using var pipeline = new VitalsPipeline();

        pipeline.Enrich(Reading.Of("p1", T0, hr: 60));
        var same = pipeline.Enrich(Reading.Of("p1", T0, hr: 90));

        Assert.Equal(2, same.rolling_count);
        Assert.Equal(75, same.rolling_heart_rate_mean);
        Assert.Null(same.heart_rate_trend);
    }

    [Fact]
    public void OutOfOrderReading_SeesTheWindowUpToItsOwnTime_AndJoinsLaterWindows()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Enrich(Reading.Of("p1", T0, hr: 60, spo2: 99));
        pipeline.Enrich(Reading.Of("p1", T0 + 2 * Minute, hr: 80, spo2: 97));

        var late = pipeline.Enrich(Reading.Of("p1", T0 + Minute, hr: 70, spo2: 90));
        var next = pipeline.Enrich(Reading.Of("p1", T0 + 3 * Minute, hr: 90, spo2: 98));

        Assert.Equal(2, late.rolling_count);
        Assert.Equal(65, late.rolling_heart_rate_mean);
        Assert.Equal(10, late.heart_rate_trend!.Value, 9);
        Assert.Equal(90, late.rolling_spo2_min);
        Assert.Equal(4, next.rolling_count);
        Assert.Equal(75, next.rolling_heart_rate_mean);
        Assert.Equal(10, next.heart_rate_trend!.Value, 9);
        Assert.Equal(90, next.rolling_spo2_min);
    }

    [Fact]
    public void MinimumSpo2_IsFoundAgainWhenItLeavesTheWindow()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Enrich(Reading.Of("p1", T0, spo2: 88));
        pipeline.Enrich(Reading.Of("p1", T0 + Minute, spo2: 95));
        pipeline.Enrich(Reading.Of("p1", T0 + 2 * Minute, spo2: 93));

        var after = pipeline.Enrich(Reading.Of("p1", T0 + 5 * Minute, spo2: 97)); // T0's 88 has left

        Assert.Equal(3, after.rolling_count);
        Assert.Equal(93, after.rolling_spo2_min);
        Assert.Equal((95 + 93 + 97) / 3.0, after.rolling_spo2_mean!.Value, 9);
    }

    [Fact]
    public void ReadingLaterThanTheStatsGrace_IsStillEnriched_AndCountedAfterwards()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Enrich(Reading.Of("p1", T0 + 2 * Minute, hr: 70));

        var late = pipeline.Enrich(Reading.Of("p1", T0 + Minute, hr: 90)); // a minute late: beyond the 10 s stats grace
        var next = pipeline.Enrich(Reading.Of("p1", T0 + 3 * Minute, hr: 80));

        Assert.Equal(1, late.rolling_count);
        Assert.Equal(3, next.rolling_count);
        Assert.Equal(80, next.rolling_heart_rate_mean);
    }

    [Fact]
    public void ReadingOlderThanTheKeptHistory_IsEnrichedFromWhatIsLeft()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Enrich(Reading.Of("p1", T0 + 20 * Minute, hr: 70));

        var veryLate = pipeline.Enrich(Reading.Of("p1", T0, hr: 90));
        var next = pipeline.Enrich(Reading.Of("p1", T0 + 21 * Minute, hr: 80));

        Assert.Equal(1, veryLate.rolling_count);
        Assert.Equal(90, veryLate.rolling_heart_rate_mean);
        Assert.Equal(2, next.rolling_count);
    }

    [Fact]
    public void Patients_HaveSeparateHistories()
    {
        using var pipeline = new VitalsPipeline();

        pipeline.Enrich(Reading.Of("p1", T0, hr: 60));
        var p2 = pipeline.Enrich(Reading.Of("p2", T0 + 1_000, hr: 100));

        Assert.Equal(1, p2.rolling_count);
        Assert.Equal(100, p2.rolling_heart_rate_mean);
    }

    [Fact]
    public void RollingWindow_ComesFromTheOptions()
    {
        var options = new VitalsOptions();
        options.Rolling.Window = TimeSpan.FromMinutes(1);
        using var pipeline = new VitalsPipeline(options);

        pipeline.Enrich(Reading.Of("p1", T0, hr: 60));
        var after = pipeline.Enrich(Reading.Of("p1", T0 + Minute, hr: 80));

        Assert.Equal(1, after.rolling_count);
    }

    [Fact]
    public void DayLongWindowOfDenseReadings_KeepsAnExactTrend()
    {
        var options = new VitalsOptions();
        options.Rolling.Window = TimeSpan.FromDays(1);
        // Committing once, not per record: each commit writes the patient's whole history to the store.
        using var pipeline = new VitalsPipeline(options, driverOptions: new TopologyTestDriverOptions { CommitEveryRecord = false });
        const int n = 23 * 360 + 1; // every 10 s for 23 hours: the sum of squared times passes 2^63 ms²
        int HeartRate(int i) => 40 + i * 7 % 150;

        for (var i = 0; i < n - 1; i++) pipeline.Pipe(Reading.Of("p1", T0 + i * 10_000L, hr: HeartRate(i)));
        pipeline.Enriched.ReadValuesToList();
        var last = pipeline.Enrich(Reading.Of("p1", T0 + (n - 1) * 10_000L, hr: HeartRate(n - 1)));

        var xs = Enumerable.Range(0, n).Select(i => i / 6.0).ToList(); // minutes
        var ys = Enumerable.Range(0, n).Select(i => (double)HeartRate(i)).ToList();
        var (mx, my) = (xs.Average(), ys.Average());
        var slope = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
        Assert.Equal(n, last.rolling_count);
        Assert.Equal(my, last.rolling_heart_rate_mean!.Value, 9);
        Assert.Equal(slope, last.heart_rate_trend!.Value, 9);
    }

    [Fact]
    public void EnrichedReading_CarriesTheReadingAsReceived_AtItsEventTime()
    {
        using var pipeline = new VitalsPipeline();
        var reading = Reading.Normal("p1", T0);
        reading.latitude = 52.5;
        reading.longitude = 13.4;

        pipeline.Raw.PipeInput("p1", reading, T0 + 7_000); // the record's own timestamp differs from the reading's

        var record = Assert.Single(pipeline.Enriched.ReadRecordsToList());
        Assert.Equal(T0, record.TimestampMs);
        Assert.Equal("p1", record.Key);
        Assert.Equal(52.5, record.Value.reading.latitude);
        Assert.Equal("dev-1", record.Value.reading.device_id);
        Assert.Equal(reading.timestamp, record.Value.reading.timestamp);
    }
}
