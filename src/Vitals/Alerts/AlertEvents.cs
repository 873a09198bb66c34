using System.Globalization;
using pulse.vitals;

namespace Pulse.Vitals.Alerts;

/// <summary>Makes alert events: deterministic ids, event times, and the reading's device and location.</summary>
internal static class AlertEvents
{
    /// <summary>
    /// The episode's id, the same for each of its events:
    /// <c>{patient}:{rule}:{episodeStartMs}</c>, or <c>{patient}:{rule}:{vital}:{episodeStartMs}</c> for a rule per vital.
    /// </summary>
    public static string Id(string patientId, AlertRule rule, Vital? vital, long episodeStart) => vital is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{patientId}:{rule}:{VitalFields.Name(v)}:{episodeStart}")
        : string.Create(CultureInfo.InvariantCulture, $"{patientId}:{rule}:{episodeStart}");

    public static Alert Create(in RuleInput input, AlertRule rule, Vital? vital, AlertSeverity severity, AlertState state,
        long episodeStart, string message, Dictionary<string, double> triggers) => new()
        {
            alert_id = Id(input.PatientId, rule, vital, episodeStart),
            patient_id = input.PatientId,
            rule = rule,
            severity = severity,
            state = state,
            timestamp = ToDateTime(input.Time),
            episode_start = ToDateTime(episodeStart),
            news2_score = input.Enriched.news2_score,
            vital = vital is { } v ? VitalFields.Name(v) : null,
            trigger_values = triggers,
            message = message,
            device_id = input.Reading.device_id,
            latitude = input.Reading.latitude,
            longitude = input.Reading.longitude,
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
