using Pulse.Host.Init;
using Pulse.Streams.Testing;
using Pulse.Topology;

namespace Pulse.Host.Tests.Replica;

/// <summary>
/// An embedded Kafka cluster (three brokers) with the pipeline's topics made as <c>pulse broker</c>
/// makes them (<see cref="PipelineTopics"/>), for replicas of <see cref="ApplicationId"/>.
/// </summary>
public sealed class PipelineCluster : IDisposable
{
    public const string ApplicationId = "test-vitals";

    public const int Partitions = 4;

    public PipelineCluster()
    {
        Kafka = EmbeddedKafkaCluster.Start(brokers: 3);
        foreach (var topic in PipelineTopics.For(new VitalsOptions(), new TopicsOptions(), "sink.dlq", ApplicationId, Partitions))
            Kafka.CreateTopic(topic.Name, topic.Partitions, replicationFactor: 3);
    }

    public EmbeddedKafkaCluster Kafka { get; }

    public TopicOptions Topics { get; } = new();

    public void Dispose() => Kafka.Dispose();
}
