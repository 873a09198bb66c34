namespace Pulse.Host.Batch;

/// <summary>One patient's day as the batch layer computes it (table <c>daily_patient_stats_batch</c>).</summary>
internal sealed record DailyRow(DateOnly Day, string PatientId, long ReadingCount, IReadOnlyDictionary<string, double?> Vitals, int News2Max,
    IReadOnlyDictionary<string, double> SecondsByRisk)
{
    /// <summary>The vitals with min, max and mean: column prefixes of the table and the view.</summary>
    public static readonly string[] VitalNames = ["heart_rate", "spo2", "systolic_bp", "diastolic_bp", "respiratory_rate", "temperature", "glucose"];

    /// <summary>The NEWS2 risk bands, as News2Risk names them, with the table's column for the time spent in each.</summary>
    public static readonly (string Risk, string Column)[] RiskBands =
        [("NONE", "seconds_none"), ("LOW", "seconds_low"), ("LOW_MEDIUM", "seconds_low_medium"), ("MEDIUM", "seconds_medium"), ("HIGH", "seconds_high")];

    /// <summary>The statistic columns (<c>heart_rate_min</c>, …, <c>glucose_avg</c>) in table order.</summary>
    public static IEnumerable<string> VitalColumns => VitalNames.SelectMany(v => new[] { v + "_min", v + "_max", v + "_avg" });
}
