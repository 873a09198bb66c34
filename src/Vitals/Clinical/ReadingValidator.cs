using System.Globalization;
using pulse.vitals;

namespace Pulse.Vitals.Clinical;

/// <summary>
/// Decides whether a reading is possible (docs/VITALS-TOPOLOGY.md): a non-empty patient id equal to the record
/// key, at least one vital (any of the seven measured values, consciousness or on-oxygen) unless it is
/// a discharge (<c>discharged</c>, which needs none), every
/// vital present inside its validity range, diastolic below systolic when both are present, and a
/// timestamp neither before <see cref="ValidityOptions.Earliest"/> nor further ahead of the wall clock than
/// <see cref="ValidityOptions.MaxClockSkew"/>. Every violation is reported, not just the first.
/// Allocates only for invalid readings.
/// </summary>
public static class ReadingValidator
{
    /// <summary>The reasons <paramref name="reading"/> is invalid, or null when it is valid.</summary>
    /// <param name="key">The record key, which must equal the reading's patient id.</param>
    /// <param name="reading">The reading.</param>
    /// <param name="limits">The validity ranges.</param>
    /// <param name="nowMs">The wall clock, ms since the epoch (the task's <c>CurrentSystemTimeMs</c>).</param>
    public static List<InvalidReason>? Validate(string? key, VitalReading reading, ValidityOptions limits, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(limits);
        List<InvalidReason>? reasons = null;
        var patient = reading.patient_id;
        if (string.IsNullOrWhiteSpace(patient))
            Add(ref reasons, InvalidReasonCodes.EmptyPatientId, "patient_id is empty");
        else if (patient.Length > limits.MaxPatientIdLength)
            Add(ref reasons, InvalidReasonCodes.PatientIdTooLong, string.Create(CultureInfo.InvariantCulture,
                $"patient_id is {patient.Length} characters long, more than {limits.MaxPatientIdLength}"));
        if (!string.Equals(key, patient, StringComparison.Ordinal))
            Add(ref reasons, InvalidReasonCodes.KeyMismatch, $"record key {Quote(key)} is not the patient_id {Quote(patient)}");

        if (!reading.discharged && reading.heart_rate is null && reading.spo2 is null && reading.systolic_bp is null && reading.diastolic_bp is null
            && reading.respiratory_rate is null && reading.temperature is null && reading.glucose is null
            && reading.consciousness is null && reading.on_oxygen is null)
            Add(ref reasons, InvalidReasonCodes.NoVitals, "no vital is present");

        Check(ref reasons, reading.heart_rate, limits.HeartRate, "heart_rate", InvalidReasonCodes.HeartRateOutOfRange);
        Check(ref reasons, reading.spo2, limits.Spo2, "spo2", InvalidReasonCodes.Spo2OutOfRange);
        Check(ref reasons, reading.systolic_bp, limits.SystolicBp, "systolic_bp", InvalidReasonCodes.SystolicBpOutOfRange);
        Check(ref reasons, reading.diastolic_bp, limits.DiastolicBp, "diastolic_bp", InvalidReasonCodes.DiastolicBpOutOfRange);
        Check(ref reasons, reading.respiratory_rate, limits.RespiratoryRate, "respiratory_rate", InvalidReasonCodes.RespiratoryRateOutOfRange);
        Check(ref reasons, reading.temperature, limits.Temperature, "temperature", InvalidReasonCodes.TemperatureOutOfRange);
        Check(ref reasons, reading.glucose, limits.Glucose, "glucose", InvalidReasonCodes.GlucoseOutOfRange);

        if (reading.diastolic_bp is int diastolic && reading.systolic_bp is int systolic && diastolic >= systolic)
            Add(ref reasons, InvalidReasonCodes.DiastolicNotBelowSystolic,
                string.Create(CultureInfo.InvariantCulture, $"diastolic_bp {diastolic} is not below systolic_bp {systolic}"));

        var stamped = new DateTimeOffset(DateTime.SpecifyKind(reading.timestamp, DateTimeKind.Utc));
        var now = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        if (stamped > now + limits.MaxClockSkew)
            Add(ref reasons, InvalidReasonCodes.TimestampInFuture, string.Create(CultureInfo.InvariantCulture,
                $"timestamp {stamped:yyyy-MM-ddTHH:mm:ss.fffZ} is more than {limits.MaxClockSkew} ahead of the clock ({now:yyyy-MM-ddTHH:mm:ss.fffZ})"));
        if (stamped < new DateTimeOffset(DateTime.SpecifyKind(limits.Earliest, DateTimeKind.Utc)))
            Add(ref reasons, InvalidReasonCodes.TimestampTooEarly, string.Create(CultureInfo.InvariantCulture,
                $"timestamp {stamped:yyyy-MM-ddTHH:mm:ss.fffZ} is before {limits.Earliest:yyyy-MM-dd} (an unset device clock?)"));
        return reasons;
    }

    private static void Check(ref List<InvalidReason>? reasons, double? value, ValidRange range, string field, string code)
    {
        if (value is double v && !range.Contains(v))
            Add(ref reasons, code, string.Create(CultureInfo.InvariantCulture, $"{field} {v} is outside {range}"));
    }

    private static void Add(ref List<InvalidReason>? reasons, string code, string detail) =>
        (reasons ??= []).Add(new InvalidReason(code, detail));

    /// <summary>Quoted, and cut to 40 characters: a reason names a key, it does not carry a 10 KB one.</summary>
    private static string Quote(string? s) => s is null ? "null" : s.Length <= 40 ? "'" + s + "'" : "'" + s[..40] + "…'";
}
