using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Pulse.Host.Configuration;
using Pulse.Streams;

namespace Pulse.Host.Replica;

/// <summary>Turns validated settings into the engine's <see cref="StreamsConfig"/>; librdkafka properties pass through to every client.</summary>
internal static class StreamsConfigFactory
{
    public static StreamsConfig Create(ReplicaOptions replica, KafkaOptions kafka, ILoggerFactory loggers, TimeProvider time)
    {
        var config = new StreamsConfig
        {
            ApplicationId = replica.ApplicationId,
            BootstrapServers = kafka.BootstrapServers,
            StateDir = replica.StateDir,
            ProcessingGuarantee = Guarantees.Parse(replica.ProcessingGuarantee) ?? ProcessingGuarantee.AtLeastOnce,
            NumStreamThreads = replica.Threads,
            NumStandbyReplicas = replica.StandbyReplicas,
            CacheMaxBytes = replica.CacheMaxBytes,
            ReplicationFactor = replica.ReplicationFactor,
            TimeProvider = time,
            LoggerFactory = loggers,
            Consumer = new ConsumerConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal)),
            Producer = new ProducerConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal)),
            Admin = new AdminClientConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal)),
        };
        if (replica.CommitIntervalMs is { } commit) config.CommitInterval = TimeSpan.FromMilliseconds(commit);
        return config;
    }
}
