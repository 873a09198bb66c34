using System.Globalization;
using System.Text;
using pulse.vitals;
using static System.FormattableString;

namespace Pulse.Vitals.Alerts;

/// <summary>The text of alert events, for a nurse to read, and the NEWS2 trigger values. Only runs when an alert is raised.</summary>
internal static class AlertMessages
{
    /// <summary>The NEWS2 parameters in the chart's order (oxygen comes after SpO2).</summary>
    private static readonly Vital[] News2Vitals =
        [Vital.RespiratoryRate, Vital.Spo2, Vital.SystolicBp, Vital.HeartRate, Vital.Consciousness, Vital.Temperature];

    public static string News2Raised(in RuleInput input) =>
        Invariant($"NEWS2 {input.Enriched.news2_score} ({Risk(input.Enriched.news2_risk)}) for patient {input.PatientId}{Findings(input)}.");

    public static string News2Escalated(in RuleInput input, long episodeStart) =>
        Invariant($"NEWS2 up to {input.Enriched.news2_score} ({Risk(input.Enriched.news2_risk)}) for patient {input.PatientId}{Findings(input)}; episode open since {Clock(episodeStart)}.");

    public static string News2Resolved(in RuleInput input, long episodeStart, long lowFor) =>
        Invariant($"NEWS2 episode of patient {input.PatientId} since {Clock(episodeStart)} resolved: low or no risk for {Duration(lowFor)}, NEWS2 now {input.Enriched.news2_score} ({Risk(input.Enriched.news2_risk)}).");

    public static string SustainedRaised(in RuleInput input, Vital vital, VitalStatus status, long duration, int readings) =>
        Invariant($"{VitalFields.Label(vital)} critically {(status == VitalStatus.CRITICAL_LOW ? "low" : "high")} for patient {input.PatientId}: {VitalFields.Format(input.Reading, vital)} now, critical in all {readings} readings over {Duration(duration)}.");

    public static string SustainedResolved(in RuleInput input, Vital vital, long sinceCritical) =>
        Invariant($"{VitalFields.Label(vital)} no longer critical for patient {input.PatientId}: {VitalFields.Format(input.Reading, vital)} now, last critical value {Duration(sinceCritical)} ago.");

    public static string RapidChange(in RuleInput input, Vital vital, int before, int now, long elapsed) => vital == Vital.Spo2
        ? Invariant($"SpO2 fell {before - now} points in {Duration(elapsed)} for patient {input.PatientId}: {before}% to {now}%.")
        : Invariant($"{VitalFields.Label(vital)} {(now > before ? "rose" : "fell")} {Math.Abs(now - before)} bpm in {Duration(elapsed)} for patient {input.PatientId}: {before} to {now} bpm.");

    /// <summary>The NEWS2 score and the value of each parameter that scored (oxygen as 1).</summary>
    public static Dictionary<string, double> News2Triggers(EnrichedReading enriched)
    {
        var values = new Dictionary<string, double>(8, StringComparer.Ordinal) { ["news2_score"] = enriched.news2_score };
        foreach (var vital in News2Vitals)
            if (Scored(VitalFields.Status(enriched, vital)) && VitalFields.Value(enriched.reading, vital) is { } value)
                values[VitalFields.Name(vital)] = value;
        if (Scored(enriched.oxygen_status)) values["on_oxygen"] = 1;
        return values;
    }

    private static bool Scored(VitalStatus? status) => status is { } s && s != VitalStatus.NORMAL;

    /// <summary>": RR 26/min, SpO2 90%, on oxygen, …" over the parameters that scored, or nothing.</summary>
    private static string Findings(in RuleInput input)
    {
        var text = new StringBuilder();
        foreach (var vital in News2Vitals)
        {
            if (!Scored(VitalFields.Status(input.Enriched, vital))) continue;
            text.Append(text.Length == 0 ? ": " : ", ").Append(Short(vital)).Append(' ').Append(VitalFields.Format(input.Reading, vital));
            if (vital == Vital.Spo2 && Scored(input.Enriched.oxygen_status)) text.Append(", on oxygen");
        }
        if (!Scored(input.Enriched.spo2_status) && Scored(input.Enriched.oxygen_status)) text.Append(text.Length == 0 ? ": " : ", ").Append("on oxygen");
        return text.ToString();
    }

    private static string Short(Vital vital) => vital switch
    {
        Vital.RespiratoryRate => "RR",
        Vital.Spo2 => "SpO2",
        Vital.SystolicBp => "systolic BP",
        Vital.HeartRate => "HR",
        Vital.Consciousness => "ACVPU",
        _ => "temperature",
    };

    private static string Risk(News2Risk risk) => risk switch
    {
        News2Risk.NONE => "no risk",
        News2Risk.LOW => "low risk",
        News2Risk.LOW_MEDIUM => "low-medium risk",
        News2Risk.MEDIUM => "medium risk",
        _ => "high risk",
    };

    /// <summary>"45 s", "2 min", "3 min 10 s".</summary>
    private static string Duration(long millis)
    {
        var seconds = millis / 1000;
        if (seconds < 60) return Invariant($"{seconds} s");
        return seconds % 60 == 0 ? Invariant($"{seconds / 60} min") : Invariant($"{seconds / 60} min {seconds % 60} s");
    }

    private static string Clock(long millis) => AlertEvents.ToDateTime(millis).ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

}
