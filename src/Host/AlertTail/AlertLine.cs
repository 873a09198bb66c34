using System.Globalization;
using System.Text;
using System.Text.Json;
using pulse.vitals;

namespace Pulse.Host.AlertTail;

/// <summary>
/// One alert event as <c>pulse alerts</c> prints it: a line of text for people (time, patient, rule of
/// the leading finding, severity, state, NEWS2, message, location) or a JSON object for programs (every
/// field of the event, findings included, and where it was read).
/// </summary>
internal static class AlertLine
{
    /// <summary>How both tails' lines write a time: ISO-8601 UTC to the millisecond.</summary>
    internal static string Time(DateTime time) => Utc(time).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary><c>2026-11-23T08:00:00.000Z  p-17  NEWS2  CRITICAL  RAISED  NEWS2 7  Patient p-17: NEWS2 7 (high risk)  51.50000,-0.12000</c></summary>
    public static string Text(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var news2 = alert.news2_score is { } score ? score.ToString(CultureInfo.InvariantCulture) : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Time(alert.timestamp)}  {alert.patient_id,-12}  {alert.rule,-12}  {alert.severity,-8}  " +
            $"{alert.state,-12}  NEWS2 {news2,-2}  {alert.message}  {Location(alert)}");
    }

    /// <summary>One JSON object on one line; <paramref name="topic"/>, <paramref name="partition"/> and <paramref name="offset"/> say where it was read.</summary>
    public static string Json(Alert alert, string topic, int partition, long offset)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("topic", topic);
            json.WriteNumber("partition", partition);
            json.WriteNumber("offset", offset);
            json.WriteString("alert_id", alert.alert_id);
            json.WriteNumber("sequence", alert.sequence);
            json.WriteString("kind", alert.kind.ToString());
            json.WriteString("patient_id", alert.patient_id);
            json.WriteString("timestamp", Time(alert.timestamp));
            json.WriteString("rule", alert.rule.ToString());
            json.WriteString("severity", alert.severity.ToString());
            json.WriteString("state", alert.state.ToString());
            if (alert.news2_score is { } score) json.WriteNumber("news2_score", score);
            else json.WriteNull("news2_score");
            json.WriteString("vital", alert.vital);
            json.WriteString("message", alert.message);
            json.WriteString("episode_start", Time(alert.episode_start));
            json.WriteString("device_id", alert.device_id);
            Number(json, "latitude", alert.latitude);
            Number(json, "longitude", alert.longitude);
            Numbers(json, "trigger_values", alert.trigger_values);
            json.WriteStartArray("findings");
            foreach (var finding in alert.findings ?? [])
            {
                json.WriteStartObject();
                json.WriteString("rule", finding.rule);
                json.WriteString("vital", finding.vital);
                json.WriteString("severity", finding.severity.ToString());
                json.WriteString("since", Time(finding.since));
                json.WriteString("confirmed_at", Time(finding.confirmed_at));
                Numbers(json, "values", finding.values);
                json.WriteString("message", finding.message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            Numbers(json, "vitals", alert.vitals);
            json.WriteString("acknowledged_by", alert.acknowledged_by);
            if (alert.acknowledged_at is { } at) json.WriteString("acknowledged_at", Time(at));
            else json.WriteNull("acknowledged_at");
            json.WriteNumber("reminders", alert.reminders);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Location(Alert alert) =>
        alert.latitude is { } lat && alert.longitude is { } lon ? string.Create(CultureInfo.InvariantCulture, $"{lat:F5},{lon:F5}") : "-";

    private static void Numbers(Utf8JsonWriter json, string name, IDictionary<string, double>? values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values ?? new Dictionary<string, double>()) Number(json, key, value);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
