using pulse.vitals;

namespace Pulse.Vitals.Tests.TestSupport;

/// <summary>Builds readings for tests: only the vitals named are present.</summary>
internal static class Reading
{
    public static readonly DateTime Epoch = DateTime.UnixEpoch;

    /// <summary>A reading of <paramref name="patient"/> at <paramref name="atMs"/> ms since the epoch.</summary>
    public static VitalReading Of(string patient, long atMs, int? hr = null, int? spo2 = null, int? sys = null, int? dia = null,
        int? rr = null, double? temp = null, double? glucose = null, Consciousness? consciousness = null, bool? oxygen = null) => new()
    {
        patient_id = patient,
        device_id = "dev-1",
        timestamp = Epoch.AddMilliseconds(atMs),
        heart_rate = hr,
        spo2 = spo2,
        systolic_bp = sys,
        diastolic_bp = dia,
        respiratory_rate = rr,
        temperature = temp,
        glucose = glucose,
        consciousness = consciousness,
        on_oxygen = oxygen,
    };

    /// <summary>A reading with every NEWS2 parameter in its 0 band (and glucose normal).</summary>
    public static VitalReading Normal(string patient, long atMs) =>
        Of(patient, atMs, hr: 70, spo2: 98, sys: 120, dia: 80, rr: 16, temp: 37.0, glucose: 100, consciousness: Consciousness.ALERT, oxygen: false);
}
