using Pulse.Streams.Errors;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Xunit.Abstractions;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// Standby replicas on the embedded cluster: instances of the count app (RocksDB, uncached, so each record
/// writes one changelog record) keep warm copies of each other's tasks, placed through the members topic,
/// and a failover to a warm copy restores only the changelog's tail.
/// </summary>
public class StandbyTests(ITestOutputHelper output)
{
    private const int Partitions = 6;
    private const int Keys = 60;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60); // a deadline, not a speed goal: two rebalances on the mock cluster take most of 30 s when the suite loads both cores

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task TwoInstances_OneStandbyReplica_EachKeepsTheOthersActiveTasks_WithTheSameContents(ProcessingGuarantee guarantee)
    {
        var app = $"standby-{guarantee}";
        using var cluster = StartCluster();
        using var dirA = new KafkaTestKit.TempDir();
        using var dirB = new KafkaTestKit.TempDir();
        using var metrics = new MetricsCapture(app);
        var a = new KafkaStreams(CountApp(), Config(cluster, app, dirA.Path, replicas: 1, guarantee));
        var b = new KafkaStreams(CountApp(), Config(cluster, app, dirB.Path, replicas: 1, guarantee));
        await using (a)
        await using (b)
        {
            a.Start();
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 600, Keys));
            Wait.Until(() => a.State == KafkaStreamsState.Running && a.ActiveTasks.Count == Partitions, Deadline, "the first instance to run every task");
            Assert.Empty(a.StandbyTasks); // alone, it has no other instance to stand by for

            b.Start(); // the tasks that move to b stay on a as standbys
            Wait.Until(() => Spread(a, b) && a.StandbyTasks.SequenceEqual(b.ActiveTasks) && b.StandbyTasks.SequenceEqual(a.ActiveTasks),
                Deadline, "each instance to keep the other's active tasks as standbys");
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(600, 600, Keys));

            // 1,200 records over 60 keys: 20 each, in the active stores and in the standby stores alike.
            Wait.Until(() => StandbyCounts(b) is { Count: > 0 } ofA && ofA.SequenceEqual(ActiveCounts(a))
                && StandbyCounts(a) is { Count: > 0 } ofB && ofB.SequenceEqual(ActiveCounts(b))
                && ofA.Count + ofB.Count == Keys && ofA.Values.Concat(ofB.Values).All(c => c == 20),
                Deadline, "the standby stores to hold what the active stores hold");

            var observed = metrics.Observe();
            Assert.True(observed.Sum(StreamsMetrics.StandbyRecords) >= 600, "the standbys applied at least what was produced after they all opened");
            Assert.Equal(Partitions, observed.Sum(StreamsMetrics.StandbyTaskCount));
            Wait.Until(() => metrics.Observe() is var o && o.Of(StreamsMetrics.StandbyLag).Count == Partitions && o.Sum(StreamsMetrics.StandbyLag) == 0,
                Deadline, "every standby store to report no lag");
        }
    }

    [Fact]
    public async Task KilledInstance_WithAStandby_SurvivorRestoresOnlyTheTail_WithoutOne_TheWholeChangelog()
    {
        const int records = 3_000;
        // Side by side, each on its own cluster: most of the time goes waiting for sessions and rebalances.
        var restored = await Task.WhenAll(Task.Run(() => RestoredOnFailover(replicas: 1, records)), Task.Run(() => RestoredOnFailover(replicas: 0, records)));
        var (withStandby, without) = (restored[0], restored[1]);
        output.WriteLine($"changelog records restored by the survivor after {records} records: {withStandby} with a standby replica, {without} without");

        Assert.InRange(without, records / 3, records); // the killed instance's share of the changelog, about half
        Assert.True(withStandby <= without / 10, $"with a standby the survivor restored {withStandby} records; without, {without}");
    }

    [Fact]
    public async Task NoStandbyReplicas_NoApplicationServer_NoMembersTopic_AndNoStandbys()
    {
        const string app = "no-standby-app";
        using var cluster = StartCluster();
        using var dir = new KafkaTestKit.TempDir();
        var streams = new KafkaStreams(CountApp(), Config(cluster, app, dir.Path, replicas: 0));
        await using (streams)
        {
            streams.Start();
            Wait.Until(() => streams.State == KafkaStreamsState.Running, Deadline, "Running");
            Assert.Null(streams.Membership);
            Assert.Null(cluster.TopicCreator.PartitionCount($"{app}-members"));
        }
    }

    [Fact]
    public void NumStandbyReplicas_DefaultsToZero_AndRefusesNegative_NamingTheSetting()
    {
        var config = new StreamsConfig();

        var ex = Assert.Throws<StreamsConfigException>(() => config.NumStandbyReplicas = -1);

        Assert.Equal(0, config.NumStandbyReplicas);
        Assert.Contains(nameof(StreamsConfig.NumStandbyReplicas), ex.Message, StringComparison.Ordinal);
        config.NumStandbyReplicas = 2;
        Assert.Equal(2, config.NumStandbyReplicas);
    }

    [Fact]
    public void MembershipTimeout_MustExceedTheHeartbeatInterval()
    {
        var config = new StreamsConfig { ApplicationId = "app", MembershipHeartbeatInterval = TimeSpan.FromSeconds(5), MembershipTimeout = TimeSpan.FromSeconds(5) };

        var ex = Assert.Throws<StreamsConfigException>(config.Validate);
        var zero = Assert.Throws<StreamsConfigException>(() => config.MembershipHeartbeatInterval = TimeSpan.Zero);

        Assert.Contains(nameof(StreamsConfig.MembershipTimeout), ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(StreamsConfig.MembershipHeartbeatInterval), zero.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs two instances with <paramref name="replicas"/> standby replicas, kills one after the pair counted
    /// <paramref name="records"/> records (and, with a replica, after the survivor's standbys caught up), and
    /// returns how many changelog records the survivor restored taking the killed one's tasks over.
    /// </summary>
    private async Task<long> RestoredOnFailover(int replicas, int records)
    {
        var app = $"failover-{replicas}";
        using var cluster = StartCluster();
        using var dirA = new KafkaTestKit.TempDir();
        using var dirB = new KafkaTestKit.TempDir();
        var restoredByB = new RestoreCounter();
        var configB = Config(cluster, app, dirB.Path, replicas);
        configB.StateRestoreListener = restoredByB;
        var a = new KafkaStreams(CountApp(), Config(cluster, app, dirA.Path, replicas));
        var b = new KafkaStreams(CountApp(), configB);
        await using (a)
        await using (b)
        {
            a.Start();
            b.Start();
            Wait.Until(() => Spread(a, b) && (replicas == 0 || b.StandbyTasks.SequenceEqual(a.ActiveTasks)), Deadline,
                "the tasks to spread over both instances, with their standbys in place");
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, records, Keys));
            KafkaTestKit.ReadUntil(cluster, "counts", r => RuntimeApps.MaxCounts(r) is { Count: Keys } max && max.Values.All(c => c >= records / Keys), Deadline);
            if (replicas > 0)
                Wait.Until(() => b.Membership!.Lag is { Count: > 0 } lag && lag.Count == b.StandbyTasks.Count && lag.All(l => l.Lag == 0), Deadline, "the survivor's standbys to catch up");
            var restoredBefore = restoredByB.Restored;

            a.Kill();
            Wait.Until(() => b.ActiveTasks.Count == Partitions && b.State == KafkaStreamsState.Running, Deadline, "the survivor to take every task");
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(records, Keys, Keys)); // one more per key: each count goes on from what was restored
            var counts = KafkaTestKit.ReadUntil(cluster, "counts", r => RuntimeApps.MaxCounts(r) is { Count: Keys } max && max.Values.All(c => c > records / Keys), Deadline);
            Assert.All(RuntimeApps.MaxCounts(counts).Values, c => Assert.InRange(c, records / Keys + 1, 2 * records / Keys + 1));
            Assert.Empty(b.StandbyTasks); // the survivor runs every task: nothing left to stand by for
            return restoredByB.Restored - restoredBefore;
        }
    }

    private static bool Spread(KafkaStreams a, KafkaStreams b) =>
        a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
        && a.ActiveTasks.Count > 0 && b.ActiveTasks.Count > 0 && a.ActiveTasks.Count + b.ActiveTasks.Count == Partitions;

    /// <summary>Every count in the standby stores of <paramref name="streams"/>, by key; null while one is not open.</summary>
    private static SortedDictionary<string, long>? StandbyCounts(KafkaStreams streams)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var task in streams.StandbyTasks)
        {
            var entries = streams.Membership!.Tasks.Read(task, s => ((IKeyValueStore<string, long>)s.Task.Context.FindStore("counts")!).All().ToList());
            if (entries is null) return null;
            foreach (var (key, count) in entries) counts[key] = count;
        }
        return counts;
    }

    /// <summary>Every count in the active stores of <paramref name="streams"/>, by key (empty while they move).</summary>
    private static SortedDictionary<string, long> ActiveCounts(KafkaStreams streams)
    {
        try
        {
            return new SortedDictionary<string, long>(streams.Store<IReadOnlyKeyValueStore<string, long>>("counts").All().ToDictionary(), StringComparer.Ordinal);
        }
        catch (InvalidStateStoreException)
        {
            return [];
        }
    }

    private static Topology CountApp() => RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts"));

    private static StreamsConfig Config(EmbeddedKafkaCluster cluster, string app, string stateDir, int replicas, ProcessingGuarantee guarantee = ProcessingGuarantee.AtLeastOnce)
    {
        var config = RuntimeApps.Config(cluster, app, stateDir, guarantee);
        config.NumStandbyReplicas = replicas;
        config.MembershipHeartbeatInterval = TimeSpan.FromMilliseconds(200);
        config.MembershipTimeout = TimeSpan.FromSeconds(3);
        return config;
    }

    private static EmbeddedKafkaCluster StartCluster()
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        cluster.CreateTopic("in", Partitions);
        cluster.CreateTopic("counts", Partitions);
        return cluster;
    }
}
