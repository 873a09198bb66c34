using Pulse.Host.Configuration;
using Pulse.Host.Replica;
using Pulse.Streams;
using Pulse.Streams.Errors;
using Pulse.Vitals;

namespace Pulse.Host.Tests.Replica;

/// <summary>
/// The settings <c>pulse run</c> gives the engine where Kafka Streams' defaults do not suit monitoring: one record never
/// stops a replica (every handler continues, dead letters go to <c>vitals.invalid</c>), a dead replica is noticed after
/// 10 s rather than librdkafka's 45 s, and one standby replica keeps a failover's restore short.
/// </summary>
public sealed class StreamsConfigFactoryTests
{
    [Fact]
    public void Apply_WithDefaultSettings_ContinuesPastEveryError_AndDeadLettersToTheInvalidTopic()
    {
        var config = Applied(new KafkaOptions { BootstrapServers = "127.0.0.1:9092" });

        Assert.IsType<LogAndContinueExceptionHandler>(config.DeserializationExceptionHandler);
        Assert.IsType<LogAndContinueExceptionHandler>(config.ProcessingExceptionHandler);
        Assert.IsType<LogAndContinueExceptionHandler>(config.ProductionExceptionHandler);
        Assert.Equal(new VitalsTopics().Invalid, config.DeadLetterQueueTopic);
    }

    [Fact]
    public void Apply_WithDefaultSettings_GivesTenSecondSessions_ThreeSecondHeartbeats_AndOneStandby()
    {
        var config = Applied(new KafkaOptions { BootstrapServers = "127.0.0.1:9092" });

        Assert.Equal(10_000, config.Consumer.SessionTimeoutMs);
        Assert.Equal(3_000, config.Consumer.HeartbeatIntervalMs);
        Assert.Equal(1, config.NumStandbyReplicas);
    }

    [Fact]
    public void Apply_WithSessionSetInKafkaProperties_KeepsTheOperatorsValues()
    {
        var kafka = new KafkaOptions { BootstrapServers = "127.0.0.1:9092" };
        kafka.Properties["session.timeout.ms"] = "6000";
        kafka.Properties["heartbeat.interval.ms"] = "1000";

        var config = Applied(kafka);

        Assert.Equal(6_000, config.Consumer.SessionTimeoutMs);
        Assert.Equal(1_000, config.Consumer.HeartbeatIntervalMs);
    }

    private static StreamsConfig Applied(KafkaOptions kafka)
    {
        var config = new StreamsConfig();
        StreamsConfigFactory.Apply(config, new ReplicaOptions(), kafka, new VitalsTopics());
        return config;
    }
}
