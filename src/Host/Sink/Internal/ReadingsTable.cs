using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;
using pulse.vitals;

namespace Pulse.Host.Sink.Internal;

/// <summary><c>vitals.enriched</c> → <c>readings</c>: one row per reading, keyed by patient and event time.</summary>
internal sealed class ReadingsTable(IDeserializer<EnrichedReading> deserializer) : SinkTable("readings",
[
    "patient_id", "ts", "device_id", "heart_rate", "spo2", "systolic_bp", "diastolic_bp", "respiratory_rate",
    "temperature", "glucose", "consciousness", "on_oxygen", "latitude", "longitude", "news2_score", "news2_risk", "status",
])
{
    public override object? Map(ConsumeResult<byte[], byte[]> record) =>
        record.Message.Value is null ? null : deserializer.Deserialize(record.Message.Value, false, Context.Value(record));

    public override void Write(NpgsqlBinaryImporter importer, object row)
    {
        var e = (EnrichedReading)row;
        var r = e.reading;
        importer.Write(r.patient_id, NpgsqlDbType.Text);
        importer.Write(r.timestamp, NpgsqlDbType.TimestampTz);
        WriteNullable(importer, r.device_id);
        WriteNullable(importer, r.heart_rate, NpgsqlDbType.Integer);
        WriteNullable(importer, r.spo2, NpgsqlDbType.Integer);
        WriteNullable(importer, r.systolic_bp, NpgsqlDbType.Integer);
        WriteNullable(importer, r.diastolic_bp, NpgsqlDbType.Integer);
        WriteNullable(importer, r.respiratory_rate, NpgsqlDbType.Integer);
        WriteNullable(importer, r.temperature, NpgsqlDbType.Double);
        WriteNullable(importer, r.glucose, NpgsqlDbType.Double);
        WriteEnum(importer, r.consciousness);
        WriteNullable(importer, r.on_oxygen, NpgsqlDbType.Boolean);
        WriteNullable(importer, r.latitude, NpgsqlDbType.Double);
        WriteNullable(importer, r.longitude, NpgsqlDbType.Double);
        importer.Write(e.news2_score, NpgsqlDbType.Integer);
        importer.Write(e.news2_risk.ToString(), NpgsqlDbType.Text);
        importer.Write(e.status.ToString(), NpgsqlDbType.Text);
    }
}
