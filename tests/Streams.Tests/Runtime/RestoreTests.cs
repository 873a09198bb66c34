using Pulse.Streams.Errors;
using Pulse.Streams.Internal.Runtime;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// Stores come back after a restart: from the local state and its checkpoint when the state
/// directory is kept, from the changelog when it is wiped or the store lives in memory.
/// The app counts per key (uncached, so each record writes one changelog record and one count).
/// </summary>
public class RestoreTests
{
    private const int Keys = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PersistentStore_RestartAfterCleanClose_RestoresNothing_AndWipedStateDir_RestoresTheWholeChangelog()
    {
        using var cluster = StartCluster();
        using var state = new KafkaTestKit.TempDir();
        using var wiped = new KafkaTestKit.TempDir();
        var topology = () => RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts"));

        var first = await RunUntilCounted(cluster, topology(), state.Path, first: 0, count: 240, expectedPerKey: 20);
        Assert.Equal(0, first.Restored);

        var kept = await RunUntilCounted(cluster, topology(), state.Path, first: 240, count: 120, expectedPerKey: 30);
        Assert.Equal(0, kept.Restored); // the clean close checkpointed the changelogs' ends

        var full = await RunUntilCounted(cluster, topology(), wiped.Path, first: 360, count: 120, expectedPerKey: 40);
        Assert.Equal(360, full.Restored); // one changelog record per record counted before
    }

    [Fact]
    public async Task InMemoryStore_RestoresTheWholeChangelogOnEveryStart()
    {
        using var cluster = StartCluster();
        using var state = new KafkaTestKit.TempDir();
        var topology = () => RuntimeApps.Counts(Stores.InMemoryKeyValueStore("counts"));

        var first = await RunUntilCounted(cluster, topology(), state.Path, first: 0, count: 240, expectedPerKey: 20);
        Assert.Equal(0, first.Restored);

        var second = await RunUntilCounted(cluster, topology(), state.Path, first: 240, count: 120, expectedPerKey: 30);
        Assert.Equal(240, second.Restored); // the checkpoint of the clean close does not count for a store that starts empty
    }

    [Fact]
    public async Task LockedStateDirectory_TaskWaitsForItsOwner_ThenProcesses()
    {
        using var cluster = StartCluster();
        using var state = new KafkaTestKit.TempDir();
        var logs = new CapturingLoggerFactory();
        var config = RuntimeApps.Config(cluster, "restore-app", state.Path);
        config.LoggerFactory = logs;
        KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 24, Keys));
        var owner = TaskDirectory.Lock(config, new TaskId(0, 1), TimeSpan.Zero); // as another instance sharing the state directory

        var streams = new KafkaStreams(RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts")), config) { StateDirLockTimeout = Deadline };
        await using (streams)
        {
            streams.Start();
            Wait.Until(() => logs.Contains("is locked; waiting"), Deadline, "the thread to wait for the lock of task 0_1");
            Assert.Equal(KafkaStreamsState.Rebalancing, streams.State);
            owner.Dispose();
            var counts = KafkaTestKit.ReadUntil(cluster, "counts", r => RuntimeApps.LatestCounts(r).Values.Sum() == 24, Deadline);
            Assert.Equal(Keys, RuntimeApps.LatestCounts(counts).Count);
            Wait.Until(() => streams.State == KafkaStreamsState.Running, Deadline, "Running");
        }
    }

    [Fact]
    public async Task LockedStateDirectory_NeverReleased_FailsTheInstanceNamingTheTask()
    {
        using var cluster = StartCluster();
        using var state = new KafkaTestKit.TempDir();
        var config = RuntimeApps.Config(cluster, "restore-app", state.Path);
        using var owner = TaskDirectory.Lock(config, new TaskId(0, 0), TimeSpan.Zero);

        var streams = new KafkaStreams(RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts")), config) { StateDirLockTimeout = TimeSpan.FromMilliseconds(500) };
        await using (streams)
        {
            streams.Start();
            Wait.Until(() => streams.State == KafkaStreamsState.Error, Deadline, "the instance to fail");
            var failure = Assert.IsType<ProcessorStateException>(streams.Failure?.InnerException);
            Assert.Contains("of task 0_0 is locked by another instance", failure.Message, StringComparison.Ordinal);
        }
    }

    private static EmbeddedKafkaCluster StartCluster()
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 2);
        cluster.CreateTopic("counts", 2);
        return cluster;
    }

    /// <summary>Produces ids [first, first+count), runs the app until every key's latest count is <paramref name="expectedPerKey"/>, closes it cleanly.</summary>
    private static async Task<RestoreCounter> RunUntilCounted(EmbeddedKafkaCluster cluster, Topology topology, string stateDir, int first, int count, long expectedPerKey)
    {
        var restored = new RestoreCounter();
        var config = RuntimeApps.Config(cluster, "restore-app", stateDir);
        config.StateRestoreListener = restored;
        KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(first, count, Keys));
        var streams = new KafkaStreams(topology, config);
        await using (streams)
        {
            streams.Start();
            var counts = KafkaTestKit.ReadUntil(cluster, "counts",
                r => RuntimeApps.LatestCounts(r) is { Count: Keys } latest && latest.Values.All(c => c >= expectedPerKey), Deadline);
            Assert.All(RuntimeApps.LatestCounts(counts).Values, c => Assert.Equal(expectedPerKey, c));
        }
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
        return restored;
    }
}
