using Avro.Specific;
using Confluent.Kafka;
using Pulse.Schemas;
using Pulse.Schemas.Registry;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>Keeps reading a topic from the start (every partition, no group) and decodes its Avro values, for as long as it is asked to.</summary>
internal sealed class OutputReader<T> : IDisposable
    where T : ISpecificRecord
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IDeserializer<T> _deserializer = AvroSerdes.Deserializer<T>(InProcessSchemaRegistry.Seeded());
    private readonly string _topic;

    public OutputReader(EmbeddedKafkaCluster cluster, string topic, int partitions)
    {
        _topic = topic;
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    }

    public List<T> Records { get; } = [];

    /// <summary>Reads what has arrived since the last call.</summary>
    public List<T> Poll()
    {
        while (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } r)
            Records.Add(_deserializer.Deserialize(r.Message.Value, r.Message.Value is null, new SerializationContext(MessageComponentType.Value, _topic)));
        return Records;
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
