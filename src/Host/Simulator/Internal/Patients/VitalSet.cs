namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>One value of each continuous vital, as the generator works with them (unrounded).</summary>
internal readonly record struct VitalSet(
    double HeartRate,
    double Spo2,
    double Systolic,
    double Diastolic,
    double RespiratoryRate,
    double Temperature,
    double Glucose)
{
    /// <summary>How many vitals a set holds; <see cref="this[int]"/> indexes them in declaration order.</summary>
    public const int Count = 7;

    public double this[int index] => index switch
    {
        0 => HeartRate,
        1 => Spo2,
        2 => Systolic,
        3 => Diastolic,
        4 => RespiratoryRate,
        5 => Temperature,
        6 => Glucose,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public static VitalSet From(ReadOnlySpan<double> values) =>
        new(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);

    /// <summary>The point <paramref name="share"/> of the way from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static VitalSet Lerp(VitalSet from, VitalSet to, double share)
    {
        Span<double> values = stackalloc double[Count];
        for (var i = 0; i < Count; i++) values[i] = from[i] + share * (to[i] - from[i]);
        return From(values);
    }
}
