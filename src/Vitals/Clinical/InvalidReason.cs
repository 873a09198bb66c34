namespace Pulse.Vitals.Clinical;

/// <summary>Why a reading was dead-lettered: a stable code (<see cref="InvalidReasonCodes"/>) and a sentence for people.</summary>
/// <param name="Code">Machine-readable, for example <c>heart_rate.out_of_range</c>.</param>
/// <param name="Detail">Human-readable, for example <c>heart_rate 300 is outside 1–299</c>.</param>
public readonly record struct InvalidReason(string Code, string Detail)
{
    /// <summary><c>code: detail</c>.</summary>
    public override string ToString() => Code + ": " + Detail;
}

/// <summary>The codes of <see cref="InvalidReason"/>.</summary>
public static class InvalidReasonCodes
{
    /// <summary>The value bytes are not a <c>VitalReading</c> (the detail is the deserializer's message).</summary>
    public const string Undeserializable = "value.undeserializable";

    /// <summary>The record has no value (a tombstone).</summary>
    public const string MissingValue = "value.missing";

    /// <summary><c>patient_id</c> is empty or blank.</summary>
    public const string EmptyPatientId = "patient_id.empty";

    /// <summary><c>patient_id</c> is longer than <see cref="ValidityOptions.MaxPatientIdLength"/>.</summary>
    public const string PatientIdTooLong = "patient_id.too_long";

    /// <summary>The record key is not the reading's <c>patient_id</c> (per-patient state needs records keyed by patient).</summary>
    public const string KeyMismatch = "key.mismatch";

    /// <summary>No vital is present.</summary>
    public const string NoVitals = "vitals.none";

    /// <summary>Diastolic pressure is not below systolic.</summary>
    public const string DiastolicNotBelowSystolic = "diastolic_bp.not_below_systolic";

    /// <summary>Heart rate outside its validity range.</summary>
    public const string HeartRateOutOfRange = "heart_rate.out_of_range";

    /// <summary>SpO2 outside its validity range.</summary>
    public const string Spo2OutOfRange = "spo2.out_of_range";

    /// <summary>Systolic pressure outside its validity range.</summary>
    public const string SystolicBpOutOfRange = "systolic_bp.out_of_range";

    /// <summary>Diastolic pressure outside its validity range.</summary>
    public const string DiastolicBpOutOfRange = "diastolic_bp.out_of_range";

    /// <summary>Respiratory rate outside its validity range.</summary>
    public const string RespiratoryRateOutOfRange = "respiratory_rate.out_of_range";

    /// <summary>Temperature outside its validity range (NaN included).</summary>
    public const string TemperatureOutOfRange = "temperature.out_of_range";

    /// <summary>Glucose outside its validity range (NaN included).</summary>
    public const string GlucoseOutOfRange = "glucose.out_of_range";

    /// <summary>Stamped further ahead of the wall clock than <see cref="ValidityOptions.MaxClockSkew"/> allows.</summary>
    public const string TimestampInFuture = "timestamp.in_future";

    /// <summary>Stamped before <see cref="ValidityOptions.Earliest"/> (a device with an unset clock stamps 1970).</summary>
    public const string TimestampTooEarly = "timestamp.too_early";
}
