using Confluent.Kafka;
using Pulse.Streams.Dsl;
using Pulse.Streams.Serialization;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// A session store comes back from its changelog after a restart: the app counts per key and session
/// (uncached, so each record writes its changelog records and one count at once). A key's records are
/// milliseconds apart, so each key has one session that every run keeps growing.
/// </summary>
public class SessionRestoreTests
{
    private const int Keys = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly Serde<Windowed<string>> SessionSerde = WindowedSerdes.SessionWindowed(Serdes.String);

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public async Task SessionStore_IsRestoredFromItsChangelog_SoTheSessionsKeepGrowing_AndIsQueryable(StoreType storeType)
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("session-counts", 1); // one partition: a session-windowed key's bytes change with its session, so only one keeps a key's updates in order
        using var first = new KafkaTestKit.TempDir();
        using var second = new KafkaTestKit.TempDir(); // a fresh state directory: the RocksDB store must be restored too

        var initial = await RunUntilCounted(cluster, storeType, first.Path, firstId: 0, count: 240, expectedPerKey: 20);
        Assert.Equal(0, initial.Restored);

        var restarted = await RunUntilCounted(cluster, storeType, second.Path, firstId: 240, count: 120, expectedPerKey: 30);
        // Per key: the first record puts its session; each later one removes the session it grows and puts the new one.
        Assert.Equal(2 * 240 - Keys, restarted.Restored);
    }

    private static Topology SessionCounts(StoreType storeType)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMinutes(1)))
            .Count(Materialized.As<string, long>("sessions").WithStoreType(storeType).WithCachingDisabled())
            .ToStream()
            .To("session-counts", Produced.With(SessionSerde, Serdes.Int64));
        return builder.Build();
    }

    /// <summary>Produces ids [firstId, firstId+count), runs the app until every key's latest session count is <paramref name="expectedPerKey"/>, queries the store, closes cleanly.</summary>
    private static async Task<RestoreCounter> RunUntilCounted(EmbeddedKafkaCluster cluster, StoreType storeType, string stateDir, int firstId, int count,
        long expectedPerKey)
    {
        var restored = new RestoreCounter();
        var config = RuntimeApps.Config(cluster, $"session-restore-{storeType}", stateDir);
        config.StateRestoreListener = restored;
        KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(firstId, count, Keys));
        var streams = new KafkaStreams(SessionCounts(storeType), config);
        await using (streams)
        {
            streams.Start();
            var counts = KafkaTestKit.ReadUntil(cluster, "session-counts",
                r => LatestCounts(r) is { Count: Keys } latest && latest.Values.All(c => c >= expectedPerKey), Deadline);
            Assert.All(LatestCounts(counts).Values, c => Assert.Equal(expectedPerKey, c));

            var store = streams.Store<IReadOnlySessionStore<string, long>>("sessions");
            var sessions = store.Fetch("key-0").ToList();
            var session = Assert.Single(sessions);
            Assert.Equal(expectedPerKey, session.Value);
            Assert.Equal(1_700_000_000_000L, session.Key.Window.StartMs);
        }
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
        return restored;
    }

    /// <summary>The last count written per key, over non-null values (a merged session's delete carries no count).</summary>
    private static Dictionary<string, long> LatestCounts(IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        var latest = new Dictionary<string, long>();
        foreach (var r in records)
        {
            var session = SessionSerde.Deserialize(r.Message.Key, default);
            var value = Serdes.Int64.Deserialize(r.Message.Value, default);
            if (value > 0) latest[session.Key] = value;
        }
        return latest;
    }
}
