using pulse.vitals;

namespace Pulse.Bench;

/// <summary>The records the Avro bench measures: one fully populated reading and its enriched form (as Schemas.Tests' samples).</summary>
internal static class AvroSamples
{
    private static readonly DateTime At = new(2026, 3, 1, 8, 30, 15, 250, DateTimeKind.Utc);

    public static VitalReading Reading() => new()
    {
        patient_id = "patient-7", device_id = "monitor-3", timestamp = At,
        heart_rate = 112, spo2 = 93, systolic_bp = 98, diastolic_bp = 61, respiratory_rate = 23,
        temperature = 38.4, glucose = 143.5, consciousness = Consciousness.ALERT, on_oxygen = true,
        latitude = 51.5072, longitude = -0.1276,
    };

    public static EnrichedReading Enriched() => new()
    {
        reading = Reading(), heart_rate_status = VitalStatus.WARNING, spo2_status = VitalStatus.WARNING,
        systolic_bp_status = VitalStatus.WARNING, respiratory_rate_status = VitalStatus.WARNING,
        temperature_status = VitalStatus.WARNING, glucose_status = VitalStatus.NORMAL,
        consciousness_status = VitalStatus.NORMAL, oxygen_status = VitalStatus.WARNING,
        status = VitalStatus.WARNING, news2_score = 9, news2_risk = News2Risk.HIGH, news2_complete = true,
        rolling_count = 4, rolling_heart_rate_mean = 104.25, rolling_spo2_mean = 94.5, rolling_spo2_min = 93,
        heart_rate_trend = 3.5,
    };
}
