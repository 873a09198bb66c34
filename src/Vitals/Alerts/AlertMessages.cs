using System.Globalization;
using System.Text;
using pulse.vitals;
using static System.FormattableString;

namespace Pulse.Vitals.Alerts;

/// <summary>The text of findings and alert events, for a nurse to read, and the NEWS2 values. Runs only when something holds.</summary>
internal static class AlertMessages
{
    /// <summary>The NEWS2 parameters in the chart's order (oxygen comes after SpO2).</summary>
    private static readonly Vital[] News2Vitals =
        [Vital.RespiratoryRate, Vital.Spo2, Vital.SystolicBp, Vital.HeartRate, Vital.Consciousness, Vital.Temperature];

    /// <summary>"NEWS2 8 (high risk): RR 24/min, SpO2 92% on oxygen, temperature 39.2 °C".</summary>
    public static string News2(EnrichedReading enriched) =>
        Invariant($"NEWS2 {enriched.news2_score} ({Risk(enriched.news2_risk)}){ScoredParameters(enriched)}");

    /// <summary>The NEWS2 score and the value of each parameter that scored (oxygen as 1).</summary>
    public static Dictionary<string, double> News2Values(EnrichedReading enriched)
    {
        var values = new Dictionary<string, double>(8, StringComparer.Ordinal) { ["news2_score"] = enriched.news2_score };
        foreach (var vital in News2Vitals)
            if (Scored(VitalFields.Status(enriched, vital)) && VitalFields.Value(enriched.reading, vital) is { } value)
                values[VitalFields.Name(vital)] = value;
        if (Scored(enriched.oxygen_status)) values["on_oxygen"] = 1;
        return values;
    }

    /// <summary>"SpO2 critically low: 85% now, critical in all 5 readings over 1 min 20 s".</summary>
    public static string Sustained(VitalReading reading, Vital vital, VitalStatus status, long duration, int readings) =>
        Invariant($"{VitalFields.Label(vital)} {(vital == Vital.Consciousness ? "altered" : status == VitalStatus.CRITICAL_LOW ? "critically low" : "critically high")}: {VitalFields.Format(reading, vital)} now, critical in all {readings} readings over {Duration(duration)}");

    /// <summary>"Heart rate 128 bpm, 35 bpm above its rolling mean (93 bpm)" or "SpO2 89%, 6 points below its rolling mean (95%)".</summary>
    public static string RapidChange(Vital vital, int now, double mean)
    {
        var change = Math.Abs(now - mean);
        var unit = vital == Vital.Spo2 ? "points" : "bpm";
        return Invariant($"{VitalFields.Label(vital)} {VitalFields.Format(vital, now)}, {change:0} {unit} {(now > mean ? "above" : "below")} its rolling mean ({VitalFields.Format(vital, mean)})");
    }

    public static string Raised(string patient, IReadOnlyList<Finding> findings) =>
        Invariant($"Patient {patient}: {Listed(findings)}.");

    public static string Escalated(string patient, AlertSeverity severity, IReadOnlyList<Finding> findings) =>
        Invariant($"Patient {patient} now {severity}: {Listed(findings)}.");

    public static string Updated(string patient, Finding? added, IReadOnlyList<Finding> cleared, IReadOnlyList<Finding> findings)
    {
        var changes = new List<string>(1 + cleared.Count);
        if (added is not null) changes.Add("also " + added.Message);
        changes.AddRange(cleared.Select(f => Title(f) + " no longer holds"));
        return Invariant($"Patient {patient}: {(changes.Count == 0 ? Listed(findings) : string.Join("; ", changes))}.");
    }

    public static string Resolved(string patient, long episodeStart, IReadOnlyList<Finding> cleared) =>
        Invariant($"Patient {patient}: episode since {Clock(episodeStart)} resolved, every finding cleared ({string.Join(", ", cleared.Select(Title))}).");

    public static string Closed(string patient, string why) => Invariant($"Patient {patient}: episode closed, {why}.");

    public static string Reminded(string patient, int reminder, int of, long unacknowledgedMs, IReadOnlyList<Finding> findings) =>
        Invariant($"Reminder {reminder} of {of}: patient {patient} CRITICAL, not acknowledged for {Duration(unacknowledgedMs)}. {Capital(Listed(findings))}.");

    public static string Acknowledged(string patient, string by, string? note) =>
        Invariant($"Patient {patient}: acknowledged by {by}{(string.IsNullOrWhiteSpace(note) ? "" : ": " + note)}.");

    public static string NoData(string patient, string? device, long silentMs) =>
        Invariant($"No readings from patient {patient} for {Duration(silentMs)}{(device is null ? "" : " (device " + device + ")")}: check the monitor.");

    /// <summary>The NO_DATA finding: "no readings for 75 s (device monitor-4)".</summary>
    public static string Silent(string? device, long silentMs) =>
        Invariant($"no readings for {Duration(silentMs)}{(device is null ? "" : " (device " + device + ")")}");

    public static string DataBack(string patient, long silentMs) =>
        Invariant($"Readings from patient {patient} again, after {Duration(silentMs)} without.");

    /// <summary>"NEWS2" or "SUSTAINED spo2".</summary>
    public static string Title(Finding finding) => finding.Vital is null ? finding.Rule : finding.Rule + " " + finding.Vital;

    /// <summary>"45 s", "2 min", "3 min 10 s", "1 h 5 min".</summary>
    public static string Duration(long millis)
    {
        var seconds = Math.Max(0, millis) / 1000;
        if (seconds < 60) return Invariant($"{seconds} s");
        if (seconds >= 3600) return seconds % 3600 / 60 == 0 ? Invariant($"{seconds / 3600} h") : Invariant($"{seconds / 3600} h {seconds % 3600 / 60} min");
        return seconds % 60 == 0 ? Invariant($"{seconds / 60} min") : Invariant($"{seconds / 60} min {seconds % 60} s");
    }

    private static string Listed(IReadOnlyList<Finding> findings) => findings.Count switch
    {
        0 => "no finding",
        1 => findings[0].Message,
        _ => findings[0].Message + "; also " + string.Join("; ", findings.Skip(1).Select(f => f.Message)),
    };

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static bool Scored(VitalStatus? status) => status is { } s && s != VitalStatus.NORMAL;

    /// <summary>": RR 26/min, SpO2 90% on oxygen, …" over the parameters that scored, or nothing.</summary>
    private static string ScoredParameters(EnrichedReading enriched)
    {
        var text = new StringBuilder();
        foreach (var vital in News2Vitals)
        {
            if (!Scored(VitalFields.Status(enriched, vital))) continue;
            text.Append(text.Length == 0 ? ": " : ", ").Append(Short(vital)).Append(' ').Append(VitalFields.Format(enriched.reading, vital));
            if (vital == Vital.Spo2 && Scored(enriched.oxygen_status)) text.Append(" on oxygen");
        }
        if (!Scored(enriched.spo2_status) && Scored(enriched.oxygen_status)) text.Append(text.Length == 0 ? ": " : ", ").Append("on oxygen");
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

    private static string Clock(long millis) => AlertEvents.ToDateTime(millis).ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
