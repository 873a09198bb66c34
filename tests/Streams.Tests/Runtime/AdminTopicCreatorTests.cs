using Confluent.Kafka;
using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Kafka;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>The admin-client topic creator, against a broker that answers metadata but not CreateTopics (the mock).</summary>
public class AdminTopicCreatorTests
{
    private static (EmbeddedKafkaCluster Cluster, IAdminClient Admin, AdminTopicCreator Creator) Start()
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        NativeLibraryLoader.EnsureLoaded();
        var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        return (cluster, admin, new AdminTopicCreator(admin, -1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ExistingTopicWithTheRightPartitions_IsAccepted_WithoutCreateTopics()
    {
        var (cluster, admin, creator) = Start();
        using (cluster)
        using (admin)
        {
            cluster.CreateTopic("app-store-changelog", 4);
            creator.CreateTopic("app-store-changelog", 4, new Dictionary<string, string>());
            Assert.Equal(4, creator.PartitionCount("app-store-changelog"));
        }
    }

    [Fact]
    public void ExistingTopicWithOtherPartitions_FailsNamingTheTopicAndBothCounts()
    {
        var (cluster, admin, creator) = Start();
        using (cluster)
        using (admin)
        {
            cluster.CreateTopic("app-store-changelog", 2);
            var error = Assert.Throws<StreamsException>(() => creator.CreateTopic("app-store-changelog", 4, new Dictionary<string, string>()));
            Assert.Contains("'app-store-changelog' exists with 2 partitions", error.Message, StringComparison.Ordinal);
            Assert.Contains("needs 4", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MissingTopic_IsNotCreatedByLookingItUp()
    {
        var (cluster, admin, creator) = Start();
        using (cluster)
        using (admin)
        {
            Assert.Null(creator.PartitionCount("never-made"));
            Assert.Null(creator.PartitionCount("never-made"));
        }
    }

    [Fact]
    public void Start_WithAMissingSourceTopic_FailsNamingIt()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        using var dir = new KafkaTestKit.TempDir();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("absent-input").To("out");
        var streams = new KafkaStreams(builder.Build(), KafkaTestKit.Config(cluster, "missing-source-app", dir.Path));
        var error = Assert.Throws<StreamsException>(streams.Start);
        Assert.Contains("Source topic 'absent-input' does not exist", error.Message, StringComparison.Ordinal);
    }
}
