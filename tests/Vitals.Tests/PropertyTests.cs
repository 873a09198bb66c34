using pulse.vitals;
using Pulse.Streams;
using Pulse.Streams.Dsl;
using Pulse.Streams.Testing;
using Pulse.Vitals;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests;

/// <summary>
/// Seeded random readings (valid and invalid, in and out of order, some hours late) through the
/// topology agree with <see cref="ClinicalModel"/> and <see cref="PipelineModel"/>: every output
/// record, in order.
/// </summary>
public class PropertyTests
{
    private const long T0 = 1_700_000_000_000;
    private const int Readings = 600;

    public static TheoryData<int, StoreType, bool> Cases()
    {
        var cases = new TheoryData<int, StoreType, bool>();
        for (var seed = 1; seed <= 12; seed++) cases.Add(seed, seed % 3 == 0 ? StoreType.RocksDb : StoreType.InMemory, seed % 2 == 0);
        return cases;
    }

    [Theory, MemberData(nameof(Cases))]
    public void RandomReadings_AgreeWithTheModel(int seed, StoreType store, bool commitEveryRecord)
    {
        var random = new Random(seed);
        var options = new VitalsOptions();
        var model = new PipelineModel(Ms(options.Rolling.Window), Ms(options.Rolling.Grace), Ms(options.Stats.Size), Ms(options.Stats.Grace));
        using var pipeline = new VitalsPipeline(options, store, new TopologyTestDriverOptions { CommitEveryRecord = commitEveryRecord },
            new StreamsConfig { ApplicationId = "property", CacheMaxBytes = seed % 4 == 1 ? 0 : 10 * 1024 * 1024 });
        var now = T0;
        for (var i = 0; i < Readings; i++)
        {
            now += random.Next(0, 4_000);
            var patient = "p" + random.Next(4);
            var at = random.Next(10) switch
            {
                0 => now - random.Next(0, 20_000),          // around the stats grace
                1 => now - random.Next(20_000, 400_000),    // beyond it, around the rolling window and its grace
                _ => now,
            };
            var reading = RandomReading(random, patient, at);
            var key = random.Next(100) == 0 ? "other" : patient;
            if (random.Next(60) == 0)
            {
                byte[] garbage = [(byte)random.Next(256), 1, 2];
                pipeline.RawBytes.PipeInput(key, garbage, at);
                var dead = pipeline.Invalid.ReadRecord();
                Assert.Equal(garbage, dead.Value);
                Assert.Equal(["value.undeserializable"], dead.Headers.All(InvalidReadingHeaders.Reason));
                continue;
            }
            pipeline.Raw.PipeInput(key, reading, at);
            if (!commitEveryRecord && i % 50 == 0) pipeline.Driver.Commit();

            var reasons = ClinicalModel.Reasons(key, reading);
            if (reasons.Count > 0)
            {
                var dead = pipeline.Invalid.ReadRecord();
                Assert.Equal(reasons, dead.Headers.All(InvalidReadingHeaders.Reason).Order(StringComparer.Ordinal));
                Assert.Equal(pipeline.Serialize(reading), dead.Value);
                continue;
            }
            var score = ClinicalModel.Score(reading);
            var rolling = model.Enrich(patient, at, reading);
            model.Aggregate(patient, at, reading, score.News2);
            AssertEnriched(score, rolling, pipeline.Enriched.ReadValue(), $"seed {seed}, reading {i}");
        }
        pipeline.Driver.Commit();

        Assert.True(pipeline.Enriched.IsEmpty);
        Assert.True(pipeline.Invalid.IsEmpty);
        var stats = pipeline.Stats.ReadValuesToList();
        Assert.Equal(model.Emitted.Count, stats.Count);
        for (var i = 0; i < stats.Count; i++) AssertStats(model.Emitted[i], stats[i], $"seed {seed}, window {i}");
        Assert.True(model.Emitted.Count > 20, "The case should close many windows.");
    }

