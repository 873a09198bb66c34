using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>Cogroup and EmitStrategy.OnWindowClose on the embedded cluster: results across a restart that rebuilds the stores from their changelogs.</summary>
public class CogroupAndEmitRuntimeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly Consumed<string, string> Strings = Consumed.With(Serdes.String, Serdes.String);

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task Cogroup_TwoStreamsIntoOneAggregate_SurvivesARestartWithAWipedStateDir(ProcessingGuarantee guarantee)
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "clicks", "views", "activity" }) cluster.CreateTopic(topic, 2);
        var builder = new StreamsBuilder();
        var views = builder.Stream("views", Strings).GroupByKey();
        builder.Stream("clicks", Strings).GroupByKey()
            .Cogroup<long>((_, _, agg) => agg + 1)
            .Cogroup(views, (_, _, agg) => agg + 100)
            .Aggregate(() => 0L, Materialized.As<string, long>("activity-store").WithValueSerde(Serdes.Int64))
            .ToStream().To("activity", Produced.With(Serdes.String, Serdes.Int64));
        var topology = builder.Build();
        KafkaTestKit.Produce(cluster, "clicks", Enumerable.Range(0, 10).Select(i => ($"k{i % 5}", "c", 1L + i)));
        KafkaTestKit.Produce(cluster, "views", Enumerable.Range(0, 5).Select(i => ($"k{i % 5}", "v", 20L + i)));

        using (var state = new KafkaTestKit.TempDir())
            await RunUntil(cluster, topology, state.Path, guarantee, "activity", latest => latest.Count == 5 && latest.Values.All(v => v == 102));

        KafkaTestKit.Produce(cluster, "views", Enumerable.Range(0, 5).Select(i => ($"k{i % 5}", "v", 40L + i)));
        var restored = new RestoreCounter();
        using (var wiped = new KafkaTestKit.TempDir())
            await RunUntil(cluster, topology, wiped.Path, guarantee, "activity", latest => latest.Count == 5 && latest.Values.All(v => v == 202), restored);
        Assert.True(restored.Restored > 0);
    }

    [Fact]
    public async Task OnWindowClose_EmitsEachWindowOnce_AcrossARestart()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "in", "finals" }) cluster.CreateTopic(topic, 1);
        var windowed = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromSeconds(1));
        var builder = new StreamsBuilder();
        builder.Stream("in", Strings).GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(1)))
            .EmitStrategy(EmitStrategy.OnWindowClose())
            .Count(Materialized.As<string, long>("counts"))
            .ToStream((w, _) => $"{w.Key}@{w.Window.StartMs}").To("finals", Produced.With(Serdes.String, Serdes.Int64));
        var topology = builder.Build();
        KafkaTestKit.Produce(cluster, "in", [("a", "1", 100L), ("b", "2", 200L), ("a", "3", 900L), ("a", "4", 1_500L)]);

        using (var state = new KafkaTestKit.TempDir())
            await RunUntil(cluster, topology, state.Path, ProcessingGuarantee.AtLeastOnce, "finals", latest => latest.Count == 2);

        KafkaTestKit.Produce(cluster, "in", [("b", "5", 2_100L)]); // closes [1000, 2000)
        using (var wiped = new KafkaTestKit.TempDir())
        {
            var finals = await RunUntil(cluster, topology, wiped.Path, ProcessingGuarantee.AtLeastOnce, "finals", latest => latest.Count == 3);
            Assert.Equal(new Dictionary<string, long> { ["a@0"] = 2, ["b@0"] = 1, ["a@1000"] = 1 }, finals);
        }
        var all = RuntimeApps.ReadAll(cluster, "finals", 1, Deadline);
        Assert.Equal(3, all.Count); // no window emitted twice
    }

    private static async Task<Dictionary<string, long>> RunUntil(EmbeddedKafkaCluster cluster, Topology topology, string stateDir, ProcessingGuarantee guarantee,
        string output, Func<Dictionary<string, long>, bool> done, RestoreCounter? restored = null)
    {
        var config = RuntimeApps.Config(cluster, "dsl-ops-" + output, stateDir, guarantee);
        if (restored is not null) config.StateRestoreListener = restored;
        var streams = new KafkaStreams(topology, config);
        await using (streams)
        {
            streams.Start();
            var isolation = guarantee == ProcessingGuarantee.ExactlyOnceV2 ? Confluent.Kafka.IsolationLevel.ReadCommitted : Confluent.Kafka.IsolationLevel.ReadUncommitted;
            var records = KafkaTestKit.ReadUntil(cluster, output, r => done(RuntimeApps.LatestCounts(r)), Deadline, isolation);
            return RuntimeApps.LatestCounts(records);
        }
    }
}
