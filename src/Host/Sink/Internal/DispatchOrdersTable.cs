using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;
using pulse.vitals;

namespace Pulse.Host.Sink.Internal;

/// <summary><c>dispatch.orders</c> → <c>dispatch_orders</c>: one row per order event, keyed by order id and sequence.</summary>
internal sealed class DispatchOrdersTable(IDeserializer<DispatchOrder> deserializer) : SinkTable("dispatch_orders",
[
    "order_id", "sequence", "status", "episode_id", "patient_id", "vehicle_id", "ts", "patient_latitude", "patient_longitude",
    "vehicle_latitude", "vehicle_longitude", "distance_km", "eta_seconds", "reason", "detail",
])
{
    public override object? Map(ConsumeResult<byte[], byte[]> record) =>
        record.Message.Value is null ? null : deserializer.Deserialize(record.Message.Value, false, RecordContext.Value(record));

    public override void Write(NpgsqlBinaryImporter importer, object row)
    {
        var o = (DispatchOrder)row;
        importer.Write(o.order_id, NpgsqlDbType.Text);
        importer.Write(o.sequence, NpgsqlDbType.Integer);
        importer.Write(o.status.ToString(), NpgsqlDbType.Text);
        importer.Write(o.alert_id, NpgsqlDbType.Text);
        importer.Write(o.patient_id, NpgsqlDbType.Text);
        WriteNullable(importer, o.vehicle_id);
        importer.Write(o.timestamp, NpgsqlDbType.TimestampTz);
        WriteNullable(importer, Finite(o.patient_latitude), NpgsqlDbType.Double);
        WriteNullable(importer, Finite(o.patient_longitude), NpgsqlDbType.Double);
        WriteNullable(importer, Finite(o.vehicle_latitude), NpgsqlDbType.Double);
        WriteNullable(importer, Finite(o.vehicle_longitude), NpgsqlDbType.Double);
        WriteNullable(importer, Finite(o.distance_km), NpgsqlDbType.Double);
        WriteNullable(importer, o.eta_seconds, NpgsqlDbType.Integer);
        importer.Write(o.reason, NpgsqlDbType.Text);
        WriteNullable(importer, o.detail);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
