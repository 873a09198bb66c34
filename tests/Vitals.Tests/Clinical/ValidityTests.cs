using pulse.vitals;
using Pulse.Vitals;
using Pulse.Vitals.Clinical;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests.Clinical;

/// <summary>Every validity edge: a reading inside all ranges is enriched, one outside any goes to the dead-letter topic unchanged.</summary>
public class ValidityTests
{
    public static TheoryData<string, VitalReading, string?> Edges => new()
    {
        { "heart rate 0", Reading.Of("p1", 0, hr: 0), InvalidReasonCodes.HeartRateOutOfRange },
        { "heart rate 1", Reading.Of("p1", 0, hr: 1), null },
        { "heart rate 299", Reading.Of("p1", 0, hr: 299), null },
        { "heart rate 300", Reading.Of("p1", 0, hr: 300), InvalidReasonCodes.HeartRateOutOfRange },
        { "heart rate -5", Reading.Of("p1", 0, hr: -5), InvalidReasonCodes.HeartRateOutOfRange },
        { "spo2 0", Reading.Of("p1", 0, spo2: 0), InvalidReasonCodes.Spo2OutOfRange },
        { "spo2 1", Reading.Of("p1", 0, spo2: 1), null },
        { "spo2 100", Reading.Of("p1", 0, spo2: 100), null },
        { "spo2 101", Reading.Of("p1", 0, spo2: 101), InvalidReasonCodes.Spo2OutOfRange },
        { "systolic 0", Reading.Of("p1", 0, sys: 0), InvalidReasonCodes.SystolicBpOutOfRange },
        { "systolic 1", Reading.Of("p1", 0, sys: 1), null },
        { "systolic 399", Reading.Of("p1", 0, sys: 399), null },
        { "systolic 400", Reading.Of("p1", 0, sys: 400), InvalidReasonCodes.SystolicBpOutOfRange },
        { "diastolic 0", Reading.Of("p1", 0, dia: 0), InvalidReasonCodes.DiastolicBpOutOfRange },
        { "diastolic 1", Reading.Of("p1", 0, dia: 1), null },
        { "diastolic 299", Reading.Of("p1", 0, dia: 299), null },
        { "diastolic 300", Reading.Of("p1", 0, dia: 300), InvalidReasonCodes.DiastolicBpOutOfRange },
        { "respiratory rate 0", Reading.Of("p1", 0, rr: 0), InvalidReasonCodes.RespiratoryRateOutOfRange },
        { "respiratory rate 1", Reading.Of("p1", 0, rr: 1), null },
        { "respiratory rate 69", Reading.Of("p1", 0, rr: 69), null },
        { "respiratory rate 70", Reading.Of("p1", 0, rr: 70), InvalidReasonCodes.RespiratoryRateOutOfRange },
        { "temperature 9.9", Reading.Of("p1", 0, temp: 9.9), InvalidReasonCodes.TemperatureOutOfRange },
        { "temperature 10", Reading.Of("p1", 0, temp: 10), null },
        { "temperature 50", Reading.Of("p1", 0, temp: 50), null },
        { "temperature 50.1", Reading.Of("p1", 0, temp: 50.1), InvalidReasonCodes.TemperatureOutOfRange },
        { "temperature NaN", Reading.Of("p1", 0, temp: double.NaN), InvalidReasonCodes.TemperatureOutOfRange },
        { "glucose 0.9", Reading.Of("p1", 0, glucose: 0.9), InvalidReasonCodes.GlucoseOutOfRange },
        { "glucose 1", Reading.Of("p1", 0, glucose: 1), null },
        { "glucose 1000", Reading.Of("p1", 0, glucose: 1000), null },
        { "glucose 1000.1", Reading.Of("p1", 0, glucose: 1000.1), InvalidReasonCodes.GlucoseOutOfRange },
        { "glucose infinite", Reading.Of("p1", 0, glucose: double.PositiveInfinity), InvalidReasonCodes.GlucoseOutOfRange },
        { "diastolic below systolic", Reading.Of("p1", 0, sys: 120, dia: 119), null },
        { "diastolic equal to systolic", Reading.Of("p1", 0, sys: 120, dia: 120), InvalidReasonCodes.DiastolicNotBelowSystolic },
        { "diastolic above systolic", Reading.Of("p1", 0, sys: 120, dia: 121), InvalidReasonCodes.DiastolicNotBelowSystolic },
        { "no vital at all", Reading.Of("p1", 0), InvalidReasonCodes.NoVitals },
        { "consciousness alone is a vital", Reading.Of("p1", 0, consciousness: Consciousness.ALERT), null },
        { "on-oxygen alone is a vital", Reading.Of("p1", 0, oxygen: false), null },
    };

