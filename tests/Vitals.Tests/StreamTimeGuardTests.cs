using Pulse.Vitals.Clinical;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests;

/// <summary>
/// One badly stamped reading must not stop a partition's statistics: a reading stamped far ahead of the clock
/// would move stream time there and make every later reading late, and a device with an unset clock stamps 1970.
/// Both are dead-lettered with their own reason; the engine keeps Kafka's stream time, the pipeline guards it.
/// </summary>
public class StreamTimeGuardTests
{
    private static readonly long Now = VitalsPipeline.WallClockStart.ToUnixTimeMilliseconds();

    // Not the default Earliest, which the test pipeline turns into the epoch for the other tests' 1970-based readings.
    private static VitalsPipeline Pipeline() => new(new VitalsOptions { Validity = { Earliest = new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc) } });

    [Fact]
    public void ReadingStampedIn2300_IsDeadLetteredAsInTheFuture_AndLaterReadingsStillCloseTheirWindows()
    {
        using var pipeline = Pipeline();
        var start = Now - 10 * 60_000;
        pipeline.Pipe(Reading.Normal("p1", start));
        pipeline.Pipe(Reading.Normal("p1", new DateTimeOffset(2300, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        for (var s = 10; s <= 120; s += 10) pipeline.Pipe(Reading.Normal("p1", start + s * 1_000));

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal([InvalidReasonCodes.TimestampInFuture], dead.Headers.All(InvalidReadingHeaders.Reason));
        Assert.Equal(13, pipeline.Enriched.ReadValuesToList().Count);
        Assert.NotEmpty(pipeline.Stats.ReadValuesToList());
    }

    [Fact]
    public void ReadingFourMinutesAhead_IsValid_SixMinutesAhead_IsNot()
    {
        using var pipeline = Pipeline();

        pipeline.Pipe(Reading.Normal("p1", Now + 4 * 60_000));
        pipeline.Pipe(Reading.Normal("p1", Now + 6 * 60_000));

        Assert.Single(pipeline.Enriched.ReadValuesToList());
        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Contains("ahead of the clock", dead.Headers.Text(InvalidReadingHeaders.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingStampedIn1970_IsDeadLetteredAsTooEarly_UnlessEarliestAllowsReplays()
    {
        using (var pipeline = Pipeline())
        {
            pipeline.Pipe(Reading.Normal("p1", 5_000));

            var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
            Assert.Equal([InvalidReasonCodes.TimestampTooEarly], dead.Headers.All(InvalidReadingHeaders.Reason));
        }
        using var replay = new VitalsPipeline(new VitalsOptions { Validity = { Earliest = DateTime.UnixEpoch } });
        replay.Pipe(Reading.Normal("p1", 5_000));
        Assert.True(replay.Invalid.IsEmpty);
    }
}
