using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;
using pulse.vitals;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// <c>alerts.notify</c> and <c>alerts.dispatch</c> → <c>alerts</c>: one row per alert event,
/// keyed by episode (alert id) and state. Critical events come on both topics, so rows already
/// present are routine here. <c>details</c> holds the rest of the event as JSON:
/// episode start, vital, trigger values, device and position, each only when present.
/// </summary>
internal sealed class AlertsTable(IDeserializer<Alert> deserializer) : SinkTable("alerts",
[
    "alert_id", "state", "patient_id", "ts", "rule", "severity", "news2_score", "message", "details",
], expectsDuplicates: true)
{
    public override object? Map(ConsumeResult<byte[], byte[]> record) =>
        record.Message.Value is null ? null : deserializer.Deserialize(record.Message.Value, false, Context.Value(record));

    public override void Write(NpgsqlBinaryImporter importer, object row)
    {
        var a = (Alert)row;
        importer.Write(a.alert_id, NpgsqlDbType.Text);
        importer.Write(a.state.ToString(), NpgsqlDbType.Text);
        importer.Write(a.patient_id, NpgsqlDbType.Text);
        importer.Write(a.timestamp, NpgsqlDbType.TimestampTz);
        importer.Write(a.rule.ToString(), NpgsqlDbType.Text);
        importer.Write(a.severity.ToString(), NpgsqlDbType.Text);
        WriteNullable(importer, a.news2_score, NpgsqlDbType.Integer);
        importer.Write(a.message, NpgsqlDbType.Text);
        importer.Write(Details(a), NpgsqlDbType.Jsonb);
    }

    /// <summary>The event's other fields as a JSON object (trigger values in key order, so equal events give equal text).</summary>
    internal static string Details(Alert a)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("episode_start", a.episode_start);
            if (a.vital is not null) json.WriteString("vital", a.vital);
            json.WriteStartObject("trigger_values");
            foreach (var (name, value) in (a.trigger_values ?? new Dictionary<string, double>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (double.IsFinite(value)) json.WriteNumber(name, value);
                else json.WriteString(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            json.WriteEndObject();
            if (a.device_id is not null) json.WriteString("device_id", a.device_id);
            if (a.latitude is { } lat && double.IsFinite(lat)) json.WriteNumber("latitude", lat);
            if (a.longitude is { } lon && double.IsFinite(lon)) json.WriteNumber("longitude", lon);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
