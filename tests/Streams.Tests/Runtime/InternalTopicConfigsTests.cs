using System.Collections.Concurrent;
using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// StreamsConfig.InternalTopicConfigs, as Kafka's topic.-prefixed settings: over the defaults of every changelog and repartition
/// topic, under a store's own changelog configs, never the cleanup policy.
/// </summary>
public class InternalTopicConfigsTests
{
    /// <summary>Counts per value (a repartition topic and the count's changelog) and a store whose changelog sets its own retention.</summary>
    private static Topology Counts()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("own"), Serdes.String, Serdes.String)
            .WithLoggingEnabled(new Dictionary<string, string> { ["retention.ms"] = "1000" }));
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .ProcessValues(() => new PassValues(), Named.As("pass"), "own")
            .GroupBy((_, v) => v, new Grouped<string, string>(Serdes.String, Serdes.String, "by-value"))
            .Count(Materialized.As<string, long>("counts"));
        return builder.Build();
    }

    private sealed class PassValues : Pulse.Streams.Processor.IFixedKeyProcessor<string, string, string>
    {
        private Pulse.Streams.Processor.IFixedKeyProcessorContext<string, string> _context = null!;
        public void Init(Pulse.Streams.Processor.IFixedKeyProcessorContext<string, string> context) => _context = context;
        public void Process(Pulse.Streams.Processor.FixedKeyRecord<string, string> record) => _context.Forward(record);
    }

    private static readonly Dictionary<string, string> Overrides = new() { ["min.insync.replicas"] = "2", ["retention.ms"] = "604800000" };

    [Fact]
    public void Overrides_ApplyToEveryInternalTopic_UnderAStoresOwnConfigs()
    {
        var topics = Counts().InternalTopics("app", _ => 2, Overrides).ToDictionary(t => t.Name, t => t.Configs);

        var repartition = topics["app-by-value-repartition"];
        var changelog = topics["app-counts-changelog"];
        var own = topics["app-own-changelog"];
        Assert.Equal(("delete", "604800000", "2", "52428800"),
            (repartition["cleanup.policy"], repartition["retention.ms"], repartition["min.insync.replicas"], repartition["segment.bytes"]));
        Assert.Equal(("compact", "2"), (changelog["cleanup.policy"], changelog["min.insync.replicas"]));
        Assert.Equal(("compact", "1000", "2"), (own["cleanup.policy"], own["retention.ms"], own["min.insync.replicas"]));
    }

    [Fact]
    public void TheCleanupPolicy_IsRefused_NamingTheSetting()
    {
        var config = new StreamsConfig { ApplicationId = "app", BootstrapServers = "localhost:9092" };
        config.InternalTopicConfigs["cleanup.policy"] = "delete";

        var error = Assert.Throws<StreamsConfigException>(config.Validate);

        Assert.Contains("InternalTopicConfigs cannot set cleanup.policy", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Creates on the cluster and keeps what it was asked to create.</summary>
    private sealed class Recording(ITopicCreator inner) : ITopicCreator
    {
        public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Created { get; } = new();
        public int? PartitionCount(string topic) => inner.PartitionCount(topic);
        public IReadOnlyList<string> ExistingTopics() => inner.ExistingTopics();

        public void CreateTopic(string topic, int partitions, IReadOnlyDictionary<string, string> configs)
        {
            Created[topic] = configs;
            inner.CreateTopic(topic, partitions, configs);
        }
    }

    [Fact]
    public async Task AnApplication_CreatesItsInternalTopicsWithThem()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        using var state = new KafkaTestKit.TempDir();
        var config = RuntimeApps.Config(cluster, "configs-app", state.Path);
        var recording = new Recording(cluster.TopicCreator);
        config.TopicCreator = recording;
        foreach (var (k, v) in Overrides) config.InternalTopicConfigs[k] = v;

        var streams = new KafkaStreams(Counts(), config);
        await using (streams)
        {
            streams.Start();
            Wait.Until(() => streams.State == KafkaStreamsState.Running, TimeSpan.FromSeconds(60), "the application to run");
        }

        Assert.Equal("2", recording.Created["configs-app-by-value-repartition"]["min.insync.replicas"]);
        Assert.Equal(("2", "604800000"), (recording.Created["configs-app-counts-changelog"]["min.insync.replicas"],
            recording.Created["configs-app-counts-changelog"]["retention.ms"]));
    }
}
