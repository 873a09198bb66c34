namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>
/// Who a simulated patient is: stable ids, where they are, their healthy values, and whether and
/// when they deteriorate. <see cref="Seed"/> seeds the patient's own random sequence.
/// </summary>
internal sealed record PatientProfile(
    int Number,
    string PatientId,
    string DeviceId,
    double Latitude,
    double Longitude,
    VitalSet Baseline,
    DeteriorationPattern? Pattern,
    TimeSpan Onset,
    int Seed)
{
    /// <summary><c>P-0001</c> for patient 1; more digits past 9999.</summary>
    public static string IdOf(int number) => $"P-{number:D4}";

    /// <summary><c>DEV-0001</c>: the monitor of patient 1.</summary>
    public static string DeviceOf(int number) => $"DEV-{number:D4}";
}
