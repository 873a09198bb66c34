using pulse.vitals;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>
/// Enriched readings for alert tests: <see cref="At"/> makes a complete normal reading (NEWS2 0) at
/// <see cref="T0"/> plus some seconds; the extension methods set what a test is about (statuses are
/// given, not scored: the alert stage trusts the enrichment).
/// </summary>
internal static class AlertReadings
{
    public const string Patient = "P-17";
    public const string Device = "monitor-4";
    public const double Latitude = 52.5200, Longitude = 13.4050;

    public static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    public static long Ms(double seconds) => new DateTimeOffset(T0.AddSeconds(seconds)).ToUnixTimeMilliseconds();

    public static EnrichedReading At(double seconds, string patient = Patient) => new()
    {
        reading = new VitalReading
        {
            patient_id = patient, device_id = Device, timestamp = T0.AddSeconds(seconds),
            heart_rate = 75, spo2 = 97, systolic_bp = 125, diastolic_bp = 80, respiratory_rate = 16, temperature = 36.8,
            glucose = 100, consciousness = Consciousness.ALERT, on_oxygen = false, latitude = Latitude, longitude = Longitude,
        },
        heart_rate_status = VitalStatus.NORMAL, spo2_status = VitalStatus.NORMAL, systolic_bp_status = VitalStatus.NORMAL,
        respiratory_rate_status = VitalStatus.NORMAL, temperature_status = VitalStatus.NORMAL, glucose_status = VitalStatus.NORMAL,
        consciousness_status = VitalStatus.NORMAL, oxygen_status = VitalStatus.NORMAL,
        status = VitalStatus.NORMAL, news2_score = 0, news2_risk = News2Risk.NONE, news2_complete = true, rolling_count = 1,
    };

    public static EnrichedReading News2(this EnrichedReading r, int score, News2Risk risk)
    {
        r.news2_score = score;
        r.news2_risk = risk;
        return r;
    }

    /// <summary>Sets the heart rate (null removes it, with its status).</summary>
    public static EnrichedReading HeartRate(this EnrichedReading r, int? bpm, VitalStatus status = VitalStatus.NORMAL)
    {
        r.reading.heart_rate = bpm;
        r.heart_rate_status = bpm is null ? null : status;
        return r;
    }

    public static EnrichedReading Spo2(this EnrichedReading r, int? percent, VitalStatus status = VitalStatus.NORMAL)
    {
        r.reading.spo2 = percent;
        r.spo2_status = percent is null ? null : status;
        return r;
    }

    public static EnrichedReading RespiratoryRate(this EnrichedReading r, int? perMinute, VitalStatus status = VitalStatus.NORMAL)
    {
        r.reading.respiratory_rate = perMinute;
        r.respiratory_rate_status = perMinute is null ? null : status;
        return r;
    }

    /// <summary>Sets the rolling figures: <paramref name="count"/> readings in the window, with these means.</summary>
    public static EnrichedReading Rolling(this EnrichedReading r, int count, double? heartRateMean = null, double? spo2Mean = null)
    {
        (r.rolling_count, r.rolling_heart_rate_mean, r.rolling_spo2_mean) = (count, heartRateMean, spo2Mean);
        return r;
    }

    public static EnrichedReading OnOxygen(this EnrichedReading r)
    {
        r.reading.on_oxygen = true;
        r.oxygen_status = VitalStatus.WARNING;
        return r;
    }

    public static EnrichedReading WithoutLocation(this EnrichedReading r)
    {
        (r.reading.latitude, r.reading.longitude, r.reading.device_id) = (null, null, null);
        return r;
    }

    public static EnrichedReading Temperature(this EnrichedReading r, double? celsius, VitalStatus status = VitalStatus.NORMAL)
    {
        r.reading.temperature = celsius;
        r.temperature_status = celsius is null ? null : status;
        return r;
    }

    /// <summary>A reading at NEWS2 8 (high risk): RR 24, SpO2 92% on oxygen, temperature 39.2 °C (2 points each).</summary>
    public static EnrichedReading High(double seconds, string patient = Patient) =>
        At(seconds, patient).News2(8, News2Risk.HIGH).RespiratoryRate(24, VitalStatus.WARNING).Spo2(92, VitalStatus.WARNING).OnOxygen()
            .Temperature(39.2, VitalStatus.WARNING);

    /// <summary>A reading at NEWS2 5 (medium risk): RR 23, SpO2 93%, temperature 38.5 °C.</summary>
    public static EnrichedReading Medium(double seconds, string patient = Patient) =>
        At(seconds, patient).News2(5, News2Risk.MEDIUM).RespiratoryRate(23, VitalStatus.WARNING).Spo2(93, VitalStatus.WARNING)
            .Temperature(38.5, VitalStatus.WARNING);

    /// <summary>A reading at NEWS2 4 with RR 7 scoring 3 (low-medium risk).</summary>
    public static EnrichedReading LowMedium(double seconds, string patient = Patient) =>
        At(seconds, patient).News2(4, News2Risk.LOW_MEDIUM).RespiratoryRate(7, VitalStatus.CRITICAL_LOW).Temperature(38.5, VitalStatus.WARNING);

    /// <summary>A reading at NEWS2 2 (low risk): RR 21.</summary>
    public static EnrichedReading Low(double seconds, string patient = Patient) =>
        At(seconds, patient).News2(2, News2Risk.LOW).RespiratoryRate(21, VitalStatus.WARNING);
}
