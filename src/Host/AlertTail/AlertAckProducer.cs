using Confluent.Kafka;
using Confluent.SchemaRegistry;
using pulse.vitals;
using Pulse.Host.Configuration;
using Pulse.Schemas;

namespace Pulse.Host.AlertTail;

/// <summary>
/// Publishes acknowledgements on <c>alerts.acks</c> (<c>pulse alerts ack</c>, the dashboard): keyed by
/// patient and hashed as the readings are (murmur2), so each reaches the task that holds the patient's
/// episodes; idempotent, acknowledged by every in-sync replica. Thread-safe.
/// </summary>
internal sealed class AlertAckProducer : IDisposable
{
    private readonly IProducer<string, AlertAck> _producer;
    private readonly string _topic;

    public AlertAckProducer(KafkaOptions kafka, string topic, ISchemaRegistryClient registry, TimeSpan timeout, string clientId)
    {
        _topic = topic;
        var config = new ProducerConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal))
        {
            BootstrapServers = kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2Random,
            MessageTimeoutMs = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue),
            ClientId = clientId,
        };
        _producer = new ProducerBuilder<string, AlertAck>(config)
            .SetValueSerializer(AvroSerdes.Serializer<AlertAck>(registry))
            .SetLogHandler((_, _) => { }) // a broker that is down is reported by the caller, once, not as librdkafka's retries
            .Build();
    }

    /// <summary>Publishes <paramref name="ack"/> and waits for Kafka to confirm it.</summary>
    /// <exception cref="ProduceException{TKey, TValue}">Kafka did not take it within the timeout.</exception>
    public Task<DeliveryResult<string, AlertAck>> PublishAsync(AlertAck ack, CancellationToken cancellationToken) =>
        _producer.ProduceAsync(_topic, new Message<string, AlertAck> { Key = ack.patient_id, Value = ack }, cancellationToken);

    public void Dispose() => _producer.Dispose();
}
