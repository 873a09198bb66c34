using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// The life of an instance as <see cref="KafkaStreams.State"/> and <see cref="KafkaStreams.StateChanged"/>
/// show it: Created → Rebalancing → Running, back to Rebalancing while a rebalance moves tasks,
/// PendingShutdown → NotRunning on close, even when a thread is stuck.
/// </summary>
public class StateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Lifecycle_StartRebalanceClose_PassesThroughEveryState_AndReportsEachChange()
    {
        using var cluster = StartCluster();
        using var dirA = new KafkaTestKit.TempDir();
        using var dirB = new KafkaTestKit.TempDir();
        var a = new KafkaStreams(RuntimeApps.Echo(), RuntimeApps.Config(cluster, "state-app", dirA.Path));
        var states = new StateRecorder(a);
        Assert.Equal(KafkaStreamsState.Created, a.State);

        a.Start();
        Wait.Until(() => a.State == KafkaStreamsState.Running, Deadline, "the first instance to run");
        Assert.Equal([KafkaStreamsState.Rebalancing, KafkaStreamsState.Running], states.States);

        var b = new KafkaStreams(RuntimeApps.Echo(), RuntimeApps.Config(cluster, "state-app", dirB.Path));
        await using (b)
        {
            b.Start();
            Wait.Until(() => states.States.Count > 2 && a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
                && a.ActiveTasks.Count > 0 && b.ActiveTasks.Count > 0, Deadline, "the first instance to rebalance and run again");
            Assert.Equal(KafkaStreamsState.Rebalancing, states.States[2]);

            Assert.True(await a.CloseAsync(Deadline));
        }
        var all = states.Changes;
        Assert.Equal(KafkaStreamsState.Created, all[0].OldState);
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.Equal(pair.First.NewState, pair.Second.OldState)); // no change is skipped or reordered
        Assert.Equal([KafkaStreamsState.Running, KafkaStreamsState.PendingShutdown, KafkaStreamsState.NotRunning], all.TakeLast(3).Select(c => c.NewState));
        Assert.Equal(KafkaStreamsState.NotRunning, a.State);
    }

    [Fact]
    public async Task Close_WithAThreadStuckInAProcessor_ReturnsFalseAtTheTimeout_AndFinishesWhenTheThreadDoes()
    {
        using var cluster = StartCluster();
        using var dir = new KafkaTestKit.TempDir();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var topology = RuntimeApps.Echo(v =>
        {
            entered.Set();
            release.Wait();
            return v;
        });
        KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 1));
        var streams = new KafkaStreams(topology, RuntimeApps.Config(cluster, "stuck-app", dir.Path));
        streams.Start();
        Assert.True(entered.Wait(Deadline), "the processor to be entered");

        Assert.False(await streams.CloseAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(KafkaStreamsState.PendingShutdown, streams.State);

        release.Set();
        Wait.Until(() => streams.State == KafkaStreamsState.NotRunning, Deadline, "the stuck thread to finish closing");
        Assert.True(await streams.CloseAsync(Deadline));
    }

    private static EmbeddedKafkaCluster StartCluster()
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("in", 4);
        cluster.CreateTopic("out", 4);
        return cluster;
    }
}
