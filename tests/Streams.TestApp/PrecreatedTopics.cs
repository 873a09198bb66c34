using Confluent.Kafka;
using Pulse.Streams.Errors;

namespace Pulse.Streams.TestApp;

/// <summary>
/// An <see cref="ITopicCreator"/> that creates nothing: the test that starts this process has made
/// every topic on its embedded cluster. Topics are looked up with a metadata request for all topics,
/// which (unlike one naming a topic) does not make librdkafka's mock broker create a missing one.
/// </summary>
internal sealed class PrecreatedTopics(string bootstrapServers) : ITopicCreator, IDisposable
{
    // Built on first use, inside KafkaStreams.Start, once the runtime has loaded librdkafka.
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build());

    public int? PartitionCount(string topic)
    {
        var t = _admin.Value.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Find(x => x.Topic == topic);
        return t is null || t.Error.IsError || t.Partitions.Count == 0 ? null : t.Partitions.Count;
    }

    public void CreateTopic(string topic, int partitions, IReadOnlyDictionary<string, string> configs)
    {
        var existing = PartitionCount(topic) ?? throw new StreamsException(
            $"Topic '{topic}' ({partitions} partitions) must exist before this process starts; the test creates it.");
        if (existing != partitions)
            throw new StreamsException($"Topic '{topic}' has {existing} partitions; the application needs {partitions}.");
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
