using pulse.vitals;
using Pulse.Vitals.Tests.TestSupport;

namespace Pulse.Vitals.Tests.Clinical;

/// <summary>Every NEWS2 band edge of every parameter, one vital per reading, through the topology.</summary>
public class News2BandTests
{
    public enum Vital { Respiration, Spo2, Oxygen, Systolic, Pulse, Consciousness, Temperature }

    public static TheoryData<Vital, double, int, VitalStatus> BandEdges => new()
    {
        { Vital.Respiration, 1, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Respiration, 8, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Respiration, 9, 1, VitalStatus.WARNING },
        { Vital.Respiration, 11, 1, VitalStatus.WARNING },
        { Vital.Respiration, 12, 0, VitalStatus.NORMAL },
        { Vital.Respiration, 20, 0, VitalStatus.NORMAL },
        { Vital.Respiration, 21, 2, VitalStatus.WARNING },
        { Vital.Respiration, 24, 2, VitalStatus.WARNING },
        { Vital.Respiration, 25, 3, VitalStatus.CRITICAL_HIGH },
        { Vital.Respiration, 69, 3, VitalStatus.CRITICAL_HIGH },

        { Vital.Spo2, 1, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Spo2, 91, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Spo2, 92, 2, VitalStatus.WARNING },
        { Vital.Spo2, 93, 2, VitalStatus.WARNING },
        { Vital.Spo2, 94, 1, VitalStatus.WARNING },
        { Vital.Spo2, 95, 1, VitalStatus.WARNING },
        { Vital.Spo2, 96, 0, VitalStatus.NORMAL },
        { Vital.Spo2, 100, 0, VitalStatus.NORMAL },

        { Vital.Oxygen, 1, 2, VitalStatus.WARNING },
        { Vital.Oxygen, 0, 0, VitalStatus.NORMAL },

        { Vital.Systolic, 1, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Systolic, 90, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Systolic, 91, 2, VitalStatus.WARNING },
        { Vital.Systolic, 100, 2, VitalStatus.WARNING },
        { Vital.Systolic, 101, 1, VitalStatus.WARNING },
        { Vital.Systolic, 110, 1, VitalStatus.WARNING },
        { Vital.Systolic, 111, 0, VitalStatus.NORMAL },
        { Vital.Systolic, 219, 0, VitalStatus.NORMAL },
        { Vital.Systolic, 220, 3, VitalStatus.CRITICAL_HIGH },
        { Vital.Systolic, 399, 3, VitalStatus.CRITICAL_HIGH },

        { Vital.Pulse, 1, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Pulse, 40, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Pulse, 41, 1, VitalStatus.WARNING },
        { Vital.Pulse, 50, 1, VitalStatus.WARNING },
        { Vital.Pulse, 51, 0, VitalStatus.NORMAL },
        { Vital.Pulse, 90, 0, VitalStatus.NORMAL },
        { Vital.Pulse, 91, 1, VitalStatus.WARNING },
        { Vital.Pulse, 110, 1, VitalStatus.WARNING },
        { Vital.Pulse, 111, 2, VitalStatus.WARNING },
        { Vital.Pulse, 130, 2, VitalStatus.WARNING },
        { Vital.Pulse, 131, 3, VitalStatus.CRITICAL_HIGH },
        { Vital.Pulse, 299, 3, VitalStatus.CRITICAL_HIGH },

        { Vital.Consciousness, (int)Consciousness.ALERT, 0, VitalStatus.NORMAL },
        { Vital.Consciousness, (int)Consciousness.CONFUSION, 3, VitalStatus.CRITICAL_HIGH },
        { Vital.Consciousness, (int)Consciousness.VOICE, 3, VitalStatus.CRITICAL_HIGH },
        { Vital.Consciousness, (int)Consciousness.PAIN, 3, VitalStatus.CRITICAL_HIGH },
        { Vital.Consciousness, (int)Consciousness.UNRESPONSIVE, 3, VitalStatus.CRITICAL_HIGH },

        { Vital.Temperature, 10, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Temperature, 35.0, 3, VitalStatus.CRITICAL_LOW },
        { Vital.Temperature, 35.1, 1, VitalStatus.WARNING },
        { Vital.Temperature, 36.0, 1, VitalStatus.WARNING },
        { Vital.Temperature, 36.1, 0, VitalStatus.NORMAL },
        { Vital.Temperature, 38.0, 0, VitalStatus.NORMAL },
        { Vital.Temperature, 38.1, 1, VitalStatus.WARNING },
        { Vital.Temperature, 39.0, 1, VitalStatus.WARNING },
        { Vital.Temperature, 39.1, 2, VitalStatus.WARNING },
        { Vital.Temperature, 50, 2, VitalStatus.WARNING },
    };

