using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests.Clinical;

/// <summary>NEWS2 totals and risk levels (the single-3 rule included), completeness, glucose bands and the overall status.</summary>
public class RiskAndStatusTests
{
    public static TheoryData<string, VitalReading, int, News2Risk> Totals => new()
    {
        { "all normal", Reading.Normal("p1", 0), 0, News2Risk.NONE },
        { "spo2 95", Reading.Of("p1", 0, spo2: 95), 1, News2Risk.LOW },
        { "1 + 2 + 1, no 3", Reading.Of("p1", 0, spo2: 94, hr: 111, temp: 38.5), 4, News2Risk.LOW },
        { "a single 3", Reading.Of("p1", 0, rr: 8), 3, News2Risk.LOW_MEDIUM },
        { "a 3 and a 1", Reading.Of("p1", 0, rr: 25, spo2: 95), 4, News2Risk.LOW_MEDIUM },
        { "a 3 and a 2: 5 is medium", Reading.Of("p1", 0, hr: 131, oxygen: true), 5, News2Risk.MEDIUM },
        { "2 + 2 + 2", Reading.Of("p1", 0, sys: 91, hr: 111, oxygen: true), 6, News2Risk.MEDIUM },
        { "3 + 3 + 1", Reading.Of("p1", 0, rr: 25, spo2: 91, temp: 35.5), 7, News2Risk.HIGH },
        { "every parameter at its worst", Reading.Of("p1", 0, rr: 25, spo2: 91, oxygen: true, sys: 90, hr: 131,
            consciousness: Consciousness.UNRESPONSIVE, temp: 35.0), 20, News2Risk.HIGH },
        { "glucose is not in NEWS2", Reading.Of("p1", 0, glucose: 400), 0, News2Risk.NONE },
    };

    [Theory, MemberData(nameof(Totals))]
    public void Total_IsTheSumOfThePresentParameters_AndSetsTheRisk(string _, VitalReading reading, int total, News2Risk risk)
    {
        using var pipeline = new VitalsPipeline();

        var enriched = pipeline.Enrich(reading);

        Assert.Equal(total, enriched.news2_score);
        Assert.Equal(risk, enriched.news2_risk);
    }

    [Fact]
    public void ReadingWithAllSevenParameters_IsComplete_WhateverGlucoseAndDiastolic()
    {
        using var pipeline = new VitalsPipeline();
        var reading = Reading.Normal("p1", 0);
        reading.glucose = null;
        reading.diastolic_bp = null;

        Assert.True(pipeline.Enrich(reading).news2_complete);
    }

    [Theory]
    [InlineData("respiratory_rate")]
    [InlineData("spo2")]
    [InlineData("on_oxygen")]
    [InlineData("systolic_bp")]
    [InlineData("heart_rate")]
    [InlineData("consciousness")]
    [InlineData("temperature")]
    public void ReadingMissingOneParameter_IsNotComplete(string missing)
    {
        using var pipeline = new VitalsPipeline();
        var reading = Reading.Normal("p1", 0);
        reading.Put(((Avro.RecordSchema)reading.Schema)[missing].Pos, null);

        var enriched = pipeline.Enrich(reading);

        Assert.False(enriched.news2_complete);
        Assert.Equal(0, enriched.news2_score);
    }

    [Theory]
    [InlineData(1, VitalStatus.CRITICAL_LOW)]
    [InlineData(53.9, VitalStatus.CRITICAL_LOW)]
    [InlineData(54, VitalStatus.WARNING)]
    [InlineData(69.9, VitalStatus.WARNING)]
    [InlineData(70, VitalStatus.NORMAL)]
    [InlineData(180, VitalStatus.NORMAL)]
    [InlineData(180.1, VitalStatus.WARNING)]
    [InlineData(250, VitalStatus.WARNING)]
    [InlineData(250.1, VitalStatus.CRITICAL_HIGH)]
    [InlineData(1000, VitalStatus.CRITICAL_HIGH)]
    public void Glucose_HasItsOwnBands(double glucose, VitalStatus status)
    {
        using var pipeline = new VitalsPipeline();

        var enriched = pipeline.Enrich(Reading.Of("p1", 0, glucose: glucose));

        Assert.Equal(status, enriched.glucose_status);
        Assert.Equal(status, enriched.status);
    }

    public static TheoryData<string, VitalReading, VitalStatus> Overall => new()
    {
        { "all normal", Reading.Normal("p1", 0), VitalStatus.NORMAL },
        { "one warning", Reading.Of("p1", 0, hr: 70, spo2: 94), VitalStatus.WARNING },
        { "oxygen alone is a warning", Reading.Of("p1", 0, oxygen: true), VitalStatus.WARNING },
        { "critical low beats warning", Reading.Of("p1", 0, spo2: 91, hr: 111), VitalStatus.CRITICAL_LOW },
        { "glucose counts", Reading.Of("p1", 0, hr: 70, glucose: 40), VitalStatus.CRITICAL_LOW },
        { "both critical sides: CRITICAL_HIGH", Reading.Of("p1", 0, spo2: 91, hr: 131), VitalStatus.CRITICAL_HIGH },
        { "diastolic alone has no status", Reading.Of("p1", 0, dia: 150), VitalStatus.NORMAL },
    };

    [Theory, MemberData(nameof(Overall))]
    public void ReadingStatus_IsTheWorstOfItsVitals(string _, VitalReading reading, VitalStatus status)
    {
        using var pipeline = new VitalsPipeline();

        Assert.Equal(status, pipeline.Enrich(reading).status);
    }
}
