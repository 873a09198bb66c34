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
    /// <summary>The consumers' <c>session.timeout.ms</c> unless set: how long until a dead replica's tasks move.</summary>
    public const int SessionTimeoutMs = 10_000;

    /// <summary>The consumers' <c>heartbeat.interval.ms</c> unless set.</summary>
    public const int HeartbeatIntervalMs = 3_000;

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
        if (!string.IsNullOrWhiteSpace(replica.ApplicationServer)) config.ApplicationServer = replica.ApplicationServer.Trim();
        config.Consumer = new ConsumerConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal));
        // Monitoring defaults (Kafka:Properties wins): a dead replica is noticed after 10 s, not librdkafka's 45 s; a real
        // broker allows 6 s at the least (group.min.session.timeout.ms). Heartbeats at a third of it.
        config.Consumer.SessionTimeoutMs ??= SessionTimeoutMs;
        config.Consumer.HeartbeatIntervalMs ??= HeartbeatIntervalMs;
        config.Producer = new ProducerConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal));
        config.Admin = new AdminClientConfig(new Dictionary<string, string>(kafka.Properties, StringComparer.Ordinal));
        if (replica.CommitIntervalMs is { } commit) config.CommitInterval = TimeSpan.FromMilliseconds(commit);
    }
}
