using System.Globalization;
using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>The vitals with a status, in the order the SUSTAINED state keeps them (the order is part of its encoding).</summary>
internal enum Vital : byte
{
    HeartRate,
    Spo2,
    SystolicBp,
    RespiratoryRate,
    Temperature,
    Glucose,
    Consciousness,
}

/// <summary>What the alert rules read and write about each <see cref="Vital"/>: names, statuses, values, text.</summary>
internal static class VitalFields
{
    /// <summary>How many <see cref="Vital"/>s there are.</summary>
    public const int Count = 7;

    /// <summary>Every <see cref="Name"/>, indexed by <see cref="Vital"/>.</summary>
    public static readonly string[] Names = [.. Enumerable.Range(0, Count).Select(i => Name((Vital)i))];

    /// <summary>The vital whose <see cref="Name"/> is <paramref name="name"/>.</summary>
    public static Vital Parse(string name)
    {
        var index = Array.IndexOf(Names, name);
        return index >= 0 ? (Vital)index : throw new ArgumentOutOfRangeException(nameof(name), name, "Not the name of a vital with a status.");
    }

    /// <summary>The snake_case field name of <see cref="VitalReading"/> (Alert.vital, trigger value keys).</summary>
    public static string Name(Vital vital) => vital switch
    {
        Vital.HeartRate => "heart_rate",
        Vital.Spo2 => "spo2",
        Vital.SystolicBp => "systolic_bp",
        Vital.RespiratoryRate => "respiratory_rate",
        Vital.Temperature => "temperature",
        Vital.Glucose => "glucose",
        _ => "consciousness",
    };

    /// <summary>The name a nurse reads at the start of a sentence.</summary>
    public static string Label(Vital vital) => vital switch
    {
        Vital.HeartRate => "Heart rate",
        Vital.Spo2 => "SpO2",
        Vital.SystolicBp => "Systolic blood pressure",
        Vital.RespiratoryRate => "Respiratory rate",
        Vital.Temperature => "Temperature",
        Vital.Glucose => "Blood glucose",
        _ => "Consciousness",
    };

    /// <summary>The vital's status in <paramref name="reading"/>; null when the reading lacks the vital.</summary>
    public static VitalStatus? Status(EnrichedReading reading, Vital vital) => vital switch
    {
        Vital.HeartRate => reading.heart_rate_status,
        Vital.Spo2 => reading.spo2_status,
        Vital.SystolicBp => reading.systolic_bp_status,
        Vital.RespiratoryRate => reading.respiratory_rate_status,
        Vital.Temperature => reading.temperature_status,
        Vital.Glucose => reading.glucose_status,
        _ => reading.consciousness_status,
    };

    /// <summary>The vital's value as a number (consciousness: its ACVPU position, 0 alert to 4 unresponsive); null when absent.</summary>
    public static double? Value(VitalReading reading, Vital vital) => vital switch
    {
        Vital.HeartRate => reading.heart_rate,
        Vital.Spo2 => reading.spo2,
        Vital.SystolicBp => reading.systolic_bp,
        Vital.RespiratoryRate => reading.respiratory_rate,
        Vital.Temperature => reading.temperature,
        Vital.Glucose => reading.glucose,
        _ => (double?)reading.consciousness,
    };

    /// <summary>The vital's value with its unit ("120 bpm", "91%", "38.6 °C", "voice"); "?" when absent.</summary>
    public static string Format(VitalReading reading, Vital vital) => Value(reading, vital) is { } value ? Format(vital, value) : "?";

    /// <summary>A numeric value of <paramref name="vital"/> with its unit.</summary>
    public static string Format(Vital vital, double value) => vital switch
    {
        Vital.HeartRate => string.Create(CultureInfo.InvariantCulture, $"{value:0} bpm"),
        Vital.Spo2 => string.Create(CultureInfo.InvariantCulture, $"{value:0}%"),
        Vital.SystolicBp => string.Create(CultureInfo.InvariantCulture, $"{value:0} mmHg"),
        Vital.RespiratoryRate => string.Create(CultureInfo.InvariantCulture, $"{value:0}/min"),
        Vital.Temperature => string.Create(CultureInfo.InvariantCulture, $"{value:0.0} °C"),
        Vital.Glucose => string.Create(CultureInfo.InvariantCulture, $"{value:0} mg/dL"),
        _ => ((Consciousness)(int)value).ToString().ToLowerInvariant(),
    };

    /// <summary>Whether <paramref name="status"/> is critical on either side (a NEWS2 sub-score of 3, or glucose's outer bands).</summary>
    public static bool IsCritical(VitalStatus? status) => status is VitalStatus.CRITICAL_LOW or VitalStatus.CRITICAL_HIGH;
}
