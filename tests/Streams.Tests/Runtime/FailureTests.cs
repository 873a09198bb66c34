using Pulse.Streams.Dsl;
using Pulse.Streams.Errors;
using Pulse.Streams.State;
using Pulse.Streams.Testing;
using Pulse.Streams.Tests.TestSupport;
using Pulse.Streams.Serialization;

namespace Pulse.Streams.Tests.Runtime;

/// <summary>
/// At-least-once under failures: a crashed instance's tasks move to the survivor, which restores
/// them; a broker outage delays but loses nothing; poison records are skipped, dead-lettered, or
/// fail the instance, and a failed thread can be replaced.
/// </summary>
public class FailureTests
{
    private const int Partitions = 6;
    private const int Keys = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task KilledInstance_SurvivorTakesOverItsTasks_RestoresThem_AndLosesNothing()
    {
        using var cluster = StartCluster("in", "out", "counts");
        using var dirA = new KafkaTestKit.TempDir();
        using var dirB = new KafkaTestKit.TempDir();
        var restoredByB = new RestoreCounter();
        var configB = RuntimeApps.Config(cluster, "failure-app", dirB.Path);
        configB.StateRestoreListener = restoredByB;
        var a = new KafkaStreams(RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts"), echo: true), RuntimeApps.Config(cluster, "failure-app", dirA.Path));
        var b = new KafkaStreams(RuntimeApps.Counts(Stores.PersistentKeyValueStore("counts"), echo: true), configB);
        await using (a)
        await using (b)
        {
            a.Start();
            b.Start();
            Wait.Until(() => a.ActiveTasks.Count > 0 && b.ActiveTasks.Count > 0 && a.ActiveTasks.Count + b.ActiveTasks.Count == Partitions,
                Deadline, "the tasks to spread over both instances");
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 600, Keys));
            KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 600, Deadline);