    [Theory, MemberData(nameof(Edges))]
    public void Reading_IsEnrichedOrDeadLetteredUnchanged_ByItsValidity(string _, VitalReading reading, string? reason)
    {
        using var pipeline = new VitalsPipeline();
        var bytes = pipeline.Serialize(reading);

        pipeline.RawBytes.PipeInput(reading.patient_id, bytes, 1_000);

        if (reason is null)
        {
            Assert.Single(pipeline.Enriched.ReadValuesToList());
            Assert.True(pipeline.Invalid.IsEmpty);
            return;
        }
        Assert.True(pipeline.Enriched.IsEmpty);
        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal(bytes, dead.Value);
        Assert.Equal(reading.patient_id, dead.Key);
        Assert.Equal([reason], dead.Headers.All(InvalidReadingHeaders.Reason));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyPatientId_IsDeadLettered(string patient)
    {
        using var pipeline = new VitalsPipeline();

        pipeline.Pipe(Reading.Of(patient, 0, hr: 70));

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal([InvalidReasonCodes.EmptyPatientId], dead.Headers.All(InvalidReadingHeaders.Reason));
        Assert.True(pipeline.Enriched.IsEmpty);
    }

    [Fact]
    public void RecordKeyedByAnotherPatient_IsDeadLettered()
    {
        using var pipeline = new VitalsPipeline();

        pipeline.Raw.PipeInput("p2", Reading.Of("p1", 0, hr: 70), 0);

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal("p2", dead.Key);
        Assert.Equal([InvalidReasonCodes.KeyMismatch], dead.Headers.All(InvalidReadingHeaders.Reason));
        Assert.Contains("record key 'p2' is not the patient_id 'p1'", dead.Headers.Text(InvalidReadingHeaders.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryReasonOfAReading_IsListedInOrder()
    {
        using var pipeline = new VitalsPipeline();

        pipeline.Pipe(Reading.Of("p1", 0, hr: 300, spo2: 101, sys: 110, dia: 120, temp: 9.0));

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal([InvalidReasonCodes.HeartRateOutOfRange, InvalidReasonCodes.Spo2OutOfRange, InvalidReasonCodes.TemperatureOutOfRange,
            InvalidReasonCodes.DiastolicNotBelowSystolic], dead.Headers.All(InvalidReadingHeaders.Reason));
        Assert.Equal("heart_rate.out_of_range: heart_rate 300 is outside 1–299; spo2.out_of_range: spo2 101 is outside 1–100; " +
            "temperature.out_of_range: temperature 9 is outside 10–50; diastolic_bp.not_below_systolic: diastolic_bp 120 is not below systolic_bp 110",
            dead.Headers.Text(InvalidReadingHeaders.Message));
    }

    [Fact]
    public void EmptyPatientWithNoVitals_HasBothReasons()
    {
        using var pipeline = new VitalsPipeline();

        pipeline.Pipe(Reading.Of("", 0));

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Equal([InvalidReasonCodes.EmptyPatientId, InvalidReasonCodes.NoVitals], dead.Headers.All(InvalidReadingHeaders.Reason));
    }

    [Fact]
    public void ValidityRanges_ComeFromTheOptions()
    {
        var options = new VitalsOptions();
        options.Validity.HeartRate = new ValidRange(30, 250);
        using var pipeline = new VitalsPipeline(options);

        pipeline.Pipe(Reading.Of("p1", 0, hr: 251));
        pipeline.Pipe(Reading.Of("p1", 1, hr: 250));

        var dead = Assert.Single(pipeline.Invalid.ReadRecordsToList());
        Assert.Contains("heart_rate 251 is outside 30–250", dead.Headers.Text(InvalidReadingHeaders.Message), StringComparison.Ordinal);
        Assert.Equal(250, Assert.Single(pipeline.Enriched.ReadValuesToList()).reading.heart_rate);
    }
}
