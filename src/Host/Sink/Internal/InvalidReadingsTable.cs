using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;
using Pulse.Streams.Errors;
using pulse.vitals;

namespace Pulse.Host.Sink.Internal;

/// <summary>
/// <c>vitals.invalid</c> → <c>invalid_readings</c>: one row per dead-lettered reading, keyed by
/// where the reading was read. What the row holds comes from the dead letter's headers (the
/// topology's <c>InvalidReadingHeaders</c>, whose names are the engine's
/// <see cref="DeadLetterHeaders"/> plus <c>pulse.invalid.reason</c>):
/// <list type="bullet">
/// <item>source topic, partition, offset: the <c>__streams.errors.topic/partition/offset</c>
/// headers; when absent or unreadable, the dead letter's own position;</item>
/// <item>reasons: every header whose name contains "reason", in order; else the message header;
/// else the exception header; else none;</item>
/// <item>message: the <c>__streams.errors.message</c> header;</item>
/// <item>patient id: the payload's, when it reads as a <c>VitalReading</c>; else the key, when it is text;</item>
/// <item>received at: the dead letter's timestamp (the original record's, passed through), else now;</item>
/// <item>source cluster: the id of the Kafka cluster the sink reads (<paramref name="clusterId"/>), so positions of two clusters never collide.</item>
/// </list>
/// </summary>
internal sealed class InvalidReadingsTable(IDeserializer<VitalReading> readings, TimeProvider time, string clusterId) : SinkTable("invalid_readings",
[
    "source_cluster", "source_topic", "source_partition", "source_offset", "received_at", "patient_id", "reasons", "message", "payload",
])
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override object? Map(ConsumeResult<byte[], byte[]> record)
    {
        var headers = record.Message.Headers ?? [];
        var topic = Text(headers, DeadLetterHeaders.Topic);
        var partition = Number(headers, DeadLetterHeaders.Partition);
        var offset = Number(headers, DeadLetterHeaders.Offset);
        var fromHeaders = !string.IsNullOrEmpty(topic) && partition is >= 0 and <= int.MaxValue && offset >= 0;
        var message = Text(headers, DeadLetterHeaders.Message);
        var reasons = headers
            .Where(h => h.Key.Contains("reason", StringComparison.OrdinalIgnoreCase))
            .Select(h => Decode(h.GetValueBytes()))
            .OfType<string>()
            .ToArray();
        if (reasons.Length == 0)
            reasons = (message ?? Text(headers, DeadLetterHeaders.Exception)) is { } only ? [only] : [];
        var timestamp = record.Message.Timestamp;
        return new InvalidReadingRow(
            fromHeaders ? topic! : record.Topic,
            fromHeaders ? (int)partition!.Value : record.Partition.Value,
            fromHeaders ? offset!.Value : record.Offset.Value,
            timestamp.Type == TimestampType.NotAvailable ? time.GetUtcNow() : timestamp.UtcDateTime,
            PatientId(record),
            reasons,
            message,
            record.Message.Value);
    }

    public override void Write(NpgsqlBinaryImporter importer, object row)
    {
        var r = (InvalidReadingRow)row;
        importer.Write(clusterId, NpgsqlDbType.Text);
        importer.Write(r.SourceTopic, NpgsqlDbType.Text);
        importer.Write(r.SourcePartition, NpgsqlDbType.Integer);
        importer.Write(r.SourceOffset, NpgsqlDbType.Bigint);
        importer.Write(r.ReceivedAt, NpgsqlDbType.TimestampTz);
        WriteNullable(importer, r.PatientId);
        importer.Write(r.Reasons, NpgsqlDbType.Array | NpgsqlDbType.Text);
        WriteNullable(importer, r.Message);
        if (r.Payload is null) importer.WriteNull();
        else importer.Write(r.Payload, NpgsqlDbType.Bytea);
    }

    private string? PatientId(ConsumeResult<byte[], byte[]> record)
    {
        if (record.Message.Value is { } value)
        {
            try
            {
                var reading = readings.Deserialize(value, false, RecordContext.Value(record));
                if (!string.IsNullOrEmpty(reading.patient_id)) return reading.patient_id;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Unreadable bytes are why many dead letters exist; fall back to the key.
            }
        }
        return record.Message.Key is { Length: > 0 } key ? Decode(key) : null;
    }

    private static string? Text(Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var bytes) ? Decode(bytes) : null;

    private static long? Number(Headers headers, string name) =>
        long.TryParse(Text(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Decode(byte[]? bytes)
    {
        if (bytes is null) return null;
        try
        {
            // Postgres text cannot hold NUL.
            var text = StrictUtf8.GetString(bytes);
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

/// <summary>A row of <c>invalid_readings</c>.</summary>
internal sealed record InvalidReadingRow(
    string SourceTopic, int SourcePartition, long SourceOffset, DateTimeOffset ReceivedAt,
    string? PatientId, string[] Reasons, string? Message, byte[]? Payload);
