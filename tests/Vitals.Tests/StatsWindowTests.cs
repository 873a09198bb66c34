using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Vitals;
using Pulse.Vitals.Internal;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests;

/// <summary>The 1-minute window figures: boundaries, grace, late readings, one final result per window.</summary>
public class StatsWindowTests
{
    private const long T0 = 1_700_000_040_000; // a window start: a multiple of one minute
    private const long Minute = 60_000;

    [Fact]
    public void Window_IsEmittedOnce_WhenEventTimeReachesItsEndPlusGrace()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Of("p1", T0, hr: 60));
        pipeline.Pipe(Reading.Of("p1", T0 + 30_000, hr: 80));
        pipeline.Pipe(Reading.Of("p1", T0 + Minute + 9_999, hr: 70));
        Assert.True(pipeline.Stats.IsEmpty);

        pipeline.Pipe(Reading.Of("p1", T0 + Minute + 10_000, hr: 70));
        pipeline.Pipe(Reading.Of("p1", T0 + Minute + 20_000, hr: 70));

        var record = Assert.Single(pipeline.Stats.ReadRecordsToList());
        Assert.Equal("p1", record.Key);
        var stats = record.Value;
        Assert.Equal("p1", stats.patient_id);
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(T0), stats.window_start);
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(T0 + Minute), stats.window_end);
        Assert.Equal(2, stats.reading_count);
        Assert.Equal(60, stats.heart_rate_min);
        Assert.Equal(80, stats.heart_rate_max);
        Assert.Equal(70, stats.heart_rate_mean);
        Assert.Equal(T0 + 30_000, record.TimestampMs); // the window's latest reading
    }

    [Fact]
    public void ReadingAtExactlyTheWindowEnd_BelongsToTheNextWindow()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Of("p1", T0 + Minute - 1, hr: 60));
        pipeline.Pipe(Reading.Of("p1", T0 + Minute, hr: 100));

        pipeline.Pipe(Reading.Of("p1", T0 + 3 * Minute, hr: 70));

        var windows = pipeline.Stats.ReadValuesToList();
        Assert.Equal(2, windows.Count);
        Assert.Equal((1, 60), (windows[0].reading_count, windows[0].heart_rate_max!.Value));
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(T0 + Minute), windows[1].window_start);
        Assert.Equal((1, 100), (windows[1].reading_count, windows[1].heart_rate_min!.Value));
    }

    [Fact]
    public void OutOfOrderReadingWithinGrace_IsCounted()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Of("p1", T0 + 10_000, hr: 60));
        pipeline.Pipe(Reading.Of("p1", T0 + Minute + 5_000, hr: 70));
        pipeline.Pipe(Reading.Of("p1", T0 + 50_000, hr: 90)); // 15 s behind, window still open

        pipeline.Pipe(Reading.Of("p1", T0 + 2 * Minute + 10_000, hr: 70));

        var windows = pipeline.Stats.ReadValuesToList();
        Assert.Equal(2, windows[0].reading_count);
        Assert.Equal(90, windows[0].heart_rate_max);
        Assert.Equal(4, pipeline.Enriched.QueueSize);
    }

    [Fact]
    public void ReadingBeyondGrace_IsNotCountedButStillEnriched_AndTheWindowIsNotEmittedAgain()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Of("p1", T0 + 10_000, hr: 60));
        pipeline.Pipe(Reading.Of("p1", T0 + Minute + 10_000, hr: 70)); // closes [T0, T0 + 1 min)
        var first = Assert.Single(pipeline.Stats.ReadValuesToList());

        pipeline.Pipe(Reading.Of("p1", T0 + 50_000, hr: 150)); // late
        pipeline.Pipe(Reading.Of("p1", T0 + 5 * Minute, hr: 70));

        Assert.Equal(1, first.reading_count);
        var later = pipeline.Stats.ReadValuesToList();
        Assert.All(later, w => Assert.NotEqual(DateTime.UnixEpoch.AddMilliseconds(T0), w.window_start));
        Assert.DoesNotContain(later, w => w.heart_rate_max == 150);
        Assert.Contains(pipeline.Enriched.ReadValuesToList(), e => e.reading.heart_rate == 150);
        var closed = pipeline.Driver.GetWindowStore<string, WindowStats>(VitalsTopology.StatsWindowStore).Fetch("p1", T0, T0).ToList();
        Assert.All(closed, w => Assert.Equal(1, w.Value.Count)); // the late reading left nothing behind
    }

    [Fact]
    public void EveryFigure_IsComputed_AndAbsentVitalsAreNull()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Of("p1", T0, hr: 70, spo2: 95, sys: 120, dia: 80, rr: 16, temp: 37.0));
        pipeline.Pipe(Reading.Of("p1", T0 + 1_000, hr: 131, spo2: 91, sys: 130, dia: 70, rr: 22, temp: 38.5));
        pipeline.Pipe(Reading.Of("p1", T0 + 2_000, consciousness: Consciousness.ALERT));

        pipeline.Pipe(Reading.Of("p1", T0 + 2 * Minute, hr: 70));

        var stats = pipeline.Stats.ReadValuesToList()[0];
        Assert.Equal(3, stats.reading_count);
        Assert.Equal((70, 131, 100.5), (stats.heart_rate_min!.Value, stats.heart_rate_max!.Value, stats.heart_rate_mean!.Value));
        Assert.Equal((91, 95, 93.0), (stats.spo2_min!.Value, stats.spo2_max!.Value, stats.spo2_mean!.Value));
        Assert.Equal((120, 130, 125.0), (stats.systolic_bp_min!.Value, stats.systolic_bp_max!.Value, stats.systolic_bp_mean!.Value));
        Assert.Equal((70, 80, 75.0), (stats.diastolic_bp_min!.Value, stats.diastolic_bp_max!.Value, stats.diastolic_bp_mean!.Value));
        Assert.Equal((16, 22, 19.0), (stats.respiratory_rate_min!.Value, stats.respiratory_rate_max!.Value, stats.respiratory_rate_mean!.Value));
        Assert.Equal((37.0, 38.5, 37.75), (stats.temperature_min!.Value, stats.temperature_max!.Value, stats.temperature_mean!.Value));
        Assert.Null(stats.glucose_min);
        Assert.Null(stats.glucose_max);
        Assert.Null(stats.glucose_mean);
        Assert.Equal(3 + 3 + 2 + 1, stats.news2_max); // hr 131, spo2 91, rr 22, temp 38.5
    }

    [Fact]
    public void WindowWithNoValueOfAVital_HasNullsForIt()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Of("p1", T0, glucose: 100));
        pipeline.Pipe(Reading.Of("p1", T0 + 2 * Minute, glucose: 100));

        var stats = pipeline.Stats.ReadValuesToList()[0];
        Assert.Equal(1, stats.reading_count);
        Assert.Equal(100, stats.glucose_mean);
        Assert.Null(stats.heart_rate_min);
        Assert.Null(stats.spo2_mean);
        Assert.Null(stats.systolic_bp_max);
        Assert.Null(stats.diastolic_bp_min);
        Assert.Null(stats.respiratory_rate_mean);
        Assert.Null(stats.temperature_min);
        Assert.Equal(0, stats.news2_max);
    }

    [Fact]
    public void AnotherPatientsReading_ClosesTheWindow_AndWindowsComeOutInStartThenPatientOrder()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Of("p2", T0, hr: 60));
        pipeline.Pipe(Reading.Of("p1", T0 + 1_000, hr: 61));
        pipeline.Pipe(Reading.Of("p1", T0 + Minute, hr: 62));

        pipeline.Pipe(Reading.Of("p3", T0 + 3 * Minute, hr: 63));

        var windows = pipeline.Stats.ReadKeyValuesToList();
        Assert.Equal(["p1", "p2", "p1"], windows.Select(w => w.Key));
        Assert.Equal([61, 60, 62], windows.Select(w => w.Value.heart_rate_max!.Value));
    }

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void CachingAndCommits_DoNotRepeatAFinalResult(StoreType store)
    {
        using var pipeline = new VitalsPipeline(storeType: store, driverOptions: new TopologyTestDriverOptions { CommitEveryRecord = false });
        for (var i = 0; i < 600; i++)
        {
            pipeline.Pipe(Reading.Of("p" + (i % 3), T0 + i * 1_000L, hr: 60 + i % 40));
            if (i % 7 == 0) pipeline.Driver.Commit();
        }
        pipeline.Driver.Commit();

        var windows = pipeline.Stats.ReadValuesToList();
        Assert.Equal(9 * 3, windows.Count); // 10 minutes of readings; the last window is still open
        Assert.Equal(windows.Count, windows.Select(w => (w.patient_id, w.window_start)).Distinct().Count());
        Assert.All(windows, w => Assert.Equal(20, w.reading_count));
        var open = pipeline.Driver.GetWindowStore<string, WindowStats>(VitalsTopology.StatsWindowStore).FetchAll(T0 + 9 * Minute, T0 + 9 * Minute).ToList();
        Assert.Equal(3, open.Count); // the last minute's windows, not emitted yet
        Assert.All(open, w => Assert.Equal(20, w.Value.Count));
    }

    [Fact]
    public void WindowSizeAndGrace_ComeFromTheOptions()
    {
        var options = new VitalsOptions();
        options.Stats.Size = TimeSpan.FromMinutes(2);
        options.Stats.Grace = TimeSpan.Zero;
        using var pipeline = new VitalsPipeline(options);

        pipeline.Pipe(Reading.Of("p1", T0, hr: 60)); // T0 is a multiple of 2 min too
        pipeline.Pipe(Reading.Of("p1", T0 + 2 * Minute - 1, hr: 70));
        Assert.True(pipeline.Stats.IsEmpty);
        pipeline.Pipe(Reading.Of("p1", T0 + 2 * Minute, hr: 80)); // no grace: the window closes at its end

        var stats = Assert.Single(pipeline.Stats.ReadValuesToList());
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(T0), stats.window_start);
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(T0 + 2 * Minute), stats.window_end);
        Assert.Equal(2, stats.reading_count);
    }

    [Fact]
    public void Windows_FollowTheReadingsEventTime_NotTheRecordsTimestamp()
    {
        using var pipeline = new VitalsPipeline();

        pipeline.Raw.PipeInput("p1", Reading.Of("p1", T0, hr: 60), T0 + 10 * Minute);
        pipeline.Raw.PipeInput("p1", Reading.Of("p1", T0 + 30_000, hr: 80), T0 + 10 * Minute);
        Assert.True(pipeline.Stats.IsEmpty);
        pipeline.Raw.PipeInput("p1", Reading.Of("p1", T0 + Minute + 10_000, hr: 70), T0);

        Assert.Equal(2, Assert.Single(pipeline.Stats.ReadValuesToList()).reading_count);
    }

    [Fact]
    public void InvalidReadings_NeverReachAWindow()
    {
        using var pipeline = new VitalsPipeline();
        pipeline.Pipe(Reading.Of("p1", T0, hr: 60));
        pipeline.Pipe(Reading.Of("p1", T0 + 1_000, hr: 400));

        pipeline.Pipe(Reading.Of("p1", T0 + 2 * Minute, hr: 60));

        Assert.Equal(1, pipeline.Stats.ReadValuesToList()[0].reading_count);
    }
}
