namespace Pulse.Host.Simulator.Internal.Patients;

/// <summary>
/// The ranges the generator keeps values in. <see cref="NormalLow"/>–<see cref="NormalHigh"/> sits inside NEWS2's 0-score bands
/// (respiration 12–20, SpO2 ≥ 96, systolic 111–219, pulse 51–90, temperature 36.1–38.0) with a
/// margin, so a normal patient's readings score 0 whatever the walk and the noise do;
/// <see cref="PhysiologicalLow"/>–<see cref="PhysiologicalHigh"/> keeps a deteriorating patient's values possible, so that only the
/// deliberate device artefacts are invalid.
/// </summary>
internal static class Bands
{
    public static readonly VitalSet NormalLow = new(HeartRate: 55, Spo2: 96, Systolic: 112, Diastolic: 58, RespiratoryRate: 12, Temperature: 36.2, Glucose: 72);

    public static readonly VitalSet NormalHigh = new(HeartRate: 88, Spo2: 100, Systolic: 165, Diastolic: 95, RespiratoryRate: 20, Temperature: 37.9, Glucose: 160);

    public static readonly VitalSet PhysiologicalLow = new(HeartRate: 30, Spo2: 70, Systolic: 60, Diastolic: 30, RespiratoryRate: 6, Temperature: 34.0, Glucose: 40);

    public static readonly VitalSet PhysiologicalHigh = new(HeartRate: 220, Spo2: 100, Systolic: 240, Diastolic: 140, RespiratoryRate: 45, Temperature: 41.5, Glucose: 500);

    /// <summary>The usual spread of one person's vitals over minutes (the random walk's standard deviation).</summary>
    public static readonly VitalSet WalkSpread = new(HeartRate: 4, Spo2: 0.8, Systolic: 6, Diastolic: 4, RespiratoryRate: 1.2, Temperature: 0.2, Glucose: 10);

    /// <summary>Measurement noise, independent from one reading to the next.</summary>
    public static readonly VitalSet SensorNoise = new(HeartRate: 1.5, Spo2: 0.5, Systolic: 3, Diastolic: 2, RespiratoryRate: 0.6, Temperature: 0.05, Glucose: 3);

    /// <summary>Where healthy baselines are drawn from (uniformly, per vital).</summary>
    public static readonly VitalSet BaselineLow = new(HeartRate: 62, Spo2: 96.5, Systolic: 115, Diastolic: 68, RespiratoryRate: 13, Temperature: 36.5, Glucose: 85);

    public static readonly VitalSet BaselineHigh = new(HeartRate: 80, Spo2: 99, Systolic: 140, Diastolic: 84, RespiratoryRate: 17, Temperature: 37.2, Glucose: 130);
}
