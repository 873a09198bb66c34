using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Streams;
using pulse.vitals;

namespace Pulse.Host.Simulator.Internal;

/// <summary>
/// Publishes readings to one topic: key the patient id (UTF-8), value Avro in Confluent's wire format,
/// record timestamp the reading's own, through an idempotent producer (acks from all in-sync replicas; retries keep order and add no
/// duplicates), partitioned as Java clients and Kafka Streams partition (murmur2). Counts each
/// acknowledgement and failure in <see cref="SimulatorMetrics"/>. A fatal producer error is kept in
/// <see cref="FatalError"/>: publishing more is pointless after it.
/// </summary>
internal sealed class ReadingPublisher : IDisposable
{
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(50);

    private readonly IProducer<string, VitalReading> _producer;
    private readonly string _topic;
    private readonly KeyValuePair<string, object?> _topicTag;
    private readonly SimulatorMetrics _metrics;
    private readonly Action<DeliveryReport<string, VitalReading>> _onDelivery;
    private Exception? _fatal;

    public ReadingPublisher(ProducerConfig config, ISerializer<VitalReading> serializer, string topic, SimulatorMetrics metrics, ILogger logger)
    {
        _topic = topic;
        _topicTag = new KeyValuePair<string, object?>("topic", topic);
        _metrics = metrics;
        _onDelivery = OnDelivery;
        _producer = new ProducerBuilder<string, VitalReading>(Configure(config))
            .SetKeySerializer(Serializers.Utf8)
            .SetValueSerializer(serializer)
            .SetLogHandler((_, message) => KafkaClientLogging.Log(logger, message))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal) Volatile.Write(ref _fatal, new KafkaException(error));
            })
            .Build();
    }

    /// <summary>The fatal error that stopped the producer, if one did.</summary>
    public Exception? FatalError => Volatile.Read(ref _fatal);

    /// <summary>Queues <paramref name="reading"/> for sending; waits while the producer's queue is full.</summary>
    public void Publish(VitalReading reading, CancellationToken cancellationToken)
    {
        var message = new Message<string, VitalReading>
        {
            Key = reading.patient_id,
            Value = reading,
            // The record carries the reading's time (event time), as Kafka Streams expects of a producer; before 1970 it cannot.
            Timestamp = reading.timestamp >= DateTime.UnixEpoch ? new Timestamp(reading.timestamp, TimestampType.CreateTime) : Timestamp.Default,
        };
        while (true)
        {
            try
            {
                _producer.Produce(_topic, message, _onDelivery);
                return;
            }
            catch (ProduceException<string, VitalReading> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _producer.Poll(QueueFullWait); // serves delivery reports, which frees the queue
            }
        }
    }

    /// <summary>Waits until every queued reading is acknowledged or failed; returns how many are still in flight at <paramref name="timeout"/>.</summary>
    public int Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose() => _producer.Dispose();

    private static ProducerConfig Configure(ProducerConfig config)
    {
        var settings = new ProducerConfig(new Dictionary<string, string>(config))
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2Random,
            // Delivery reports carry the status only: the counters need no record fields back.
            DeliveryReportFields = "none",
        };
        settings.LingerMs ??= 5;
        settings.ClientId ??= "pulse-simulator";
        return settings;
    }

    private void OnDelivery(DeliveryReport<string, VitalReading> report)
    {
        if (report.Error.IsError) _metrics.DeliveryFailed(_topicTag);
        else _metrics.Delivered(_topicTag);
        if (report.Error.IsFatal) Volatile.Write(ref _fatal, new KafkaException(report.Error));
    }
}
