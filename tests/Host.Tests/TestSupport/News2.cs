using pulse.vitals;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// The NEWS2 table and validity ranges of docs/VITALS-TOPOLOGY.md, written out again for the simulator's tests (which
/// must not depend on src/Vitals): a score over the vitals present, and whether the topology would
/// accept the reading.
/// </summary>
internal static class News2
{
    public static int Score(VitalReading r) =>
        Respiration(r.respiratory_rate) + Saturation(r.spo2) + (r.on_oxygen == true ? 2 : 0) + Systolic(r.systolic_bp)
        + Pulse(r.heart_rate) + (r.consciousness is null or Consciousness.ALERT ? 0 : 3) + Temperature(r.temperature);

    /// <summary>The validity rules (docs/VITALS-TOPOLOGY.md): impossible values, diastolic not below systolic, no patient, no vital.</summary>
    public static bool IsValid(VitalReading r) =>
        !string.IsNullOrEmpty(r.patient_id)
        && In(r.heart_rate, 1, 299) && In(r.spo2, 1, 100) && In(r.systolic_bp, 1, 399) && In(r.diastolic_bp, 1, 299)
        && !(r.systolic_bp is { } s && r.diastolic_bp is { } d && d >= s)
        && In(r.respiratory_rate, 1, 69) && In(r.temperature, 10, 50) && In(r.glucose, 1, 1000)
        && new double?[] { r.heart_rate, r.spo2, r.systolic_bp, r.diastolic_bp, r.respiratory_rate, r.temperature, r.glucose }.Any(v => v is not null);

    private static int Respiration(int? v) => v switch
    {
        null => 0,
        <= 8 => 3,
        <= 11 => 1,
        <= 20 => 0,
        <= 24 => 2,
        _ => 3,
    };

    private static int Saturation(int? v) => v switch
    {
        null => 0,
        <= 91 => 3,
        <= 93 => 2,
        <= 95 => 1,
        _ => 0,
    };

    private static int Systolic(int? v) => v switch
    {
        null => 0,
        <= 90 => 3,
        <= 100 => 2,
        <= 110 => 1,
        <= 219 => 0,
        _ => 3,
    };

    private static int Pulse(int? v) => v switch
    {
        null => 0,
        <= 40 => 3,
        <= 50 => 1,
        <= 90 => 0,
        <= 110 => 1,
        <= 130 => 2,
        _ => 3,
    };

    private static int Temperature(double? v) => v switch
    {
        null => 0,
        <= 35.0 => 3,
        <= 36.0 => 1,
        <= 38.0 => 0,
        <= 39.0 => 1,
        _ => 2,
    };

    private static bool In(int? value, int min, int max) => value is null || (value >= min && value <= max);

    private static bool In(double? value, double min, double max) => value is null || (value >= min && value <= max);
}
