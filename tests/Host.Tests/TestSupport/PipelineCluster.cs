using Pulse.Host.Init;
using Pulse.Streams.Testing;
using Pulse.Vitals;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// An embedded Kafka cluster (three brokers) with the pipeline's topics made as <c>pulse broker</c>
/// makes them (<see cref="PipelineTopics"/>), for replicas of <see cref="ApplicationId"/> and <see cref="OtherApplicationId"/>.
/// </summary>
public sealed class PipelineCluster : IDisposable
{
    public const string ApplicationId = "test-vitals";

    /// <summary>A second application, for tests that need a consumer group of their own.</summary>
    public const string OtherApplicationId = "test-vitals-other";

    public const int Partitions = 4;

    /// <summary>
    /// The tasks of the vitals topology here: one per partition for the patients' sub-topology and for the one that moves
    /// vehicle positions onto the dispatch partition, and the dispatch stage's one.
    /// </summary>
    public const int Tasks = 2 * Partitions + 1;

    public PipelineCluster()
    {
        Kafka = EmbeddedKafkaCluster.Start(brokers: 3);
        var topics = PipelineTopics.For(new VitalsOptions(), "sink.dlq", ApplicationId, Partitions)
            .Concat(PipelineTopics.For(new VitalsOptions(), "sink.dlq", OtherApplicationId, Partitions))
            .DistinctBy(t => t.Name);
        foreach (var topic in topics)
            Kafka.CreateTopic(topic.Name, topic.Partitions, replicationFactor: 3);
    }

    public EmbeddedKafkaCluster Kafka { get; }

    public VitalsTopics Topics { get; } = new();

    public void Dispose() => Kafka.Dispose();
}