    private static VitalReading RandomReading(Random random, string patient, long at)
    {
        int? Int(int[] edges, int min, int max) => random.Next(10) < 3 ? null
            : random.Next(3) == 0 ? edges[random.Next(edges.Length)] : random.Next(min, max + 1);
        double? Real(double[] edges, double min, double max) => random.Next(10) < 3 ? null
            : random.Next(3) == 0 ? edges[random.Next(edges.Length)] : Math.Round(min + random.NextDouble() * (max - min), 1);

        var reading = Reading.Of(patient, at,
            hr: Int([0, 1, 40, 41, 50, 51, 90, 91, 110, 111, 130, 131, 299, 300], 30, 180),
            spo2: Int([0, 1, 91, 92, 93, 94, 95, 96, 100, 101], 85, 100),
            sys: Int([0, 1, 90, 91, 100, 101, 110, 111, 219, 220, 399, 400], 80, 240),
            dia: Int([0, 1, 299, 300], 40, 130),
            rr: Int([0, 1, 8, 9, 11, 12, 20, 21, 24, 25, 69, 70], 6, 35),
            temp: Real([9.9, 10, 35.0, 35.1, 36.0, 36.1, 38.0, 38.1, 39.0, 39.1, 50, 50.1], 34, 41),
            glucose: Real([0.9, 1, 53.9, 54, 69.9, 70, 180, 180.1, 250, 250.1, 1000, 1000.1], 40, 300),
            consciousness: random.Next(4) == 0 ? null : (Consciousness)(random.Next(3) == 0 ? random.Next(5) : 0),
            oxygen: random.Next(4) == 0 ? null : random.Next(5) == 0);
        if (random.Next(200) == 0) reading.patient_id = "";
        return reading;
    }

    private static void AssertEnriched(ExpectedScore score, ExpectedRolling rolling, EnrichedReading actual, string where)
    {
        Assert.True(score == new ExpectedScore(actual.news2_score, actual.news2_risk, actual.news2_complete, actual.status,
            actual.heart_rate_status, actual.spo2_status, actual.systolic_bp_status, actual.respiratory_rate_status,
            actual.temperature_status, actual.glucose_status, actual.consciousness_status, actual.oxygen_status), where + ": score");
        Assert.True(rolling.Count == actual.rolling_count, $"{where}: rolling count {actual.rolling_count}, model {rolling.Count}");
        Close(rolling.HeartRateMean, actual.rolling_heart_rate_mean, where + ": heart rate mean");
        Close(rolling.Spo2Mean, actual.rolling_spo2_mean, where + ": SpO2 mean");
        Assert.True(rolling.Spo2Min == actual.rolling_spo2_min, where + ": SpO2 min");
        Close(rolling.Trend, actual.heart_rate_trend, where + ": trend");
    }

    private static void AssertStats(ExpectedStats e, VitalStats a, string where)
    {
        Assert.True((e.Patient, e.Start, e.End, e.Count, e.News2Max) ==
            (a.patient_id, Ms(a.window_start), Ms(a.window_end), a.reading_count, a.news2_max), where);
        Same(e.HeartRate, (a.heart_rate_min, a.heart_rate_max, a.heart_rate_mean), where + ": heart rate");
        Same(e.Spo2, (a.spo2_min, a.spo2_max, a.spo2_mean), where + ": SpO2");
        Same(e.Systolic, (a.systolic_bp_min, a.systolic_bp_max, a.systolic_bp_mean), where + ": systolic");
        Same(e.Diastolic, (a.diastolic_bp_min, a.diastolic_bp_max, a.diastolic_bp_mean), where + ": diastolic");
        Same(e.Respiration, (a.respiratory_rate_min, a.respiratory_rate_max, a.respiratory_rate_mean), where + ": respiration");
        Same(e.Temperature, (a.temperature_min, a.temperature_max, a.temperature_mean), where + ": temperature");
        Same(e.Glucose, (a.glucose_min, a.glucose_max, a.glucose_mean), where + ": glucose");
    }

    private static void Same((double? Min, double? Max, double? Mean) expected, (double? Min, double? Max, double? Mean) actual, string where)
    {
        Close(expected.Min, actual.Min, where + " min");
        Close(expected.Max, actual.Max, where + " max");
        Close(expected.Mean, actual.Mean, where + " mean");
    }

    private static void Close(double? expected, double? actual, string where) =>
        Assert.True(expected is null ? actual is null : actual is { } a && Math.Abs(a - expected.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected.Value)),
            $"{where}: expected {expected}, got {actual}");

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private static long Ms(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalMilliseconds;
}
