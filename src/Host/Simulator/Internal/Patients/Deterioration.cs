namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>What a deteriorating patient drifts into.</summary>
internal enum DeteriorationPattern
{
    /// <summary>Tachycardia, tachypnoea, fever, falling blood pressure, then new confusion.</summary>
    Sepsis,

    /// <summary>Falling saturation, tachypnoea and tachycardia; put on oxygen; confused at the end.</summary>
    Hypoxia,
}

/// <summary>
/// A deterioration's course: where each pattern ends up (its targets score NEWS2 well above 7:
/// sepsis about 15, hypoxia about 13) and how far along a patient is at a moment.
/// </summary>
internal static class Deterioration
{
    /// <summary>Where <paramref name="pattern"/> takes a patient whose healthy values are <paramref name="baseline"/>.</summary>
    public static VitalSet Target(DeteriorationPattern pattern, VitalSet baseline) => pattern switch
    {
        DeteriorationPattern.Sepsis => new(HeartRate: 138, Spo2: 94, Systolic: 84, Diastolic: 46, RespiratoryRate: 28, Temperature: 39.6, Glucose: 190),
        _ => baseline with { HeartRate = 118, Spo2 = 85, RespiratoryRate = 30, Temperature = 37.6, Systolic = baseline.Systolic + 6, Diastolic = baseline.Diastolic + 4 },
    };

    /// <summary>
    /// How far along the deterioration is, 0 (not started) to 1 (the full pattern): a smooth step
    /// from <paramref name="onset"/> over <paramref name="span"/>.
    /// </summary>
    public static double Severity(TimeSpan sinceStart, TimeSpan onset, TimeSpan span)
    {
        var x = Math.Clamp((sinceStart - onset) / span, 0, 1);
        return x * x * (3 - 2 * x);
    }

    /// <summary>From this severity on, the patient is newly confused.</summary>
    public static double ConfusionFrom(DeteriorationPattern pattern) => pattern == DeteriorationPattern.Sepsis ? 0.8 : 0.9;

    /// <summary>From this severity on, the patient is on supplemental oxygen; never for sepsis here.</summary>
    public static double OxygenFrom(DeteriorationPattern pattern) => pattern == DeteriorationPattern.Hypoxia ? 0.4 : double.PositiveInfinity;
}
