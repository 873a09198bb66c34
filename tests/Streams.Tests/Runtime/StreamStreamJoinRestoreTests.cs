using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// A stream–stream left join on the Kafka runtime keeps its state across a restart: its in-memory window and
/// outer-join stores come back from their changelogs (<c>&lt;app&gt;-&lt;store&gt;-changelog</c>), so left records
/// read before the restart still meet right records after it, and the ones that never meet one are still emitted
/// with null once their window closes.
/// </summary>
public class StreamStreamJoinRestoreTests
{
    private const string App = "join-restore-app";
    private const int Keys = 12;
    private const long T = 1_700_000_000_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LeftJoin_InMemoryStores_AreRestoredFromTheirChangelogs_AndJoinAsBefore()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        foreach (var topic in new[] { "left", "right", "out" }) cluster.CreateTopic(topic, 2);
        using var state = new KafkaTestKit.TempDir();

        // Before the restart: the left records meet nothing yet, so they wait in the window and outer-join stores.
        var first = await Run(cluster, state.Path, () =>
        {
            KafkaTestKit.Produce(cluster, "left", Enumerable.Range(0, Keys).Select(i => ($"key-{i}", $"L{i}", T)));
            KafkaTestKit.ReadUntil(cluster, $"{App}-KSTREAM-OUTERSHARED-0000000004-store-changelog", r => r.Count == Keys, Deadline);
        });
        Assert.Equal(0, first.Restored);

        // After it: half of them meet a right record; once stream time passes their window, the rest come out with null.
        var second = await Run(cluster, state.Path, () =>
        {
            KafkaTestKit.Produce(cluster, "right", Enumerable.Range(0, Keys / 2).Select(i => ($"key-{i}", $"r{i}", T + 30_000)));
            KafkaTestKit.ReadUntil(cluster, "out", r => r.Count == Keys / 2, Deadline);
            KafkaTestKit.Produce(cluster, "left", Enumerable.Range(0, Keys).Select(i => ($"key-{i}", "tick", T + 600_000)));
            var output = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= Keys, Deadline);
            var expected = Enumerable.Range(0, Keys).Select(i => i < Keys / 2 ? $"key-{i}:L{i}+r{i}" : $"key-{i}:L{i}+null");
            Assert.Equal(expected.Order(StringComparer.Ordinal), output.Select(r => $"{RuntimeApps.Text(r.Message.Key)}:{RuntimeApps.Text(r.Message.Value)}").Order(StringComparer.Ordinal));
        });
        Assert.Equal(2 * Keys, second.Restored); // the left window store's and the outer-join store's changelogs
    }

    private static async Task<RestoreCounter> Run(EmbeddedKafkaCluster cluster, string stateDir, Action whileRunning)
    {
        var restored = new RestoreCounter();
        var config = RuntimeApps.Config(cluster, App, stateDir);
        config.StateRestoreListener = restored;
        var streams = new KafkaStreams(Topology(), config);
        await using (streams)
        {
            streams.Start();
            whileRunning();
        }
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
        return restored;
    }

    private static Topology Topology()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream("left", Consumed.With(Serdes.String, Serdes.String));
        var right = builder.Stream("right", Consumed.With(Serdes.String, Serdes.String));
        left.LeftJoin(right, (l, r) => $"{l}+{r ?? "null"}", JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMinutes(1)),
                StreamJoined.With(Serdes.String, Serdes.String, Serdes.String).WithStoreType(StoreType.InMemory))
            .To("out", Produced.With(Serdes.String, Serdes.String));
        return builder.Build();
    }
}
