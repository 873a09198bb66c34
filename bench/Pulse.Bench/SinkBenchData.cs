using Confluent.Kafka;
using Pulse.Host.Sink.Internal;
using pulse.vitals;

namespace Pulse.Bench;

/// <summary>
/// Readings for the sink benchmark: distinct (patient, timestamp) keys over 1,000 patients, every
/// vital present, spread over 12 partitions of <c>vitals.enriched</c> with increasing offsets, as a
/// consumer would hand them to the sink.
/// </summary>
internal static class SinkBenchData
{
    public const string Topic = "vitals.enriched";
    public const int Partitions = 12;
    private static readonly DateTime Start = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    public static EnrichedReading Reading(long i)
    {
        var patient = "patient-" + (i % 1000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        return new EnrichedReading
        {
            reading = new VitalReading
            {
                patient_id = patient,
                device_id = "monitor-7",
                timestamp = Start.AddMilliseconds(i),
                heart_rate = 60 + (int)(i % 40),
                spo2 = 94 + (int)(i % 6),
                systolic_bp = 110 + (int)(i % 30),
                diastolic_bp = 70 + (int)(i % 15),
                respiratory_rate = 12 + (int)(i % 8),
                temperature = 36.5 + (i % 10) / 10.0,
                glucose = 90 + i % 50,
                consciousness = Consciousness.ALERT,
                on_oxygen = false,
                latitude = 51.5,
                longitude = -0.12,
            },
            status = VitalStatus.NORMAL,
            news2_score = (int)(i % 4),
            news2_risk = i % 4 == 0 ? News2Risk.NONE : News2Risk.LOW,
            news2_complete = true,
            rolling_count = 1,
        };
    }

    /// <summary>Readings <paramref name="first"/>… as consumed records with their rows for <paramref name="table"/>.</summary>
    public static List<SinkRecord> Batch(SinkTable table, long first, int count)
    {
        var batch = new List<SinkRecord>(count);
        for (var i = first; i < first + count; i++)
        {
            var source = new ConsumeResult<byte[], byte[]>
            {
                TopicPartitionOffset = new TopicPartitionOffset(Topic, (int)(i % Partitions), i / Partitions),
                Message = new Message<byte[], byte[]>(),
            };
            batch.Add(new SinkRecord(source, table, Reading(i), null));
        }
        return batch;
    }
}
