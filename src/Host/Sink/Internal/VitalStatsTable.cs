using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;
using pulse.vitals;

namespace Pulse.Host.Sink.Internal;

/// <summary><c>vitals.stats.1m</c> → <c>vital_stats_1m</c>: one row per patient and closed window.</summary>
internal sealed class VitalStatsTable(IDeserializer<VitalStats> deserializer) : SinkTable("vital_stats_1m",
[
    "patient_id", "window_start", "window_end", "reading_count",
    "heart_rate_min", "heart_rate_max", "heart_rate_mean",
    "spo2_min", "spo2_max", "spo2_mean",
    "systolic_bp_min", "systolic_bp_max", "systolic_bp_mean",
    "diastolic_bp_min", "diastolic_bp_max", "diastolic_bp_mean",
    "respiratory_rate_min", "respiratory_rate_max", "respiratory_rate_mean",
    "temperature_min", "temperature_max", "temperature_mean",
    "glucose_min", "glucose_max", "glucose_mean",
    "news2_max",
])
{
    public override object? Map(ConsumeResult<byte[], byte[]> record) =>
        record.Message.Value is null ? null : deserializer.Deserialize(record.Message.Value, false, Context.Value(record));

    public override void Write(NpgsqlBinaryImporter importer, object row)
    {
        var s = (VitalStats)row;
        importer.Write(s.patient_id, NpgsqlDbType.Text);
        importer.Write(s.window_start, NpgsqlDbType.TimestampTz);
        importer.Write(s.window_end, NpgsqlDbType.TimestampTz);
        importer.Write(s.reading_count, NpgsqlDbType.Integer);
        Ints(importer, s.heart_rate_min, s.heart_rate_max, s.heart_rate_mean);
        Ints(importer, s.spo2_min, s.spo2_max, s.spo2_mean);
        Ints(importer, s.systolic_bp_min, s.systolic_bp_max, s.systolic_bp_mean);
        Ints(importer, s.diastolic_bp_min, s.diastolic_bp_max, s.diastolic_bp_mean);
        Ints(importer, s.respiratory_rate_min, s.respiratory_rate_max, s.respiratory_rate_mean);
        Doubles(importer, s.temperature_min, s.temperature_max, s.temperature_mean);
        Doubles(importer, s.glucose_min, s.glucose_max, s.glucose_mean);
        importer.Write(s.news2_max, NpgsqlDbType.Integer);
    }

    private static void Ints(NpgsqlBinaryImporter importer, int? min, int? max, double? mean)
    {
        WriteNullable(importer, min, NpgsqlDbType.Integer);
        WriteNullable(importer, max, NpgsqlDbType.Integer);
        WriteNullable(importer, mean, NpgsqlDbType.Double);
    }

    private static void Doubles(NpgsqlBinaryImporter importer, double? min, double? max, double? mean)
    {
        WriteNullable(importer, min, NpgsqlDbType.Double);
        WriteNullable(importer, max, NpgsqlDbType.Double);
        WriteNullable(importer, mean, NpgsqlDbType.Double);
    }
}
