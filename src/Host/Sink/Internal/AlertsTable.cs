using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;
using pulse.vitals;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// <c>alerts.notify</c> and <c>alerts.dispatch</c> → <c>alerts</c>: one row per alert event,
/// keyed by episode (alert id) and sequence number. When both topics are one, or an event is
/// replayed, rows already present are routine here. <c>findings</c> and <c>vitals</c> are JSON;
/// <c>details</c> holds the rest of the event: episode start, leading vital and trigger values,
/// reminders sent, device and position, each only when present.
/// </summary>
internal sealed class AlertsTable(IDeserializer<Alert> deserializer) : SinkTable("alerts",
[
    "alert_id", "sequence", "state", "kind", "patient_id", "ts", "rule", "severity", "news2_score", "message", "findings", "vitals",
    "acknowledged_by", "acknowledged_at", "details",
], expectsDuplicates: true)
{
    public override object? Map(ConsumeResult<byte[], byte[]> record) =>
        record.Message.Value is null ? null : deserializer.Deserialize(record.Message.Value, false, RecordContext.Value(record));

    public override void Write(NpgsqlBinaryImporter importer, object row)
    {
        var a = (Alert)row;
        importer.Write(a.alert_id, NpgsqlDbType.Text);
        importer.Write(a.sequence, NpgsqlDbType.Integer);
        importer.Write(a.state.ToString(), NpgsqlDbType.Text);
        importer.Write(a.kind.ToString(), NpgsqlDbType.Text);
        importer.Write(a.patient_id, NpgsqlDbType.Text);
        importer.Write(a.timestamp, NpgsqlDbType.TimestampTz);
        importer.Write(a.rule.ToString(), NpgsqlDbType.Text);
        importer.Write(a.severity.ToString(), NpgsqlDbType.Text);
        WriteNullable(importer, a.news2_score, NpgsqlDbType.Integer);
        importer.Write(a.message, NpgsqlDbType.Text);
        importer.Write(AlertJson.Findings(a.findings), NpgsqlDbType.Jsonb);
        importer.Write(AlertJson.Numbers(a.vitals), NpgsqlDbType.Jsonb);
        if (a.acknowledged_by is null) importer.WriteNull();
        else importer.Write(a.acknowledged_by, NpgsqlDbType.Text);
        if (a.acknowledged_at is { } at) importer.Write(at, NpgsqlDbType.TimestampTz);
        else importer.WriteNull();
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
            json.WritePropertyName("trigger_values");
            AlertJson.WriteNumbers(json, a.trigger_values);
            if (a.reminders > 0) json.WriteNumber("reminders", a.reminders);
            if (a.device_id is not null) json.WriteString("device_id", a.device_id);
            if (a.latitude is { } lat && double.IsFinite(lat)) json.WriteNumber("latitude", lat);
            if (a.longitude is { } lon && double.IsFinite(lon)) json.WriteNumber("longitude", lon);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
