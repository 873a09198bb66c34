using System.Globalization;
using Pulse.Streams.Testing;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>One embedded Kafka cluster for the simulator tests that publish (SimulateEndToEndTests, VitalsSimulatorTests).</summary>
public sealed class SimulatorClusterFixture : IDisposable
{
    private int _topics;

    public EmbeddedKafkaCluster Kafka { get; } = EmbeddedKafkaCluster.Start(brokers: 3);

    /// <summary>A fresh topic of <paramref name="partitions"/> partitions.</summary>
    public string NewTopic(int partitions)
    {
        var topic = $"sim{Interlocked.Increment(ref _topics).ToString(CultureInfo.InvariantCulture)}.vitals.raw";
        Kafka.CreateTopic(topic, partitions);
        return topic;
    }

    public void Dispose() => Kafka.Dispose();
}
