using System.Collections.Concurrent;
using System.Text;
using Avro.Specific;
using Confluent.Kafka;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// Produces records as the topology would: patient-id keys as UTF-8 text, Avro values in Confluent's
/// wire format with the seeded in-process registry's ids (the ones every process agrees on),
/// Kafka's default partitioning (murmur2).
/// </summary>
internal sealed class VitalsProducer : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly InProcessSchemaRegistry _registry = InProcessSchemaRegistry.Seeded();
    private readonly ConcurrentDictionary<Type, object> _serializers = new();

    public VitalsProducer(EmbeddedKafkaCluster cluster) =>
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random,
            LingerMs = 5,
            // Records over the default 1,000,000 bytes, as a misbehaving producer may write them (the broker takes up to 1 MiB).
            MessageMaxBytes = 2_000_000,
        }).Build();

    /// <summary>The Avro bytes of <paramref name="value"/> as a record of <paramref name="topic"/>.</summary>
    public byte[] Serialize<T>(string topic, T value)
        where T : ISpecificRecord
    {
        var serializer = (ISerializer<T>)_serializers.GetOrAdd(typeof(T), _ => AvroSerdes.Serializer<T>(_registry));
        return serializer.Serialize(value, new SerializationContext(MessageComponentType.Value, topic));
    }

    public void Send<T>(string topic, string key, T value, Headers? headers = null)
        where T : ISpecificRecord =>
        SendBytes(topic, key, Serialize(topic, value), headers);

    public void SendBytes(string topic, string? key, byte[]? value, Headers? headers = null) =>
        _producer.Produce(topic, new Message<byte[], byte[]>
        {
            Key = key is null ? null! : Encoding.UTF8.GetBytes(key),
            Value = value!,
            Headers = headers ?? [],
        });

    /// <summary>Waits until every record sent is acknowledged.</summary>
    public void Flush() => Assert.Equal(0, _producer.Flush(TimeSpan.FromSeconds(60)));

    public void Dispose() => _producer.Dispose();
}
