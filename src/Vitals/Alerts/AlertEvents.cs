using System.Globalization;
using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>Makes alert events from a patient's episode: deterministic ids, findings in order, the latest reading's figures.</summary>
internal static class AlertEvents
{
    /// <summary>An episode's id, the same for each of its events: <c>{patient}:{kind}:{startMs}</c>.</summary>
    public static string EpisodeId(string patientId, EpisodeKind kind, long start) =>
        string.Create(CultureInfo.InvariantCulture, $"{patientId}:{kind}:{start}");

    /// <summary>
    /// The event <paramref name="state"/> of <paramref name="episode"/> (whose <see cref="Episode.Sequence"/>
    /// is already this event's) at <paramref name="time"/>, carrying <paramref name="findings"/> (most
    /// severe first; the first leads: its rule, vital and values are the event's).
    /// </summary>
    public static Alert Create(string patientId, PatientAlertState patient, Episode episode, AlertState state, long time, string message,
        IReadOnlyList<Finding> findings)
    {
        var lead = findings.Count > 0 ? findings[0] : null;
        var latest = episode.Kind == EpisodeKind.CLINICAL ? patient.Latest : null;
        var avroFindings = new List<AlertFinding>(findings.Count);
        foreach (var finding in findings) avroFindings.Add(finding.ToAvro());
        return new Alert
        {
            alert_id = episode.Id(patientId),
            patient_id = patientId,
            kind = episode.Kind,
            rule = lead is null ? AlertRule.OTHER : RuleOf(lead.Rule),
            severity = episode.Severity,
            state = state,
            sequence = episode.Sequence,
            timestamp = ToDateTime(time),
            episode_start = ToDateTime(episode.Start),
            news2_score = latest?.News2,
            vital = lead?.Vital,
            trigger_values = lead?.Values ?? [],
            message = message,
            findings = avroFindings,
            vitals = latest?.Vitals ?? [],
            device_id = patient.DeviceId,
            latitude = latest?.Latitude,
            longitude = latest?.Longitude,
            acknowledged_by = episode.AcknowledgedBy,
            acknowledged_at = episode.Acknowledged ? ToDateTime(episode.AcknowledgedAt) : null,
            reminders = episode.Reminders,
        };
    }

    /// <summary>The Avro rule of a rule's name; <see cref="AlertRule.OTHER"/> for rules added as plugins.</summary>
    public static AlertRule RuleOf(string name) => name switch
    {
        "NEWS2" => AlertRule.NEWS2,
        "SUSTAINED" => AlertRule.SUSTAINED,
        "RAPID_CHANGE" => AlertRule.RAPID_CHANGE,
        "NO_DATA" => AlertRule.NO_DATA,
        _ => AlertRule.OTHER,
    };

    /// <summary>A reading's event time in ms since the epoch (a local time is taken as such, anything else as UTC).</summary>
    public static long ToMillis(DateTime time)
    {
        if (time.Kind == DateTimeKind.Local) time = time.ToUniversalTime();
        var ticks = time.Ticks - DateTime.UnixEpoch.Ticks;
        var millis = ticks / TimeSpan.TicksPerMillisecond;
        return ticks < 0 && ticks % TimeSpan.TicksPerMillisecond != 0 ? millis - 1 : millis;
    }

    /// <summary>Ms since the epoch as a UTC time.</summary>
    public static DateTime ToDateTime(long millis) => new(DateTime.UnixEpoch.Ticks + millis * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