    [Theory, MemberData(nameof(BandEdges))]
    public void SingleVital_ScoresItsBand_AndGetsItsStatus(Vital vital, double value, int score, VitalStatus status)
    {
        using var pipeline = new VitalsPipeline();

        var enriched = pipeline.Enrich(WithOnly(vital, value));

        Assert.Equal(score, enriched.news2_score);
        Assert.Equal(status, StatusOf(enriched, vital));
        Assert.Equal(status, enriched.status);
        Assert.False(enriched.news2_complete);
    }

    [Fact]
    public void TemperaturesBetweenTheChartsTenths_FallInTheBandAboveTheLowerEdge()
    {
        using var pipeline = new VitalsPipeline();

        Assert.Equal(3, pipeline.Enrich(WithOnly(Vital.Temperature, 35.0)).news2_score);
        Assert.Equal(1, pipeline.Enrich(WithOnly(Vital.Temperature, 35.05)).news2_score);
        Assert.Equal(0, pipeline.Enrich(WithOnly(Vital.Temperature, 36.05)).news2_score);
        Assert.Equal(1, pipeline.Enrich(WithOnly(Vital.Temperature, 38.05)).news2_score);
        Assert.Equal(2, pipeline.Enrich(WithOnly(Vital.Temperature, 39.05)).news2_score);
    }

    [Fact]
    public void AbsentVitals_HaveNoStatus_AndAddNothing()
    {
        using var pipeline = new VitalsPipeline();

        var enriched = pipeline.Enrich(Reading.Of("p1", 0, hr: 131));

        Assert.Equal(3, enriched.news2_score);
        Assert.Null(enriched.spo2_status);
        Assert.Null(enriched.systolic_bp_status);
        Assert.Null(enriched.respiratory_rate_status);
        Assert.Null(enriched.temperature_status);
        Assert.Null(enriched.glucose_status);
        Assert.Null(enriched.consciousness_status);
        Assert.Null(enriched.oxygen_status);
    }

    internal static VitalReading WithOnly(Vital vital, double value) => vital switch
    {
        Vital.Respiration => Reading.Of("p1", 0, rr: (int)value),
        Vital.Spo2 => Reading.Of("p1", 0, spo2: (int)value),
        Vital.Oxygen => Reading.Of("p1", 0, oxygen: value != 0),
        Vital.Systolic => Reading.Of("p1", 0, sys: (int)value),
        Vital.Pulse => Reading.Of("p1", 0, hr: (int)value),
        Vital.Consciousness => Reading.Of("p1", 0, consciousness: (Consciousness)(int)value),
        Vital.Temperature => Reading.Of("p1", 0, temp: value),
        _ => throw new ArgumentOutOfRangeException(nameof(vital)),
    };

    private static VitalStatus? StatusOf(EnrichedReading e, Vital vital) => vital switch
    {
        Vital.Respiration => e.respiratory_rate_status,
        Vital.Spo2 => e.spo2_status,
        Vital.Oxygen => e.oxygen_status,
        Vital.Systolic => e.systolic_bp_status,
        Vital.Pulse => e.heart_rate_status,
        Vital.Consciousness => e.consciousness_status,
        Vital.Temperature => e.temperature_status,
        _ => throw new ArgumentOutOfRangeException(nameof(vital)),
    };
}
