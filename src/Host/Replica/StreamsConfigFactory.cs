using Confluent.Kafka;
using Pulse.Host.Configuration;
using Microsoft.Extensions.Logging;
using Pulse.Streams;
using Pulse.Streams.Errors;
using Pulse.Vitals;

namespace Pulse.Host.Replica;

/// <summary>
/// Fills the engine's <see cref="StreamsConfig"/> from validated settings; librdkafka properties pass through to every client.
/// One record must not stop the monitoring: where Kafka Streams' handlers fail by default, the vitals application logs,
/// counts and dead-letters (to <c>vitals.invalid</c>, with the engine's error headers) and goes on.
/// </summary>
internal static class StreamsConfigFactory
{
    public static void Apply(StreamsConfig config, ReplicaOptions replica, KafkaOptions kafka, VitalsTopics topics)
    {
        var errors = new LogAndContinueExceptionHandler(config.LoggerFactory.CreateLogger("Pulse.Streams.Errors"));
        config.DeserializationExceptionHandler = errors;
        config.ProcessingExceptionHandler = errors;
        config.ProductionExceptionHandler = errors;
        config.DeadLetterQueueTopic = topics.Invalid;
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
