using Confluent.Kafka;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// A table row's timestamp on a running instance, as Kafka's timestamped stores keep it. It survives a restore: the count's
/// changelog holds the count alone with the row's timestamp as the record's, and an instance with wiped state, restoring from
/// it, joins the two again, so a later out-of-order record still gives the count the largest timestamp. And an interactive
/// query that asks for <see cref="ValueAndTimestamp{TValue}"/> reads it (Kafka's <c>QueryableStoreTypes.timestampedKeyValueStore</c>).
/// </summary>
public class TableTimestampRuntimeTests
{
    private const string ApplicationId = "table-timestamp-app";
    private const long Later = 1_700_000_005_000;
    private const long Earlier = 1_700_000_001_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Count_RestoredFromItsChangelog_KeepsItsRowsTimestamp()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 1);
        cluster.CreateTopic("counts", 1);
        using var first = new KafkaTestKit.TempDir();
        using var wiped = new KafkaTestKit.TempDir();

        KafkaTestKit.Produce(cluster, "in", [("k", "a", Later)]);
        await RunUntil(cluster, first.Path, counts: 1);
        var changelog = KafkaTestKit.ReadUntil(cluster, $"{ApplicationId}-counts-changelog", r => r.Count >= 1, Deadline);
        Assert.Equal(8, changelog[0].Message.Value.Length); // the count alone, no timestamp before it
        Assert.Equal(Later, changelog[0].Message.Timestamp.UnixTimestampMs);

        KafkaTestKit.Produce(cluster, "in", [("k", "b", Earlier)]);
        var counts = await RunUntil(cluster, wiped.Path, counts: 2);

        var last = counts[^1];
        Assert.Equal(2L, System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(last.Message.Value));
        Assert.Equal(Later, last.Message.Timestamp.UnixTimestampMs); // the restored row's, not the out-of-order record's
    }

    [Fact]
    public async Task InteractiveQuery_AskingForTimestamps_ReadsEachRowsTimestamp()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("counts", 2);
        using var state = new KafkaTestKit.TempDir();
        KafkaTestKit.Produce(cluster, "in", [("k", "a", Later), ("k", "b", Earlier), ("j", "c", Earlier)]);

        var streams = new KafkaStreams(RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts")), RuntimeApps.Config(cluster, ApplicationId, state.Path));
        await using (streams)
        {
            streams.Start();
            KafkaTestKit.ReadUntil(cluster, "counts", r => r.Count >= 3, Deadline);
            var rows = streams.Store<IReadOnlyKeyValueStore<string, ValueAndTimestamp<long>>>("counts");

            Assert.Equal(new ValueAndTimestamp<long>(2, Later), rows.Get("k")); // the out-of-order record did not move it back
            Assert.Equal(new ValueAndTimestamp<long>(1, Earlier), rows.Get("j"));
            Assert.Equal(2L, streams.Store<IReadOnlyKeyValueStore<string, long>>("counts").Get("k")); // values alone, as before
            Assert.Equal(["j", "k"], rows.All().Select(kv => kv.Key).Order());
        }
    }

    /// <summary>Runs the counting app until <c>counts</c> holds <paramref name="counts"/> records, then closes it cleanly.</summary>
    private static async Task<List<ConsumeResult<byte[], byte[]>>> RunUntil(EmbeddedKafkaCluster cluster, string stateDir, int counts)
    {
        var streams = new KafkaStreams(RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts")), RuntimeApps.Config(cluster, ApplicationId, stateDir));
        await using (streams)
        {
            streams.Start();
            return KafkaTestKit.ReadUntil(cluster, "counts", r => r.Count >= counts, Deadline);
        }
    }
}
