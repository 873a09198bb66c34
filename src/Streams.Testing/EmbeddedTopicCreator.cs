using Confluent.Kafka;
using Pulse.Streams.Internal.Kafka;

namespace Pulse.Streams.Testing;

/// <summary>
/// Creates internal topics on an <see cref="EmbeddedKafkaCluster"/> through the mock's own call
/// (its broker does not answer CreateTopics). Existing topics are found with a metadata request
/// for all topics, which, unlike one naming a topic, does not make the mock create it.
/// </summary>
internal sealed class EmbeddedTopicCreator : ITopicCreator, IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster;
    private readonly Lazy<IAdminClient> _admin;

    public EmbeddedTopicCreator(EmbeddedKafkaCluster cluster)
    {
        _cluster = cluster;
        _admin = new Lazy<IAdminClient>(() =>
        {
            NativeLibraryLoader.EnsureLoaded();
            return new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        });
    }

    public int? PartitionCount(string topic)
    {
        var t = Metadata().Topics.Find(x => x.Topic == topic);
        return t is null || t.Error.IsError || t.Partitions.Count == 0 ? null : t.Partitions.Count;
    }

    public IReadOnlyList<string> ExistingTopics() =>
        [.. Metadata().Topics.Where(t => !t.Error.IsError && t.Partitions.Count > 0).Select(t => t.Topic)];

    /// <summary>
    /// The cluster's metadata. A request that times out (it went to a broker a test took down) is asked again, up to three
    /// times: the client then turns to a broker that answers.
    /// </summary>
    private Metadata Metadata()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return _admin.Value.GetMetadata(TimeSpan.FromSeconds(10));
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_TimedOut && attempt < 3)
            {
                // asked again below
            }
        }
    }

    public void CreateTopic(string topic, int partitions, IReadOnlyDictionary<string, string> configs)
    {
        if (PartitionCount(topic) is not null) return;
        try
        {
            _cluster.CreateTopic(topic, partitions, Math.Min(3, _cluster.BrokerCount));
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.TopicAlreadyExists)
        {
            // Made by another instance meanwhile.
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
