using pulse.vitals;

namespace Pulse.Vitals.Internal;

/// <summary>
/// A patient's running figures in one stats window, the aggregate of the DSL's windowed
/// aggregation (<see cref="Added"/> changes it in place). Invariant: each vital's
/// <see cref="IntStat.Count"/> is the number of readings that had it, and its min, max and sum
/// are over exactly those (meaningless while the count is 0).
/// </summary>
internal sealed class WindowStats
{
    public int Count;
    public int News2Max;
    public long MaxTimestamp = long.MinValue;
    public IntStat HeartRate;
    public IntStat Spo2;
    public IntStat SystolicBp;
    public IntStat DiastolicBp;
    public IntStat RespiratoryRate;
    public DoubleStat Temperature;
    public DoubleStat Glucose;

    /// <summary>This aggregate with <paramref name="enriched"/>, read at <paramref name="timestamp"/>, added in place.</summary>
    public WindowStats Added(EnrichedReading enriched, long timestamp)
    {
        Add(enriched, timestamp);
        return this;
    }

    public void Add(EnrichedReading enriched, long timestamp)
    {
        var r = enriched.reading;
        Count++;
        if (enriched.news2_score > News2Max) News2Max = enriched.news2_score;
        if (timestamp > MaxTimestamp) MaxTimestamp = timestamp;
        if (r.heart_rate is int hr) HeartRate.Add(hr);
        if (r.spo2 is int spo2) Spo2.Add(spo2);
        if (r.systolic_bp is int systolic) SystolicBp.Add(systolic);
        if (r.diastolic_bp is int diastolic) DiastolicBp.Add(diastolic);
        if (r.respiratory_rate is int rr) RespiratoryRate.Add(rr);
        if (r.temperature is double temperature) Temperature.Add(temperature);
        if (r.glucose is double glucose) Glucose.Add(glucose);
    }

    /// <summary>The published record of the window [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public VitalStats ToRecord(string patientId, long start, long end) => new()
    {
        patient_id = patientId,
        window_start = Timestamps.ToDateTime(start),
        window_end = Timestamps.ToDateTime(end),
        reading_count = Count,
        heart_rate_min = HeartRate.Min, heart_rate_max = HeartRate.Max, heart_rate_mean = HeartRate.Mean,
        spo2_min = Spo2.Min, spo2_max = Spo2.Max, spo2_mean = Spo2.Mean,
        systolic_bp_min = SystolicBp.Min, systolic_bp_max = SystolicBp.Max, systolic_bp_mean = SystolicBp.Mean,
        diastolic_bp_min = DiastolicBp.Min, diastolic_bp_max = DiastolicBp.Max, diastolic_bp_mean = DiastolicBp.Mean,
        respiratory_rate_min = RespiratoryRate.Min, respiratory_rate_max = RespiratoryRate.Max, respiratory_rate_mean = RespiratoryRate.Mean,
        temperature_min = Temperature.Min, temperature_max = Temperature.Max, temperature_mean = Temperature.Mean,
        glucose_min = Glucose.Min, glucose_max = Glucose.Max, glucose_mean = Glucose.Mean,
        news2_max = News2Max,
    };
}

/// <summary>Count, min, max and sum of an integer vital; the figures are null while the count is 0.</summary>
internal struct IntStat
{
    public int Count;
    public int Low;
    public int High;
    public long Sum;

    public void Add(int value)
    {
        if (Count == 0 || value < Low) Low = value;
        if (Count == 0 || value > High) High = value;
        Count++;
        Sum += value;
    }

    public readonly int? Min => Count == 0 ? null : Low;
    public readonly int? Max => Count == 0 ? null : High;
    public readonly double? Mean => Count == 0 ? null : (double)Sum / Count;
}

/// <summary>Count, min, max and sum of a real-valued vital; the figures are null while the count is 0.</summary>
internal struct DoubleStat
{
    public int Count;
    public double Low;
    public double High;
    public double Sum;

    public void Add(double value)
    {
        if (Count == 0 || value < Low) Low = value;
        if (Count == 0 || value > High) High = value;
        Count++;
        Sum += value;
    }

    public readonly double? Min => Count == 0 ? null : Low;
    public readonly double? Max => Count == 0 ? null : High;
    public readonly double? Mean => Count == 0 ? null : Sum / Count;
}