            a.Kill();
            Assert.Equal(KafkaStreamsState.NotRunning, a.State);
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(600, 600, Keys));
            Wait.Until(() => b.ActiveTasks.Count == Partitions, Deadline, "the survivor to take every task once the killed member's session expires");

            var output = KafkaTestKit.ReadUntil(cluster, "out", r => RuntimeApps.Values(r).Distinct().Count() >= 1_200, Deadline);
            Assert.Empty(RuntimeApps.Ids(0, 1_200, Keys).Select(i => i.Value).Except(RuntimeApps.Values(output)));
            // Every key's count reaches its number of records: the moved tasks restored what the killed instance had counted.
            var counts = KafkaTestKit.ReadUntil(cluster, "counts", r => RuntimeApps.MaxCounts(r) is { Count: Keys } max && max.Values.All(c => c >= 100), Deadline);
            Assert.All(RuntimeApps.MaxCounts(counts).Values, c => Assert.InRange(c, 100, 200));
            Assert.True(restoredByB.Restored > 0, "the survivor restored the moved tasks from their changelogs");
        }
    }

    [Fact]
    public async Task BrokerDownAndUpDuringProcessing_LosesNothing()
    {
        using var cluster = StartCluster("in", "out");
        using var dir = new KafkaTestKit.TempDir();
        var streams = new KafkaStreams(RuntimeApps.Echo(), RuntimeApps.Config(cluster, "broker-down-app", dir.Path));
        await using (streams)
        {
            streams.Start();
            KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 300));
            KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 300, Deadline);

            cluster.SetBrokerDown(2);
            var producing = Task.Run(() => KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(300, 300))); // waits for broker 2's partitions
            bool outageFelt;
            try
            {
                KafkaTestKit.ReadUntil(cluster, "out", r => r.Count > 300, Deadline); // the other brokers' partitions go on
                outageFelt = !producing.IsCompleted;
            }
            finally
            {
                cluster.SetBrokerUp(2);
            }
            await producing;
            Assert.True(outageFelt, "input for broker 2's partitions waited for it");
            var output = KafkaTestKit.ReadUntil(cluster, "out", r => RuntimeApps.Values(r).Distinct().Count() >= 600, Deadline);
            Assert.Empty(RuntimeApps.Ids(0, 600).Select(i => i.Value).Except(RuntimeApps.Values(output)));
            Assert.NotEqual(KafkaStreamsState.Error, streams.State);
        }
    }

    [Fact]
    public async Task PoisonRecord_HandlerContinues_SkipsIt_AndDeadLettersItWithHeaders()
    {
        using var cluster = StartCluster("in", "out", "dlq");
        using var dir = new KafkaTestKit.TempDir();
        var config = RuntimeApps.Config(cluster, "poison-app", dir.Path);
        config.DeserializationExceptionHandler = new LogAndContinueExceptionHandler();
        config.DeadLetterQueueTopic = "dlq";
        ProduceWithPoison(cluster, poisonAt: [10, 50, 90]);

        var streams = new KafkaStreams(PoisonSensitiveEcho(), config);
        await using (streams)
        {
            streams.Start();
            var output = KafkaTestKit.ReadUntil(cluster, "out", r => r.Count >= 97, Deadline);
            Assert.DoesNotContain("poison", RuntimeApps.Values(output));
            var dead = KafkaTestKit.ReadUntil(cluster, "dlq", r => r.Count >= 3, Deadline);
            Assert.All(dead, d =>
            {
                Assert.Equal("poison", RuntimeApps.Text(d.Message.Value));
                Assert.Equal("in", d.Message.Headers.Text(DeadLetterHeaders.Topic));
                Assert.Equal(typeof(FormatException).FullName, d.Message.Headers.Text(DeadLetterHeaders.Exception));
                Assert.Equal("test", d.Message.Headers.Text("origin")); // the record's own headers come along
                Assert.True(long.TryParse(d.Message.Headers.Text(DeadLetterHeaders.Offset), out _));
            });
            Assert.Equal(KafkaStreamsState.Running, streams.State);
        }
    }

    [Fact]
    public async Task PoisonRecord_HandlerFails_PutsTheInstanceInError_WithTheFailure()
    {
        using var cluster = StartCluster("in", "out");
        using var dir = new KafkaTestKit.TempDir();
        ProduceWithPoison(cluster, poisonAt: [20]);
        var streams = new KafkaStreams(PoisonSensitiveEcho(), RuntimeApps.Config(cluster, "poison-app", dir.Path));
        var states = new StateRecorder(streams);
        await using (streams)
        {
            streams.Start();
            Wait.Until(() => streams.State == KafkaStreamsState.Error, Deadline, "the instance to fail");
            var failure = Assert.IsType<StreamsException>(streams.Failure);
            Assert.Contains("Deserialization failed", failure.Message, StringComparison.Ordinal);
            Assert.Contains("topic=in", failure.Message, StringComparison.Ordinal);
            Wait.Until(() => streams.Threads.Count == 0, Deadline, "the failed instance's threads to end");
        }
        Assert.Equal(KafkaStreamsState.Error, streams.State);
        Assert.Equal(KafkaStreamsState.Error, states.States[^1]);
    }

    [Fact]
    public async Task ThreadFailure_HandlerReplacesTheThread_WhichCarriesOnWithoutLoss()
    {
        using var cluster = StartCluster("in", "out");
        using var dir = new KafkaTestKit.TempDir();
        var thrown = 0;
        var failures = 0;
        var topology = RuntimeApps.Echo(v => v == "id-50" && Interlocked.Exchange(ref thrown, 1) == 0 ? throw new InvalidOperationException("once") : v);
        KafkaTestKit.Produce(cluster, "in", RuntimeApps.Ids(0, 100));
        var streams = new KafkaStreams(topology, RuntimeApps.Config(cluster, "replace-app", dir.Path))
        {
            UncaughtExceptionHandler = _ =>
            {
                Interlocked.Increment(ref failures);
                return StreamThreadExceptionResponse.ReplaceThread;
            },
        };
        await using (streams)
        {
            streams.Start();
            var output = KafkaTestKit.ReadUntil(cluster, "out", r => RuntimeApps.Values(r).Distinct().Count() >= 100, Deadline);
            Assert.Contains("id-50", RuntimeApps.Values(output));
            Wait.Until(() => streams.State == KafkaStreamsState.Running && streams.Threads.Count == 1, Deadline, "the replacement thread to run alone");
            Assert.Equal(1, streams.Threads[0].Index);
            Assert.Equal(1, failures);
            Assert.Null(streams.Failure);
        }
    }

    private static Topology PoisonSensitiveEcho()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String, FailingSerde.StringFailingToDeserialize("poison"))).To("out", Produced.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    private static void ProduceWithPoison(EmbeddedKafkaCluster cluster, int[] poisonAt)
    {
        using var producer = new Confluent.Kafka.ProducerBuilder<string, string>(new Confluent.Kafka.ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        for (var i = 0; i < 100; i++)
            producer.Produce("in", new Confluent.Kafka.Message<string, string>
            {
                Key = $"key-{i % Keys}",
                Value = poisonAt.Contains(i) ? "poison" : $"id-{i}",
                Headers = TestHeaders.Of(("origin", "test")),
            });
        Assert.Equal(0, producer.Flush(Deadline));
    }

    private static EmbeddedKafkaCluster StartCluster(params string[] topics)
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        foreach (var t in topics) cluster.CreateTopic(t, t == "dlq" ? 1 : Partitions);
        return cluster;
    }
}
