using Confluent.Kafka;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// Instances that set <see cref="StreamsConfig.ApplicationServer"/> learn each other from their heartbeats on
/// the members topic: which one holds a key, which ones are alive; one that closes leaves the others' view at once.
/// </summary>
public class MembershipTests
{
    private const int Partitions = 6;
    private const int Keys = 60;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoInstances_QueryMetadataForKey_NamesTheOneHoldingIt_AndAllMetadataListsBoth_UntilOneCloses()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        cluster.CreateTopic("in", Partitions);
        cluster.CreateTopic("counts", Partitions);
        using var dirA = new KafkaTestKit.TempDir();
        using var dirB = new KafkaTestKit.TempDir();
        var a = new KafkaStreams(CountApp(), Config(cluster, dirA.Path, "host-a:7001"));
        var b = new KafkaStreams(CountApp(), Config(cluster, dirB.Path, "host-b:7002"));
        await using (a)
        await using (b)
        {
            a.Start();
            b.Start();
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, Keys, Keys));
            var hostA = new HostInfo("host-a", 7001);
            var hostB = new HostInfo("host-b", 7002);
            Wait.Until(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
                && a.ActiveTasks.Count > 0 && b.ActiveTasks.Count > 0 && a.ActiveTasks.Count + b.ActiveTasks.Count == Partitions
                && AllMetadata(a).Count == 2 && AllMetadata(b).Count == 2 && AllMetadata(a)[1].TopicPartitions.Count == b.ActiveTasks.Count,
                Deadline, "both instances to run and to see each other's tasks");

            var partitionsOfB = b.LocalMetadata().TopicPartitions;
            Assert.Equal(partitionsOfB.OrderBy(tp => tp.Partition.Value), AllMetadata(a)[1].TopicPartitions.OrderBy(tp => tp.Partition.Value));
            Assert.Equal(hostB, AllMetadata(a)[1].HostInfo);
            var written = KafkaTestKit.ReadUntil(cluster, "in", r => r.Count >= Keys, Deadline)
                .ToDictionary(r => RuntimeApps.Text(r.Message.Key), r => r.Partition.Value);
            foreach (var (key, partition) in written)
            {
                var expected = partitionsOfB.Contains(new TopicPartition("in", partition)) ? hostB : hostA;
                Assert.Equal(new KeyQueryMetadata(expected, partition), await a.QueryMetadataForKeyAsync("counts", key, Serdes.String));
                Assert.Equal(new KeyQueryMetadata(expected, partition), await b.QueryMetadataForKeyAsync("counts", key, Serdes.String));
            }

            Assert.True(await b.CloseAsync(Deadline));
            // Far sooner than the membership timeout (a minute here): the closed instance said it left.
            Wait.Until(() => AllMetadata(a) is [var only] && only.HostInfo == hostA, TimeSpan.FromSeconds(10), "the closed instance to leave the other's view");
        }
    }

    private static IReadOnlyList<StreamsMetadata> AllMetadata(KafkaStreams streams) => streams.AllMetadataAsync().GetAwaiter().GetResult();

    private static Topology CountApp() => RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts"));

    private static StreamsConfig Config(EmbeddedKafkaCluster cluster, string stateDir, string server)
    {
        var config = RuntimeApps.Config(cluster, "members-app", stateDir);
        config.ApplicationServer = server;
        config.MembershipHeartbeatInterval = TimeSpan.FromMilliseconds(200);
        config.MembershipTimeout = TimeSpan.FromMinutes(1);
        return config;
    }
}
