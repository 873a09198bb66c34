using Confluent.Kafka;
using Pulse.Host.Configuration;
using Pulse.Streams;

namespace Pulse.Host.Replica;

/// <summary>Fills the engine's <see cref="StreamsConfig"/> from validated settings; librdkafka properties pass through to every client.</summary>
internal static class StreamsConfigFactory
{
    public static void Apply(StreamsConfig config, ReplicaOptions replica, KafkaOptions kafka)
    {
        config.ApplicationId = replica.ApplicationId;
        config.BootstrapServers = kafka.BootstrapServers;
        config.StateDir = replica.StateDir;
        config.ProcessingGuarantee = replica.ProcessingGuarantee;
        config.NumStreamThreads = replica.Threads;
        config.NumStandbyReplicas = replica.StandbyReplicas;
        config.CacheMaxBytes = replica.CacheMaxBytes;
        config.ReplicationFactor = replica.ReplicationFactor;
        config.Consumer = new ConsumerConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal));
        config.Producer = new ProducerConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal));
        config.Admin = new AdminClientConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal));
        if (replica.CommitIntervalMs is { } commit) config.CommitInterval = TimeSpan.FromMilliseconds(commit);
    }
}
