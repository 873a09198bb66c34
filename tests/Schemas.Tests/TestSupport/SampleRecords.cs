using Avro.Specific;
using pulse.vitals;

namespace Pulse.Schemas.Tests.TestSupport;

/// <summary>One fully populated instance of every generated record, and a field-by-field comparison.</summary>
public static class SampleRecords
{
    public static readonly DateTime At = new(2026, 3, 1, 8, 30, 15, 250, DateTimeKind.Utc);

    public static VitalReading Reading(string patient = "patient-7") => new()
    {
        patient_id = patient, device_id = "monitor-3", timestamp = At,
        heart_rate = 112, spo2 = 93, systolic_bp = 98, diastolic_bp = 61, respiratory_rate = 23,
        temperature = 38.4, glucose = 143.5, consciousness = Consciousness.ALERT, on_oxygen = true,
        latitude = 51.5072, longitude = -0.1276,
    };

    /// <summary>A reading with every optional vital absent (null, never zero).</summary>
    public static VitalReading SparseReading() => new() { patient_id = "patient-8", timestamp = At, heart_rate = 64 };

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

    public static VitalStats Stats() => new()
    {
        patient_id = "patient-7", window_start = At.AddSeconds(-15), window_end = At.AddSeconds(45), reading_count = 12,
        heart_rate_min = 98, heart_rate_max = 120, heart_rate_mean = 109.5, spo2_min = 91, spo2_max = 95, spo2_mean = 93.1,
        systolic_bp_min = 95, systolic_bp_max = 104, systolic_bp_mean = 99.0, diastolic_bp_min = 58, diastolic_bp_max = 66,
        diastolic_bp_mean = 61.2, respiratory_rate_min = 20, respiratory_rate_max = 25, respiratory_rate_mean = 22.4,
        temperature_min = 38.1, temperature_max = 38.6, temperature_mean = 38.3, glucose_min = 120.0,
        glucose_max = 150.0, glucose_mean = 140.2, news2_max = 9,
    };

    public static Alert Alert() => new()
    {
        alert_id = "patient-7:NEWS2:1772353815250", patient_id = "patient-7", rule = AlertRule.NEWS2,
        severity = AlertSeverity.CRITICAL, state = AlertState.RAISED, timestamp = At, episode_start = At.AddMinutes(-2),
        news2_score = 9, vital = "heart_rate", trigger_values = new Dictionary<string, double> { ["news2"] = 9, ["heart_rate"] = 112 },
        message = "NEWS2 9 (high): urgent response", device_id = "monitor-3", latitude = 51.5072, longitude = -0.1276,
        kind = EpisodeKind.CLINICAL, sequence = 2, findings = [Finding()],
        vitals = new Dictionary<string, double> { ["heart_rate"] = 112, ["spo2"] = 91, ["on_oxygen"] = 1 },
        acknowledged_by = "nurse.kim", acknowledged_at = At.AddMinutes(1), reminders = 1,
    };

    public static AlertFinding Finding() => new()
    {
        rule = "NEWS2", vital = null, severity = AlertSeverity.CRITICAL, since = At.AddMinutes(-2), confirmed_at = At.AddMinutes(-2),
        values = new Dictionary<string, double> { ["news2_score"] = 9 }, message = "NEWS2 9 (high risk)",
    };

    public static AlertAck Ack() => new()
    {
        patient_id = "patient-7", episode_id = "patient-7:CLINICAL:1772353815250", acknowledged_by = "nurse.kim", timestamp = At, note = "at the bedside",
    };

    public static VehiclePosition Position() => new()
    {
        vehicle_id = "ambulance-2", timestamp = At, latitude = 51.51, longitude = -0.12, available = false,
    };

    public static DispatchOrder Order() => new()
    {
        order_id = "order-1", alert_id = "patient-7:NEWS2:1772353815250", patient_id = "patient-7",
        vehicle_id = "ambulance-2", timestamp = At, patient_latitude = 51.5072, patient_longitude = -0.1276,
        distance_km = 0.41, reason = "NEWS2 9 (high): urgent response",
    };

    /// <summary>The full name of every record of avro/.</summary>
    public static TheoryData<string> FullNames() => [.. SchemaCatalog.Records.Select(r => r.Fullname)];

    /// <summary>The sample of the record named <paramref name="fullName"/>; a record without one fails the test.</summary>
    public static ISpecificRecord ByFullName(string fullName) => fullName switch
    {
        "pulse.vitals.VitalReading" => Reading(),
        "pulse.vitals.EnrichedReading" => Enriched(),
        "pulse.vitals.VitalStats" => Stats(),
        "pulse.vitals.Alert" => Alert(),
        "pulse.vitals.AlertFinding" => Finding(),
        "pulse.vitals.AlertAck" => Ack(),
        "pulse.vitals.VehiclePosition" => Position(),
        "pulse.vitals.DispatchOrder" => Order(),
        _ => throw new Xunit.Sdk.XunitException($"No sample for {fullName}: add one to SampleRecords."),
    };

    /// <summary>Asserts that two records hold the same values, field by field, nested records, arrays and maps included.</summary>
    public static void AssertSame(ISpecificRecord expected, ISpecificRecord actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var field in ((Avro.RecordSchema)expected.Schema).Fields)
            AssertSame(expected.Get(field.Pos), actual.Get(field.Pos), $"{expected.Schema.Name}.{field.Name}");
    }

    private static void AssertSame(object? want, object? got, string path)
    {
        switch (want)
        {
            case ISpecificRecord nested:
                AssertSame(nested, Assert.IsAssignableFrom<ISpecificRecord>(got));
                break;
            case System.Collections.IDictionary map:
                var other = Assert.IsAssignableFrom<System.Collections.IDictionary>(got);
                Assert.True(map.Count == other.Count, $"{path}: expected {map.Count} entries, got {other.Count}");
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    Assert.True(other.Contains(entry.Key), $"{path}: no key '{entry.Key}'");
                    AssertSame(entry.Value, other[entry.Key], $"{path}[{entry.Key}]");
                }
                break;
            case System.Collections.IEnumerable items when want is not string:
                var wanted = items.Cast<object?>().ToList();
                var gotten = Assert.IsAssignableFrom<System.Collections.IEnumerable>(got).Cast<object?>().ToList();
                Assert.True(wanted.Count == gotten.Count, $"{path}: expected {wanted.Count} items, got {gotten.Count}");
                for (var i = 0; i < wanted.Count; i++)
                    AssertSame(wanted[i], gotten[i], $"{path}[{i}]");
                break;
            default:
                Assert.True(Equals(want, got), $"{path}: expected {want ?? "null"}, got {got ?? "null"}");
                break;
        }
    }
}
