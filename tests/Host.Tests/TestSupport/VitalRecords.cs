using pulse.vitals;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Records of the vitals topics with plausible defaults, for tests to vary.</summary>
internal static class VitalRecords
{
    /// <summary>A fixed morning: tests never depend on the clock.</summary>
    public static readonly DateTime Start = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    public static VitalReading Reading(string patient, DateTime timestamp) => new()
    {
        patient_id = patient,
        device_id = "monitor-1",
        timestamp = timestamp,
        heart_rate = 72,
        spo2 = 97,
        systolic_bp = 120,
        diastolic_bp = 80,
        respiratory_rate = 14,
        temperature = 36.8,
        glucose = 100.0,
        consciousness = Consciousness.ALERT,
        on_oxygen = false,
        latitude = 51.5,
        longitude = -0.12,
    };

    public static EnrichedReading Enriched(VitalReading reading, int news2 = 0) => new()
    {
        reading = reading,
        heart_rate_status = reading.heart_rate is null ? null : VitalStatus.NORMAL,
        spo2_status = reading.spo2 is null ? null : VitalStatus.NORMAL,
        status = news2 >= 7 ? VitalStatus.CRITICAL_HIGH : news2 > 0 ? VitalStatus.WARNING : VitalStatus.NORMAL,
        news2_score = news2,
        news2_risk = news2 switch { 0 => News2Risk.NONE, < 5 => News2Risk.LOW, < 7 => News2Risk.MEDIUM, _ => News2Risk.HIGH },
        news2_complete = true,
        rolling_count = 1,
    };

    public static EnrichedReading Enriched(string patient, DateTime timestamp, int news2 = 0) => Enriched(Reading(patient, timestamp), news2);

    public static VitalStats Stats(string patient, DateTime windowStart) => new()
    {
        patient_id = patient,
        window_start = windowStart,
        window_end = windowStart.AddMinutes(1),
        reading_count = 4,
        heart_rate_min = 70,
        heart_rate_max = 80,
        heart_rate_mean = 74.5,
        spo2_min = 95,
        spo2_max = 98,
        spo2_mean = 96.25,
        news2_max = 2,
    };

    /// <summary>An event of a NEWS2 episode opened at <see cref="Start"/>: RAISED (0), ESCALATED to CRITICAL (1) or RESOLVED (2), or any other state (3).</summary>
    public static Alert Alert(string patient, AlertState state, DateTime timestamp) => new()
    {
        alert_id = $"{patient}:CLINICAL:{new DateTimeOffset(Start).ToUnixTimeMilliseconds()}",
        patient_id = patient,
        kind = EpisodeKind.CLINICAL,
        sequence = state switch { AlertState.RAISED => 0, AlertState.ESCALATED => 1, AlertState.RESOLVED => 2, _ => 3 },
        rule = AlertRule.NEWS2,
        severity = state == AlertState.RAISED ? AlertSeverity.WARNING : AlertSeverity.CRITICAL,
        state = state,
        timestamp = timestamp,
        episode_start = Start,
        news2_score = 6,
        vital = null,
        trigger_values = new Dictionary<string, double> { ["news2"] = 6 },
        message = $"Patient {patient}: NEWS2 6 (medium risk).",
        findings =
        [
            new AlertFinding
            {
                rule = "NEWS2", severity = AlertSeverity.WARNING, since = Start.AddSeconds(-15), confirmed_at = Start,
                values = new Dictionary<string, double> { ["news2"] = 6 }, message = "NEWS2 6 (medium risk)",
            },
        ],
        vitals = new Dictionary<string, double> { ["heart_rate"] = 118, ["spo2"] = 93 },
        device_id = "monitor-1",
    };
}
