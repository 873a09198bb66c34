using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// Instances of one application share its six tasks, and tasks move when instances join and
/// leave cleanly. Exactly-once is checked on clean operations only: the mock broker does not
/// hide aborted records from read_committed readers, so a run with an abort cannot show it.
/// </summary>
public class ScalingTests
{
    private const int Partitions = 6;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Instances_SplitTheTasks_AndProcessEveryRecord(int instanceCount)
    {
        using var cluster = StartCluster();
        var dirs = Enumerable.Range(0, instanceCount).Select(_ => new KafkaTestKit.TempDir()).ToList();
        var instances = dirs.Select(d => new KafkaStreams(RuntimeApps.Echo(), RuntimeApps.Config(cluster, "scaling-app", d.Path))).ToList();
        try
        {
            foreach (var s in instances) s.Start();
            Wait.Until(() => instances.All(s => s.State == KafkaStreamsState.Running && s.ActiveTasks.Count > 0)
                && instances.Sum(s => s.ActiveTasks.Count) == Partitions, Deadline, "every instance to run some of the tasks");
            var owned = instances.SelectMany(s => s.ActiveTasks).ToList();
            Assert.Equal(Partitions, owned.Distinct().Count());

            var input = RuntimeApps.Ids(0, 600);
            KafkaTestKit.Produce(cluster, "in", input);
            var output = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= input.Count, Deadline);
            Assert.Equal(input.Select(i => i.Value).Order(), RuntimeApps.Values(output).Order());
        }
        finally
        {
            foreach (var s in instances) await s.DisposeAsync();
            foreach (var d in dirs) d.Dispose();
        }
    }

    [Theory]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    public async Task TwoThreadsThenASecondInstance_ShareTheTasks_RunAgain_AndOutputEveryRecordOnce(ProcessingGuarantee guarantee)
    {
        using var cluster = StartCluster();
        using var dirA = new KafkaTestKit.TempDir();
        using var dirB = new KafkaTestKit.TempDir();
        var configA = RuntimeApps.Config(cluster, "threads-app", dirA.Path, guarantee);
        configA.NumStreamThreads = 2;
        var configB = RuntimeApps.Config(cluster, "threads-app", dirB.Path, guarantee);
        configB.NumStreamThreads = 2;
        var a = new KafkaStreams(RuntimeApps.Echo(), configA);
        var b = new KafkaStreams(RuntimeApps.Echo(), configB);
        await using (a)
        await using (b)
        {
            a.Start();
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 300));
            Wait.Until(() => a.State == KafkaStreamsState.Running && a.Threads.Count(t => t.Tasks.Count > 0) == 2, Deadline,
                "both threads of the first instance to run tasks");

            b.Start();
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(300, 300));
            Wait.Until(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
                && a.ActiveTasks.Count + b.ActiveTasks.Count == Partitions && b.ActiveTasks.Count > 0, Deadline,
                "both instances to run again after the rebalance, sharing the tasks");

            // At-least-once may repeat records, so read until every distinct id is there (a loss times out).
            var output = KafkaTestKit.ReadUntil(cluster, "out", r => RuntimeApps.Values(r).Distinct().Count() >= 600, Deadline);
            var values = RuntimeApps.Values(output);
            if (guarantee == ProcessingGuarantee.ExactlyOnceV2) Assert.Equal(RuntimeApps.Ids(0, 600).Select(i => i.Value).Order(), values.Order());
            else Assert.Equal(RuntimeApps.Ids(0, 600).Select(i => i.Value).Order(), values.Distinct().Order());
        }
    }

    [Theory]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    public async Task InstanceJoinsThenLeavesCleanly_TasksMove_AndEveryRecordIsOutput(ProcessingGuarantee guarantee)
    {
        using var cluster = StartCluster();
        using var dirA = new KafkaTestKit.TempDir();
        using var dirB = new KafkaTestKit.TempDir();
        var a = new KafkaStreams(RuntimeApps.Echo(), RuntimeApps.Config(cluster, "scaling-app", dirA.Path, guarantee));
        var b = new KafkaStreams(RuntimeApps.Echo(), RuntimeApps.Config(cluster, "scaling-app", dirB.Path, guarantee));
        await using (a)
        await using (b)
        {
            a.Start();
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 300));
            Wait.Until(() => a.State == KafkaStreamsState.Running, Deadline, "the first instance to run");

            b.Start(); // joins while the first may still be processing
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(300, 300));
            Wait.Until(() => a.ActiveTasks.Count > 0 && b.ActiveTasks.Count > 0 && a.ActiveTasks.Count + b.ActiveTasks.Count == Partitions
                && a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running, Deadline, "the tasks to spread over both instances");
            KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 600, Deadline);

            Assert.True(await a.CloseAsync(Deadline));
            Wait.Until(() => b.ActiveTasks.Count == Partitions && b.State == KafkaStreamsState.Running, Deadline, "the remaining instance to take every task");
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(600, 300));
            KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 900, Deadline);
            Assert.True(await b.CloseAsync(Deadline));
        }

        var ids = RuntimeApps.Values(RuntimeApps.ReadAll(cluster, "out", Partitions, Deadline));
        var expected = RuntimeApps.Ids(0, 900).Select(i => i.Value).ToList();
        if (guarantee == ProcessingGuarantee.ExactlyOnceV2) Assert.Equal(expected.Order(), ids.Order());
        else Assert.Empty(expected.Except(ids));
    }

    private static EmbeddedKafkaCluster StartCluster()
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        cluster.CreateTopic("in", Partitions);
        cluster.CreateTopic("out", Partitions);
        return cluster;
    }
}
