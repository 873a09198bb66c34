using Confluent.Kafka;
using Parquet;
using Parquet.Schema;
using pulse.vitals;

namespace Pulse.Host.Archive;

/// <summary>
/// <c>vitals.enriched</c> in typed columns: the reading, its NEWS2 and status, and the partition and offset it came from
/// (each archived record once: readers may rely on (partition, offset) being unique).
/// </summary>
internal sealed class EnrichedRows(IDeserializer<EnrichedReading> deserializer, string topic) : IArchiveRows
{
    private static readonly DataField<int> PartitionField = new("partition");
    private static readonly DataField<long> OffsetField = new("offset");
    private static readonly DataField<string> PatientField = new("patient_id");
    private static readonly DataField<DateTime> TsField = new("ts");
    private static readonly DataField<string> DeviceField = new("device_id", true);
    private static readonly DataField<int?> HeartRateField = new("heart_rate");
    private static readonly DataField<int?> Spo2Field = new("spo2");
    private static readonly DataField<int?> SystolicField = new("systolic_bp");
    private static readonly DataField<int?> DiastolicField = new("diastolic_bp");
    private static readonly DataField<int?> RespiratoryField = new("respiratory_rate");
    private static readonly DataField<double?> TemperatureField = new("temperature");
    private static readonly DataField<double?> GlucoseField = new("glucose");
    private static readonly DataField<string> ConsciousnessField = new("consciousness", true);
    private static readonly DataField<bool?> OxygenField = new("on_oxygen");
    private static readonly DataField<double?> LatitudeField = new("latitude");
    private static readonly DataField<double?> LongitudeField = new("longitude");
    private static readonly DataField<int> News2Field = new("news2_score");
    private static readonly DataField<string> RiskField = new("news2_risk");
    private static readonly DataField<string> StatusField = new("status");
    private static readonly ParquetSchema Layout = new(PartitionField, OffsetField, PatientField, TsField, DeviceField, HeartRateField, Spo2Field, SystolicField,
        DiastolicField, RespiratoryField, TemperatureField, GlucoseField, ConsciousnessField, OxygenField, LatitudeField, LongitudeField, News2Field, RiskField, StatusField);

    private readonly List<int> _partition = [];
    private readonly List<long> _offset = [];
    private readonly List<string> _patient = [];
    private readonly List<DateTime> _ts = [];
    private readonly List<string?> _device = [];
    private readonly List<int?> _heartRate = [], _spo2 = [], _systolic = [], _diastolic = [], _respiratory = [];
    private readonly List<double?> _temperature = [], _glucose = [], _latitude = [], _longitude = [];
    private readonly List<string?> _consciousness = [];
    private readonly List<bool?> _oxygen = [];
    private readonly List<int> _news2 = [];
    private readonly List<string> _risk = [], _status = [];

    public ParquetSchema Schema => Layout;

    public int Count => _offset.Count;

    public long Bytes { get; private set; }

    public bool Add(ConsumeResult<byte[], byte[]> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        EnrichedReading enriched;
        try
        {
            enriched = deserializer.Deserialize(record.Message.Value, record.Message.Value is null, new SerializationContext(MessageComponentType.Value, topic));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
        if (enriched?.reading is not { } r) return false;
        _partition.Add(record.Partition.Value);
        _offset.Add(record.Offset.Value);
        _patient.Add(r.patient_id);
        _ts.Add(DateTime.SpecifyKind(r.timestamp, DateTimeKind.Utc));
        _device.Add(r.device_id);
        _heartRate.Add(r.heart_rate);
        _spo2.Add(r.spo2);
        _systolic.Add(r.systolic_bp);
        _diastolic.Add(r.diastolic_bp);
        _respiratory.Add(r.respiratory_rate);
        _temperature.Add(r.temperature);
        _glucose.Add(r.glucose);
        _consciousness.Add(r.consciousness?.ToString());
        _oxygen.Add(r.on_oxygen);
        _latitude.Add(r.latitude);
        _longitude.Add(r.longitude);
        _news2.Add(enriched.news2_score);
        _risk.Add(enriched.news2_risk.ToString());
        _status.Add(enriched.status.ToString());
        Bytes += 120 + (r.patient_id?.Length ?? 0) + (r.device_id?.Length ?? 0);
        return true;
    }

    public async Task WriteAsync(ParquetWriter writer, int start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<int>(PartitionField, _partition.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<long>(OffsetField, _offset.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(PatientField, _patient.GetRange(start, count), null).ConfigureAwait(false);
        await group.WriteAsync<DateTime>(TsField, _ts.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(DeviceField, _device.GetRange(start, count)!, null).ConfigureAwait(false);
        foreach (var (field, values) in new[] { (HeartRateField, _heartRate), (Spo2Field, _spo2), (SystolicField, _systolic), (DiastolicField, _diastolic), (RespiratoryField, _respiratory) })
            await group.WriteAsync<int>(field, values.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        foreach (var (field, values) in new[] { (TemperatureField, _temperature), (GlucoseField, _glucose) })
            await group.WriteAsync<double>(field, values.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(ConsciousnessField, _consciousness.GetRange(start, count)!, null).ConfigureAwait(false);
        await group.WriteAsync<bool>(OxygenField, _oxygen.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        foreach (var (field, values) in new[] { (LatitudeField, _latitude), (LongitudeField, _longitude) })
            await group.WriteAsync<double>(field, values.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<int>(News2Field, _news2.GetRange(start, count).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        await group.WriteAsync(RiskField, _risk.GetRange(start, count), null).ConfigureAwait(false);
        await group.WriteAsync(StatusField, _status.GetRange(start, count), null).ConfigureAwait(false);
    }
}
